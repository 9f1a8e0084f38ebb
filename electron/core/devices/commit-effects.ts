import type { DomainEvent } from '../../../shared/events.js';
import type { OrderView } from '../../../shared/order-view.js';

/**
 * What the counter's own hardware does after one committed local write, read from the events it
 * appended and the order after it, whichever writer it was (IPC command, card saga, refund saga,
 * channel firing):
 * - `cash_sale`: cash settled the order: receipt, drawer, change on the display;
 * - `cash_part`: cash went in for a part that does not settle it: the drawer only;
 * - `card_sale`: a card capture settled the order: receipt, amount on the display;
 * - `channel_fired`: a web or mobile order's lines were sent to the kitchen: nothing at the counter;
 * - `refunded`: money went back to the customer: a REFUND slip per refund;
 * - `ring_up`: an order at the counter changed while open: the pole display shows it;
 * - `none`: anything else (a hold, a decline, a void, a split, the kitchen's taps).
 * Kitchen tickets are not the counter's: they print where their kitchen printer is, after any commit,
 * local or not (`kitchenTicketsDue` in kitchen-prints.ts).
 */
export type CommitEffect =
  | { kind: 'cash_sale' }
  | { kind: 'cash_part' }
  | { kind: 'card_sale' }
  | { kind: 'channel_fired'; ticketIds: string[] }
  | { kind: 'refunded'; refundIds: string[] }
  | { kind: 'ring_up' }
  | { kind: 'none' };

/** Money moving never shows as ringing up, even on an open order. */
const MONEY_EVENTS: ReadonlySet<string> = new Set([
  'PaymentAuthorized',
  'PaymentCaptured',
  'PaymentFailed',
  'PaymentVoided',
  'PaymentRefunded',
  'TenderSplit',
  'PaymentApprovedOffline',
  'OfflinePaymentForwarded',
  'OfflinePaymentDeclined',
  'OfflinePaymentExpired',
  'OfflinePaymentLossResolved',
]);

export function commitEffect(order: OrderView, events: readonly DomainEvent[]): CommitEffect {
  let cash = false;
  let card = false;
  let money = false;
  for (const event of events) {
    if (MONEY_EVENTS.has(event.type)) money = true;
    if (event.type === 'PaymentCaptured') {
      if (event.payload.method === 'cash') cash = true;
      else if (event.payload.method === 'card') card = true;
    }
    // Approved offline (gateway down) completes a card sale as a capture does: receipt, kitchen.
    if (event.type === 'PaymentApprovedOffline') card = true;
  }
  // A settling capture moves the order to paid in the same write (the order machine's `settled` guard).
  const settled = order.status === 'paid';
  if (cash) return { kind: settled ? 'cash_sale' : 'cash_part' };
  if (card) return settled ? { kind: 'card_sale' } : { kind: 'none' };
  const refundIds = events.flatMap((e) => (e.type === 'PaymentRefunded' ? [e.payload.refundId] : []));
  if (refundIds.length > 0) return { kind: 'refunded', refundIds };
  if (money) return { kind: 'none' };
  // A counter sale's tickets print once it is paid; a channel order's as soon as they are fired.
  if (order.channel !== 'counter' && events.length > 0 && events.every((e) => e.type === 'TicketFired')) {
    return { kind: 'channel_fired', ticketIds: events.flatMap((e) => (e.type === 'TicketFired' ? [e.payload.ticketId] : [])) };
  }
  if (order.status === 'open') return { kind: 'ring_up' };
  return { kind: 'none' };
}
