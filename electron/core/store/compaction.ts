import type { Clock } from '../../../shared/clock.js';
import { encodeHlc } from '../../../shared/hlc.js';
import type { OrderStatus } from '../../../shared/order-view.js';
import type { Db } from '../db/open-database.js';
import { COMPACTED_HLC_KEY, COMPACTED_SEQ_KEY, type LogPosition } from './log-position.js';
import type { OrderCache } from './order-cache.js';
import type { StoreSettings } from './settings.js';

export interface ConflictRow {
  orderId: string;
  ticketNumber: number;
  rule: string;
  /** JSON array of event ids. */
  eventIds: string;
  outcome: string;
}

/**
 * Orders in these states are finished: once synced and older than the retention, they may be
 * compacted. Never `refund_pending` or `cancel_requested`: someone still owes something.
 */
const CLOSED_STATUSES: readonly OrderStatus[] = ['paid', 'completed', 'cancelled', 'refunded'];

export interface CompactionDeps {
  db: Db;
  origin: string;
  clock: Clock;
  position: LogPosition;
  cache: OrderCache;
  settings: StoreSettings;
}

/** The merge conflicts the fold recorded, and the retention that drops finished, delivered orders. */
export class Compaction {
  private readonly statements;

  constructor(private readonly deps: CompactionDeps) {
    const { db } = deps;
    this.statements = {
      conflicts: db.prepare<[number], ConflictRow>(
        `SELECT c.order_id AS orderId, v.ticket_number AS ticketNumber, c.rule, c.event_ids AS eventIds, c.outcome
         FROM conflicts c JOIN order_view v ON v.order_id = c.order_id ORDER BY v.last_hlc DESC, c.idx LIMIT ?`,
      ),
      compactable: db.prepare<{ status: string; cutoff: string; origin: string }, { orderId: string }>(
        `SELECT v.order_id AS orderId FROM order_view v
         WHERE v.status = @status AND v.last_hlc < @cutoff
           AND NOT EXISTS (SELECT 1 FROM events e JOIN outbox o ON o.seq = e.seq WHERE e.order_id = v.order_id AND e.origin = @origin)
           AND NOT EXISTS (SELECT 1 FROM events e JOIN dead_letters d ON d.event_id = e.id WHERE e.order_id = v.order_id)
         LIMIT 1000`,
      ),
      // Peers count version vectors from these floors: a compacted seq is not a gap to fill.
      raiseFloors: db.prepare(
        `INSERT INTO origin_floors (origin, floor) SELECT origin, max(seq) FROM events WHERE order_id = ? GROUP BY origin
         ON CONFLICT (origin) DO UPDATE SET floor = max(floor, excluded.floor)`,
      ),
      deleteOrderEvents: db.prepare('DELETE FROM events WHERE order_id = ?'),
      deleteView: db.prepare('DELETE FROM order_view WHERE order_id = ?'),
    };
  }

  listConflicts(limit = 200): ConflictRow[] {
    return this.statements.conflicts.all(limit);
  }

  /**
   * Drops closed orders whose last event is older than the retention and that are fully delivered
   * (nothing in the outbox or dead letters). Bounds the database to the orders of the retention
   * window plus whatever is still unsent.
   */
  compact(retentionMs: number): { orders: number; events: number } {
    const { db, origin, clock, position, cache, settings } = this.deps;
    const cutoff = encodeHlc({ wallMs: Math.max(0, clock.now() - retentionMs), counter: 0 });
    return db.transaction(() => {
      let orders = 0;
      let events = 0;
      for (const status of CLOSED_STATUSES) {
        for (const { orderId } of this.statements.compactable.all({ status, cutoff, origin })) {
          this.statements.raiseFloors.run(orderId);
          events += this.statements.deleteOrderEvents.run(orderId).changes;
          cache.forget(orderId);
          this.statements.deleteView.run(orderId);
          orders += 1;
        }
      }
      // The counters must never go back once the events that held them are gone.
      if (events > 0) {
        settings.setSetting(COMPACTED_SEQ_KEY, String(position.localSeq));
        settings.setSetting(COMPACTED_HLC_KEY, encodeHlc(position.hlc));
      }
      return { orders, events };
    })();
  }
}
