import type { OrderView } from '../../../shared/order-view.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';

/** Most recent first; a till rarely has more than a handful waiting. */
const LIMIT = 100;

/**
 * Orders whose cancellation still needs someone: cancel requested (the kitchen must acknowledge) or
 * refund pending (cancelled with money taken). Refund-pending orders are not "active", so windows
 * that reload would otherwise lose sight of money the store owes.
 */
export function createRefundsDue(db: Db, store: EventStore): () => OrderView[] {
  const ids = db.prepare<[number], { order_id: string }>(
    "SELECT order_id FROM order_view WHERE status IN ('refund_pending', 'cancel_requested') ORDER BY opened_at DESC LIMIT ?",
  );
  return () =>
    ids.all(LIMIT).flatMap((row) => {
      const order = store.getOrder(row.order_id);
      return order ? [order] : [];
    });
}
