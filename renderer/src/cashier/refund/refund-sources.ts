import { IN_FLIGHT_REFUND_STATES, type RefundAttemptView } from '../../../../shared/ipc/commands/payments.js';
import type { OrderView } from '../../../../shared/order-view.js';

/** Where refunded money can come from: one card payment (back to that card), or the order's cash. */
export type RefundSource =
  { kind: 'card'; paymentId: string; refundableMinor: number; label: string } | { kind: 'cash'; refundableMinor: number; label: string };

const IN_FLIGHT: readonly string[] = IN_FLIGHT_REFUND_STATES;

/**
 * What a paid order can still give back, by source. Card money goes back to the card it came from
 * (one refund per card payment), less what a card refund still in flight is giving back (the core
 * counts it too); cash from the drawer, across the order's cash payments.
 */
export function refundSources(
  order: OrderView,
  formatMoney: (minor: number) => string,
  cardRefunds: readonly RefundAttemptView[] = [],
): RefundSource[] {
  const pending = (paymentId: string) =>
    cardRefunds.filter((r) => r.paymentId === paymentId && IN_FLIGHT.includes(r.state)).reduce((sum, r) => sum + r.amountMinor, 0);
  const left = (p: OrderView['payments'][number]) =>
    p.amountMinor + p.tipMinor - p.refundedMinor - (p.method === 'card' ? pending(p.paymentId) : 0);
  const taken = order.payments.filter((p) => (p.status === 'captured' || p.status === 'refunded') && left(p) > 0);
  // Approved offline, not forwarded yet: refunded by voiding the stored payment, and only whole (the core refuses a part).
  const stored = order.payments.filter((p) => p.status === 'offline_approved' && left(p) > 0);
  const cards = [...taken.filter((p) => p.method === 'card'), ...stored].map((p, index, all): RefundSource => ({
    kind: 'card',
    paymentId: p.paymentId,
    refundableMinor: left(p),
    label:
      `Card${all.length > 1 ? ` ${index + 1}` : ''} — ${formatMoney(left(p))} refundable` +
      (p.status === 'offline_approved' ? ' in full (approved offline, not forwarded yet: it is voided)' : ''),
  }));
  const cash = taken.filter((p) => p.method === 'cash').reduce((sum, p) => sum + left(p), 0);
  return cash > 0 ? [...cards, { kind: 'cash', refundableMinor: cash, label: `Cash — ${formatMoney(cash)} refundable` }] : cards;
}

/** The amount to suggest: what the store owes (a cancelled paid order), else everything the source took. */
export function suggestedRefund(order: OrderView, source: RefundSource): number {
  return order.refundDueMinor > 0 ? Math.min(order.refundDueMinor, source.refundableMinor) : source.refundableMinor;
}

export function sourceKey(source: RefundSource): string {
  return source.kind === 'card' ? `card:${source.paymentId}` : 'cash';
}
