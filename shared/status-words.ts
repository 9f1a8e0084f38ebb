import type { OrderStatus } from './order-view.js';

/** An order's status as staff say it, for messages like "Order #12 is already paid". */
const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  open: 'open',
  placed: 'sent to the kitchen',
  paid: 'paid',
  completed: 'completed',
  cancel_requested: 'being cancelled',
  cancelled: 'cancelled',
  refund_pending: 'cancelled, with a refund due',
  refunded: 'refunded',
};

export function orderStatusWords(status: OrderStatus): string {
  return ORDER_STATUS_WORDS[status];
}
