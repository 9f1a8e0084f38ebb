import type { OrderView } from '../../shared/order-view.js';

/**
 * Whether `incoming` should replace `current`. The event count only grows as a station folds more of
 * an order's events, so an older view arriving late (a reload crossing a push) never rolls one back.
 */
export function isNewerView(incoming: OrderView, current: OrderView | null | undefined): boolean {
  if (!current) return true;
  if (incoming.id !== current.id) return false;
  if (incoming.eventCount !== current.eventCount) return incoming.eventCount > current.eventCount;
  return incoming.lastHlc >= current.lastHlc;
}
