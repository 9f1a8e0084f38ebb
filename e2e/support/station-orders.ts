import type { OrderView } from '../../shared/order-view.js';
import type { Station } from '../../electron/core/station.js';

let requests = 0;

/** Calls a command as a window of `role` would, through the station's one dispatch; fails the test on a refusal. */
export async function invoke<T>(station: Station, role: 'cashier' | 'kitchen', command: string, args: unknown): Promise<T> {
  const result = await station.dispatch(role, command, args, `e2e-${++requests}`);
  if (!result.ok) throw new Error(`${command} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/**
 * Rings up the items at the counter and takes exact cash: the order is paid and its kitchen lines go
 * out as tickets, as if a cashier had done it in the cashier window.
 */
export interface SaleItem {
  itemId: string;
  quantity?: number;
  note?: string;
  modifiers?: { groupId: string; optionIds: string[] }[];
}

export async function sellForCash(station: Station, items: readonly SaleItem[]): Promise<OrderView> {
  let order: OrderView | undefined;
  for (const item of items) {
    order = await invoke<OrderView>(station, 'cashier', 'order.addLine', { ...(order ? { orderId: order.id } : {}), ...item });
  }
  if (!order) throw new Error('sellForCash needs at least one item');
  const paid = await invoke<{ order: OrderView }>(station, 'cashier', 'order.payCash', {
    orderId: order.id,
    tenderedMinor: order.dueMinor,
  });
  return paid.order;
}
