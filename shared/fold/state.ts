import type {
  CardDetails,
  ChosenModifier,
  CurrentEvent,
  DiscountAmount,
  DiscountTarget,
  EventOf,
  LineMeasure,
  PaymentMethod,
} from '../events.js';
import type { OrderState } from '../machines/order-machine.js';
import type { PaymentState } from '../machines/payment-machine.js';
import type { TicketState } from '../machines/ticket-machine.js';
import { priceOrder, type OrderPrice } from '../money/pricing.js';
import type { LineTax } from '../money/tax.js';
import type { ConflictView, WasteView } from '../order-view.js';

export interface LineState {
  lineId: string;
  itemId: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  kitchenStation: string | undefined;
  modifiers: ChosenModifier[];
  tax: LineTax;
  note: string | undefined;
  measure: LineMeasure | undefined;
  voided: { reason: string; by: EventOf<'LineVoided'> } | undefined;
  added: CurrentEvent;
  /** The add or the latest change: a change that did not see it is a concurrent edit. */
  lastEdit: CurrentEvent;
  ticketId: string | undefined;
}

export interface TicketRecord {
  ticketId: string;
  station: string;
  lineIds: string[];
  state: TicketState;
  fired: CurrentEvent;
  firedAt: string;
  /** A cook acknowledged the cancellation: whatever races in later is not brought back. */
  acknowledged: boolean;
  voidedLineIds: string[];
  /** Lines marked done (TicketLineDone, or all of them by a bump); undone by TicketLineUndone. */
  doneLineIds: Set<string>;
  /** The latest start/ready and bump: what a cancel or a recall must have seen. */
  lastProgress: CurrentEvent | undefined;
  lastBump: CurrentEvent | undefined;
  /** Every recall asked for, including repeats: a bump that did not see one of them loses to it. */
  recalls: CurrentEvent[];
  /** The cancel request that stopped it. */
  cancelledBy: CurrentEvent | undefined;
}

export interface PaymentRecord {
  paymentId: string;
  method: PaymentMethod;
  state: PaymentState;
  amountMinor: number;
  tipMinor: number;
  refundedMinor: number;
  roundingMinor: number;
  changeMinor: number;
  tenderedMinor: number | undefined;
  splitPartId: string | undefined;
  captured: CurrentEvent | undefined;
  /** From the authorization: brand, last four, auth code for the receipt. */
  card: CardDetails | undefined;
  /** Approved offline: the terminal's reference of the stored payment, and why it was lost if it was. */
  offline?:
    | { terminalRef: string; lostReason: string | undefined; resolved?: { note: string; approvedBy: string | undefined } | undefined }
    | undefined;
}

export interface DiscountRecord {
  discountId: string;
  target: DiscountTarget;
  amount: DiscountAmount;
  reason: string;
}

/** Everything the fold tracks while walking the merge log; turned into an OrderView at the end. */
export interface FoldState {
  opening: EventOf<'OrderOpened'>;
  status: OrderState;
  orderType: EventOf<'OrderOpened'>['payload']['orderType'];
  note: string | undefined;
  /** Guest details: the opening's name until an OrderGuestSet replaces or clears it. */
  tableNumber: string | undefined;
  customerName: string | undefined;
  /** The OrderGuestSet that last wrote each field: a set that did not see it is a concurrent edit. */
  guestEdits: { tableNumber?: EventOf<'OrderGuestSet'>; customerName?: EventOf<'OrderGuestSet'> };
  lines: Map<string, LineState>;
  activeLineCount: number;
  discounts: Map<string, DiscountRecord>;
  removedDiscounts: Set<string>;
  tickets: Map<string, TicketRecord>;
  /**
   * Firings the order refused, by ticket id, with what they carried (`firingContent`): the same firing
   * from a second station is refused for the same reason and is not a second conflict.
   */
  refusedFirings: Map<string, string>;
  payments: Map<string, PaymentRecord>;
  refundIds: Set<string>;
  /** Refunds the fold accepted, in merge order: who gave money back, who approved it, why. */
  refunds: EventOf<'PaymentRefunded'>[];
  splitParts: { partId: string; amountMinor: number }[];
  /** Captured amounts counted toward the total; the excess is `overpaidMinor`. */
  appliedMinor: number;
  overpaidMinor: number;
  /** Approved offline, then declined at forwarding or expired (amount + tip): owed to the store. */
  lostMinor: number;
  /** Of `lostMinor`: what a manager marked as dealt with (it stays lost; it is no longer outstanding). */
  resolvedLostMinor: number;
  tipMinor: number;
  refundedMinor: number;
  roundingMinor: number;
  changeMinor: number;
  anyCapture: boolean;
  cancelRequest: EventOf<'OrderCancelRequested'> | undefined;
  /** The capture that took the order to paid. */
  settledBy: CurrentEvent | undefined;
  waste: WasteView[];
  conflicts: ConflictView[];
  price: OrderPrice | undefined;
}

export function initialState(opening: EventOf<'OrderOpened'>): FoldState {
  return {
    opening,
    status: 'open',
    orderType: opening.payload.orderType,
    note: undefined,
    tableNumber: undefined,
    customerName: opening.payload.customerName,
    guestEdits: {},
    lines: new Map(),
    activeLineCount: 0,
    discounts: new Map(),
    removedDiscounts: new Set(),
    tickets: new Map(),
    refusedFirings: new Map(),
    payments: new Map(),
    refundIds: new Set(),
    refunds: [],
    splitParts: [],
    appliedMinor: 0,
    overpaidMinor: 0,
    lostMinor: 0,
    resolvedLostMinor: 0,
    tipMinor: 0,
    refundedMinor: 0,
    roundingMinor: 0,
    changeMinor: 0,
    anyCapture: false,
    cancelRequest: undefined,
    settledBy: undefined,
    waste: [],
    conflicts: [],
    price: undefined,
  };
}

export function activeLines(s: FoldState): LineState[] {
  const out: LineState[] = [];
  for (const line of s.lines.values()) if (!line.voided) out.push(line);
  return out;
}

/** Prices lazily: edits only mark the price stale, so a long order is priced when money needs it. */
export function currentPrice(s: FoldState): OrderPrice {
  if (!s.price) s.price = priceOrder(activeLines(s), [...s.discounts.values()]);
  return s.price;
}

export function repriced(s: FoldState): void {
  s.price = undefined;
  settleMoney(s);
}

/**
 * Keeps `appliedMinor ≤ total`: when the total drops below what was already captured (a void after
 * a partial payment), the difference becomes overpaid (change owed); when it grows again, overpaid
 * money is applied first. Runs after every change to the total or to captured money.
 */
export function settleMoney(s: FoldState): void {
  if (!s.anyCapture) return;
  const total = currentPrice(s).totalMinor;
  if (s.appliedMinor > total) {
    s.overpaidMinor += s.appliedMinor - total;
    s.appliedMinor = total;
  } else if (s.appliedMinor < total && s.overpaidMinor > 0) {
    const move = Math.min(s.overpaidMinor, total - s.appliedMinor);
    s.overpaidMinor -= move;
    s.appliedMinor += move;
  }
}

/** Money captured or approved offline (amounts and tips), not refunded and not lost after the sale. */
export function moneyHeld(s: FoldState): number {
  return s.appliedMinor + s.overpaidMinor + s.tipMinor - s.refundedMinor - s.lostMinor;
}

export const BUSY_TICKET: ReadonlySet<TicketState> = new Set(['in_progress', 'ready', 'recalled']);

export function busyTickets(s: FoldState): TicketRecord[] {
  const out: TicketRecord[] = [];
  for (const t of s.tickets.values()) if (BUSY_TICKET.has(t.state)) out.push(t);
  return out;
}

export function awaitingKitchen(s: FoldState): boolean {
  for (const t of s.tickets.values()) if (t.state === 'cancel_pending') return true;
  return false;
}

/** What a TicketFired carries besides its id: two firings with the same id and content are one decision. */
export function firingContent(station: string, lineIds: readonly string[]): string {
  return JSON.stringify([station, lineIds]);
}
