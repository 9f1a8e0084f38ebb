import type { OrderView } from '../../../../shared/order-view.js';
import { isNewerView } from '../../order-version.js';

/** Statuses where a cancellation still needs the counter: the kitchen's acknowledgement, or a refund. */
const NEEDS_ATTENTION: ReadonlySet<OrderView['status']> = new Set(['cancel_requested', 'refund_pending']);

export function needsAttention(order: OrderView): boolean {
  return NEEDS_ATTENTION.has(order.status);
}

/** Folds a pushed view into the list: newer views replace, settled orders leave, newest first. */
export function mergeCancellation(list: readonly OrderView[], order: OrderView): OrderView[] {
  const current = list.find((o) => o.id === order.id);
  if (current && !isNewerView(order, current)) return [...list];
  const rest = list.filter((o) => o.id !== order.id);
  return needsAttention(order) ? [order, ...rest].sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0)) : rest;
}

const CHANNEL_NAMES: Record<string, string> = { counter: 'the counter', web: 'the web shop', mobile: 'the mobile app', kiosk: 'a kiosk' };

/** One line about where the cancellation stands, for the cashier. */
export function cancellationSummary(order: OrderView, money: (minor: number) => string): string {
  const from = CHANNEL_NAMES[order.channel] ?? order.channel;
  const waiting = order.tickets.filter((t) => t.flashCancelled || t.status === 'cancel_pending').length;
  if (order.status === 'cancel_requested') {
    return `Cancelled from ${from} while the kitchen was working on it — ${waiting > 0 ? 'waiting for the kitchen to acknowledge' : 'confirm the cancellation'}`;
  }
  return `Cancelled from ${from} — refund of ${money(order.refundDueMinor)} due`;
}
