import { decodeHlc } from '../../../shared/hlc.js';
import type { OrderView } from '../../../shared/order-view.js';

export const orderStatusLabel: Partial<Record<OrderView['status'], string>> = {
  open: 'Not sent',
  placed: 'Sent to kitchen',
  paid: 'Paid',
};

/** How long the guest has waited, as the counter says it: "just now", "4 min", "1 h 05 min". */
export function orderAge(order: OrderView, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - decodeHlc(order.openedAt).wallMs) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Kitchen work the guest is not waiting for any more: made, bumped, or nothing to make. */
const DONE_TICKET: ReadonlySet<OrderView['tickets'][number]['status']> = new Set(['ready', 'bumped', 'cancelled']);

/** Paid and nothing left in the kitchen: ready to hand over (a coffee with no kitchen ticket is ready at once). */
export function isReadyToHandOver(order: OrderView): boolean {
  return order.status === 'paid' && order.tickets.every((ticket) => DONE_TICKET.has(ticket.status));
}
