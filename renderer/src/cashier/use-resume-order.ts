import { useEffect, useState } from 'react';
import type { OrderView } from '../../../shared/order-view.js';
import type { CartActorRef } from './cart-machine.js';
import { orderToResume, readRememberedOrder, rememberOrder } from './resume.js';

/**
 * Brings the order on screen back after a reload or an app restart, and remembers it while it can
 * be resumed. `active` is the orders read model, filled by `orders.listActive` after each connect.
 */
export function useResumeOrder(
  cart: CartActorRef,
  current: { order: OrderView | null; idle: boolean },
  active: readonly OrderView[],
): void {
  const { order, idle } = current;
  // Read once, before anything can overwrite it: the order this window had on screen before a reload.
  const [pending, setPending] = useState(() => readRememberedOrder(window.localStorage));

  useEffect(() => {
    if (!pending || !idle || order) return;
    const resumable = orderToResume(pending, active);
    if (resumable) {
      cart.send({ type: 'RECALL', order: resumable });
      setPending(null);
    }
  }, [pending, idle, order, active, cart]);

  // Until a pending resume is settled, the empty cart of a fresh page must not erase what it will resume.
  useEffect(() => {
    if (pending && !order) return;
    if (order && pending) setPending(null);
    rememberOrder(window.localStorage, order);
  }, [order, pending]);
}
