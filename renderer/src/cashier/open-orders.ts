import type { OrderView } from '../../../shared/order-view.js';

/** Statuses the counter works with from the open orders list: parked drafts, sent tabs, paid orders to refund or hand over. */
const LISTED: ReadonlySet<OrderView['status']> = new Set(['open', 'placed', 'paid']);

/**
 * The orders a cashier may pick up again, oldest first (the table waiting longest is on top): this
 * station's counter orders, and web/mobile/kiosk orders, which are collected (and may be paid) at any
 * counter. Empty drafts are left out: a draft whose every line was voided is nothing to recall. Other
 * stations' counter orders belong to their own tills.
 */
export function stationOrders(orders: readonly OrderView[], stationId: string | null): OrderView[] {
  return orders
    .filter((o) => LISTED.has(o.status) && (o.channel !== 'counter' || stationId === null || o.openedBy === stationId))
    .filter((o) => o.lines.length > 0)
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.ticketNumber - b.ticketNumber));
}

export const orderStatusLabel: Partial<Record<OrderView['status'], string>> = {
  open: 'Not sent',
  placed: 'Sent to kitchen',
  paid: 'Paid',
};
