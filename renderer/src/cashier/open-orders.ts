import type { OrderView } from '../../../shared/order-view.js';

export const orderStatusLabel: Partial<Record<OrderView['status'], string>> = {
  open: 'Not sent',
  placed: 'Sent to kitchen',
  paid: 'Paid',
};
