import { z } from 'zod';
import { CatalogItemId } from './catalog.js';
import {
  Actor,
  CardDetails,
  Channel,
  ChosenModifier,
  DiscountAmount,
  DiscountTarget,
  LineId,
  LineMeasure,
  OrderId,
  OrderType,
  OriginId,
  PaymentMethod,
} from './events.js';
import { ORDER_STATES } from './machines/order-machine.js';
import { PAYMENT_STATES } from './machines/payment-machine.js';
import { TICKET_STATES } from './machines/ticket-machine.js';
import { CurrencyCode, MinorUnits } from './money.js';
import { LineTax } from './money/tax.js';

/**
 * `open` is the draft and `paid` the paid order, as before the lifecycle grew; the rest follow
 * the order machine (docs/order-lifecycle.md).
 */
export const OrderStatus = z.enum(ORDER_STATES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Statuses a counter or kitchen still works on: the active list shows these. */
export const ACTIVE_STATUSES: readonly OrderStatus[] = ['open', 'placed', 'paid', 'cancel_requested'];

export const OrderLineView = z.object({
  lineId: LineId,
  itemId: CatalogItemId,
  name: z.string(),
  quantity: z.int(),
  unitPriceMinor: MinorUnits,
  /** quantity × (unit price + modifiers), before discounts. */
  totalMinor: MinorUnits,
  kitchenStation: z.string().optional(),
  modifiers: z.array(ChosenModifier),
  tax: LineTax,
  note: z.string().optional(),
  measure: LineMeasure.optional(),
  /** Line discounts plus this line's share of order discounts. */
  discountMinor: MinorUnits,
  /** What the line costs after discounts (tax-excluded items add tax on top). */
  netMinor: MinorUnits,
  /** The kitchen ticket this line went out on. */
  ticketId: z.string().optional(),
});
export type OrderLineView = z.infer<typeof OrderLineView>;

export const VoidedLineView = z.object({
  lineId: LineId,
  itemId: CatalogItemId,
  name: z.string(),
  quantity: z.int(),
  totalMinor: MinorUnits,
  reason: z.string(),
  ticketId: z.string().optional(),
  /** Who voided it, and when (HLC); absent only in views stored before the fold recorded them. */
  voidedBy: Actor.optional(),
  voidedAt: z.string().optional(),
  /** The manager (staff id) who approved the void, when it needed approval. */
  approvedBy: z.string().optional(),
});
export type VoidedLineView = z.infer<typeof VoidedLineView>;

export const DiscountView = z.object({
  discountId: z.string(),
  target: DiscountTarget,
  amount: DiscountAmount,
  reason: z.string(),
  /** What it actually took off, after caps. */
  appliedMinor: MinorUnits,
});
export type DiscountView = z.infer<typeof DiscountView>;

export const TaxBandView = z.object({ ratePpm: z.int(), included: z.boolean(), baseMinor: MinorUnits, taxMinor: MinorUnits });
export type TaxBandView = z.infer<typeof TaxBandView>;

export const PaymentView = z.object({
  paymentId: z.string(),
  method: PaymentMethod,
  status: z.enum(PAYMENT_STATES),
  amountMinor: MinorUnits,
  tipMinor: MinorUnits,
  refundedMinor: MinorUnits,
  roundingMinor: z.int(),
  changeMinor: MinorUnits,
  tenderedMinor: MinorUnits.optional(),
  splitPartId: z.string().optional(),
  /** Card payments: what the terminal reported for the receipt (brand, last four, auth code). */
  card: CardDetails.optional(),
  /** Approved offline (store and forward): the terminal's reference, and why it was lost after the sale if it was. */
  offline: z
    .object({
      terminalRef: z.string(),
      lostReason: z.string().optional(),
      /** A manager marked the loss as dealt with (collected another way or written off), with a note. */
      resolved: z.object({ note: z.string(), approvedBy: z.string().optional() }).optional(),
    })
    .optional(),
});
export type PaymentView = z.infer<typeof PaymentView>;

/** Money given back, one per PaymentRefunded the fold accepted: the audit trail of refunds. */
export const RefundView = z.object({
  refundId: z.string(),
  paymentId: z.string(),
  amountMinor: MinorUnits,
  reason: z.string(),
  refundedBy: Actor,
  /** HLC of the refund event. */
  refundedAt: z.string(),
  /** The manager (staff id) who approved it. */
  approvedBy: z.string().optional(),
});
export type RefundView = z.infer<typeof RefundView>;

/** The cancellation request that took the order out of its normal course. */
export const CancellationView = z.object({
  reason: z.string(),
  requestedBy: Actor,
  /** HLC of the request. */
  requestedAt: z.string(),
  /** The manager (staff id) who approved it, when the order had taken money. */
  approvedBy: z.string().optional(),
});
export type CancellationView = z.infer<typeof CancellationView>;

export const SplitPartView = z.object({ partId: z.string(), amountMinor: MinorUnits, paidMinor: MinorUnits });

export const TicketView = z.object({
  ticketId: z.string(),
  station: z.string(),
  status: z.enum(TICKET_STATES),
  lineIds: z.array(z.string()),
  /** Lines voided after the ticket was fired: the KDS strikes them through. */
  voidedLineIds: z.array(z.string()),
  /**
   * Lines a cook marked done, in ticket order; every line once the ticket is bumped. Views stored
   * before per-line marks existed have none (there were no such events to fold).
   */
  doneLineIds: z.array(z.string()).default([]),
  firedAt: z.string(),
  /** The KDS flashes CANCELLED until a cook acknowledges. */
  flashCancelled: z.boolean(),
});
export type TicketView = z.infer<typeof TicketView>;

/** Food made and thrown away because of a cancellation or a void after the kitchen started. */
export const WasteView = z.object({ ticketId: z.string(), lineId: z.string(), name: z.string(), quantity: z.int() });
export type WasteView = z.infer<typeof WasteView>;

/**
 * A conflict the fold met and how the arbiter resolved it; shown to people, never silently dropped.
 * `eventIds[0]` is the event that was resolved, the rest are the events it conflicted with.
 */
export const ConflictView = z.object({
  rule: z.string(),
  eventIds: z.array(z.string()),
  outcome: z.string(),
});
export type ConflictView = z.infer<typeof ConflictView>;

const OrderViewObject = z.object({
  id: OrderId,
  status: OrderStatus,
  channel: Channel,
  orderType: OrderType,
  currency: CurrencyCode,
  ticketNumber: z.int(),
  openedBy: OriginId,
  /** HLC of the opening event: when the order started, as every replica agrees. */
  openedAt: z.string(),
  channelOrderKey: z.string().optional(),
  /** The table served (dine-in), set by OrderGuestSet. */
  tableNumber: z.string().optional(),
  /** Called out at the pass or written on the bag: from the opening, then OrderGuestSet. */
  customerName: z.string().optional(),
  note: z.string().optional(),
  lines: z.array(OrderLineView),
  voidedLines: z.array(VoidedLineView),
  discounts: z.array(DiscountView),
  /** Σ line totals before discounts. */
  subtotalMinor: MinorUnits,
  discountMinor: MinorUnits,
  taxes: z.array(TaxBandView),
  /** All tax in the total, included and added. */
  taxMinor: MinorUnits,
  /** What the customer owes for the goods: nets plus tax added on top. */
  totalMinor: MinorUnits,
  tipMinor: MinorUnits,
  /** Captured money counted toward the total, plus tips: never more than total + tips. */
  paidMinor: MinorUnits,
  dueMinor: MinorUnits,
  changeMinor: MinorUnits,
  /** Σ cash rounding: collected − settled. */
  cashRoundingMinor: z.int(),
  /** Captured beyond the total (concurrent tenders); owed back. */
  overpaidMinor: MinorUnits,
  refundedMinor: MinorUnits,
  /** Money the store still owes the customer. */
  refundDueMinor: MinorUnits,
  /**
   * Present when a card payment approved offline was declined when forwarded, or expired: the
   * order is "payment declined after the sale" and this much is owed to the store.
   */
  outstandingMinor: MinorUnits.positive().optional(),
  payments: z.array(PaymentView),
  /** Accepted refunds in merge order; absent when there are none (and in views stored before they were listed). */
  refunds: z.array(RefundView).optional(),
  /** Absent unless a cancellation was requested. */
  cancellation: CancellationView.optional(),
  splitParts: z.array(SplitPartView),
  tickets: z.array(TicketView),
  waste: z.array(WasteView),
  /** Distinct events folded: two replicas with the same count and lastHlc folded the same log. */
  eventCount: z.int(),
  lastHlc: z.string(),
  /** Highest seq folded per origin: the `vv` the next event about this order carries. */
  vv: z.record(z.string(), z.int()),
  conflicts: z.array(ConflictView),
});

/**
 * Projections stored by the first release (before discounts, tax, payments and tickets) lack most
 * fields; they are filled with what that release meant (no tax, no discounts, due = total − paid) so
 * a station reads its old `order_view` rows after an upgrade. Re-folding the order's events gives
 * the full view; current views pass through untouched.
 */
export function upgradeStoredView(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || 'subtotalMinor' in raw) return raw;
  const v = raw as Record<string, unknown>;
  const num = (key: string) => (typeof v[key] === 'number' ? v[key] : 0);
  const lines = Array.isArray(v['lines'])
    ? v['lines'].map((line: unknown) => {
        if (typeof line !== 'object' || line === null) return line;
        const l = line as Record<string, unknown>;
        return { modifiers: [], tax: { ratePpm: 0, included: true }, discountMinor: 0, netMinor: l['totalMinor'], ...l };
      })
    : v['lines'];
  const total = num('totalMinor');
  const paid = num('paidMinor');
  return {
    voidedLines: [],
    discounts: [],
    subtotalMinor: total,
    discountMinor: 0,
    taxes: [],
    taxMinor: 0,
    tipMinor: 0,
    dueMinor: v['status'] === 'open' ? Math.max(0, total - paid) : 0,
    cashRoundingMinor: 0,
    overpaidMinor: 0,
    refundedMinor: 0,
    refundDueMinor: 0,
    payments: [],
    splitParts: [],
    tickets: [],
    waste: [],
    vv: {},
    ...v,
    lines,
  };
}

export const OrderView = z.preprocess(upgradeStoredView, OrderViewObject);
export type OrderView = z.infer<typeof OrderViewObject>;
