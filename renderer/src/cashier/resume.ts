import type { OrderView } from '../../../shared/order-view.js';

/** Where the cashier window remembers the order on screen; survives a reload and an app restart. */
export const CURRENT_ORDER_KEY = 'pos.cashier.currentOrder';

/** The subset of Web Storage used here, so tests pass a Map-backed stand-in. */
export type OrderMemory = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** An order the cart can carry on with: lines may still be added and it is not yet paid. */
export function isResumable(order: OrderView): boolean {
  return order.status === 'open' || order.status === 'placed';
}

/**
 * The order to put back on screen after a reload: the one this window remembered, if the station
 * still lists it as active and it can still be rung up. A paid, cancelled or vanished order is not
 * brought back: the cashier starts fresh rather than reopening something finished.
 */
export function orderToResume(rememberedId: string | null, active: readonly OrderView[]): OrderView | null {
  if (!rememberedId) return null;
  const order = active.find((o) => o.id === rememberedId);
  return order && isResumable(order) ? order : null;
}

export function readRememberedOrder(memory: OrderMemory): string | null {
  try {
    const id = memory.getItem(CURRENT_ORDER_KEY);
    return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
  } catch {
    // Storage can be disabled by policy; the cart still works, it just cannot resume.
    return null;
  }
}

/** Remembers the order on screen while it can be resumed; forgets it once paid, parked or closed. */
export function rememberOrder(memory: OrderMemory, order: OrderView | null): void {
  try {
    if (order && isResumable(order)) memory.setItem(CURRENT_ORDER_KEY, order.id);
    else memory.removeItem(CURRENT_ORDER_KEY);
  } catch {
    // See readRememberedOrder.
  }
}
