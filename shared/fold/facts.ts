import { stepOrder, type OrderEventType, type OrderFacts } from '../machines/index.js';
import type { OrderState } from '../machines/order-machine.js';
import { priceOrder } from '../money/pricing.js';
import { awaitingKitchen, busyTickets, currentPrice, moneyHeld, type DiscountRecord, type FoldState, type LineState } from './state.js';

/** A fact the event already knows, or how to compute it: guards evaluate only what they read. */
export type FactPatch = { [K in keyof OrderFacts]?: boolean | (() => boolean) };

const read = (value: boolean | (() => boolean) | undefined, fallback: () => boolean): boolean =>
  value === undefined ? fallback() : typeof value === 'function' ? value() : value;

/**
 * Facts as they stand; each event overrides what it changes ("after" values). Lazy, with getters on
 * the prototype: a LineAdded in an open order only ever reads `hasLines`, so nothing is priced and
 * no ticket is scanned, and no per-event closures are allocated.
 */
class LazyFacts implements OrderFacts {
  constructor(
    private readonly s: FoldState,
    private readonly patch: FactPatch,
  ) {}

  get hasLines(): boolean {
    return read(this.patch.hasLines, () => this.s.activeLineCount > 0);
  }
  get settled(): boolean {
    const s = this.s;
    return read(this.patch.settled, () => s.activeLineCount > 0 && s.anyCapture && s.appliedMinor >= currentPrice(s).totalMinor);
  }
  get nothingDue(): boolean {
    return read(this.patch.nothingDue, () => this.s.activeLineCount > 0 && currentPrice(this.s).totalMinor === 0);
  }
  get kitchenBusy(): boolean {
    return read(this.patch.kitchenBusy, () => busyTickets(this.s).length > 0);
  }
  get moneyHeld(): boolean {
    return read(this.patch.moneyHeld, () => moneyHeld(this.s) > 0);
  }
  get awaitingKitchen(): boolean {
    return read(this.patch.awaitingKitchen, () => awaitingKitchen(this.s));
  }
  get splitMatchesDue(): boolean {
    return read(this.patch.splitMatchesDue, () => false);
  }
}

const NO_PATCH: FactPatch = {};

export function orderFacts(s: FoldState, patch: FactPatch = NO_PATCH): OrderFacts {
  return new LazyFacts(s, patch);
}

/**
 * Whether captured money would cover the total after an edit to lines or discounts. Only priced when
 * money was captured: an unpaid order cannot become settled by an edit.
 */
export function settledAfterEdit(
  s: FoldState,
  edit: () => { lines: readonly LineState[]; discounts: readonly DiscountRecord[] },
): () => boolean {
  return () => {
    if (!s.anyCapture) return false;
    const { lines, discounts } = edit();
    return lines.length > 0 && s.appliedMinor + s.overpaidMinor >= priceOrder(lines, discounts).totalMinor;
  };
}

export function nextOrderState(s: FoldState, type: OrderEventType, patch: FactPatch = NO_PATCH): OrderState | undefined {
  return stepOrder(s.status, { type, facts: orderFacts(s, patch) });
}

/** Applies an arbiter-only order event; a no-op where the machine has no such transition. */
export function arbiterOrderEvent(s: FoldState, type: 'arbiter.refundOwed' | 'arbiter.kitchenStartedLate'): void {
  const next = nextOrderState(s, type);
  if (next) s.status = next;
}
