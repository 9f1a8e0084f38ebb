import type { OrderView, TicketView } from './order-view.js';

/** Statuses the counter works with from the open orders list: parked drafts, sent tabs, paid orders to refund or hand over. */
const LISTED: ReadonlySet<OrderView['status']> = new Set(['open', 'placed', 'paid']);

/**
 * The orders a cashier may pick up again, oldest first (the table waiting longest is on top): this
 * station's counter orders, and web/mobile/kiosk orders, which are collected (and may be paid) at any
 * counter. Empty drafts are left out: a draft whose every line was voided is nothing to recall. Other
 * stations' counter orders belong to their own tills. The shift close counts the same orders as open.
 */
export function stationOrders(orders: readonly OrderView[], stationId: string | null): OrderView[] {
  return orders
    .filter((o) => LISTED.has(o.status) && (o.channel !== 'counter' || stationId === null || o.openedBy === stationId))
    .filter((o) => o.lines.length > 0)
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.ticketNumber - b.ticketNumber));
}

/** A ticket the kitchen still has on its screen: sent and not yet bumped, or a cancellation nobody acknowledged. */
const LIVE_TICKET: ReadonlySet<TicketView['status']> = new Set(['queued', 'in_progress', 'ready', 'recalled', 'cancel_pending']);

export function isLiveTicket(ticket: TicketView): boolean {
  return LIVE_TICKET.has(ticket.status);
}

/**
 * What is still under way when a shift closes: orders of this counter not paid yet (drafts, sent tabs)
 * and kitchen tickets still on a screen. Paid orders waiting to be handed over are settled money: they
 * count only through their live tickets.
 */
export function openWork(orders: readonly OrderView[], stationId: string): { openOrders: number; liveKitchenTickets: number } {
  const own = orders.filter((o) => o.channel !== 'counter' || o.openedBy === stationId);
  return {
    openOrders: stationOrders(orders, stationId).filter((o) => o.status !== 'paid').length,
    liveKitchenTickets: own.reduce((sum, o) => sum + o.tickets.filter(isLiveTicket).length, 0),
  };
}
