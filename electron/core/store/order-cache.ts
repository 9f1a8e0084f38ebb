import type { DomainEvent } from '../../../shared/events.js';
import type { ResumableFold } from '../../../shared/order-fold.js';
import type { OrderView } from '../../../shared/order-view.js';

const RECENT_ORDER_CACHE = 256;

/**
 * An order as last committed: its parsed events, their view (undefined until it is opened) and the
 * fold to go on from, so the next events in merge order are folded alone instead of with all before.
 */
export interface CachedOrder {
  events: readonly DomainEvent[];
  view: OrderView | undefined;
  fold?: ResumableFold | undefined;
}

/**
 * Parsed events and the fold of recently touched orders. Every write goes through the store, so
 * the cache is updated after each commit and never disagrees with the database; it saves
 * re-parsing the events and re-folding the order a command decides on.
 */
export class OrderCache {
  private readonly orders = new Map<string, CachedOrder>();

  get(orderId: string): CachedOrder | undefined {
    return this.orders.get(orderId);
  }

  remember(orderId: string, order: CachedOrder): void {
    this.orders.delete(orderId);
    this.orders.set(orderId, order);
    // Insertion order makes the first key the least recently written order.
    if (this.orders.size > RECENT_ORDER_CACHE) this.orders.delete(this.orders.keys().next().value!);
  }

  forget(orderId: string): void {
    this.orders.delete(orderId);
  }

  clear(): void {
    this.orders.clear();
  }
}
