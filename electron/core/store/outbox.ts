import type { Clock } from '../../../shared/clock.js';
import { DomainEvent } from '../../../shared/events.js';
import type { Logger } from '../../../shared/logger.js';
import type { PushEventResult } from '../../../shared/sync/protocol.js';
import type { Db } from '../db/open-database.js';
import type { RecoverableCommit } from './recoverable-commit.js';
import type { StateEntry, StoreSettings } from './settings.js';

/** An outbox event as stored: its key for settling the push, its body's JSON text for the wire. */
export interface OutboxEvent {
  seq: number;
  id: string;
  json: string;
}

export interface DeadLetterRow {
  eventId: string;
  seq: number;
  orderId: string;
  type: string;
  reason: string;
  failedAt: number;
}

/** Unsynced orders are counted up to this many: a cashier needs "3", not "10,412". */
export const UNSYNCED_ORDERS_CAP = 1000;

type Row = { body: string };

export interface OutboxDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: StoreSettings;
  recoverable: RecoverableCommit;
}

/**
 * Own events waiting for the server (appends enqueue them), their acknowledgements, and the
 * dead letters the server refused for good.
 */
export class Outbox {
  private readonly statements;

  constructor(private readonly deps: OutboxDeps) {
    const { db } = deps;
    this.statements = {
      enqueue: db.prepare('INSERT INTO outbox (seq, event_id, enqueued_at) VALUES (?, ?, ?)'),
      outboxBatch: db.prepare<[number], Row>('SELECT e.body FROM outbox o JOIN events e ON e.id = o.event_id ORDER BY o.seq LIMIT ?'),
      outboxBatchAfter: db.prepare<[number, number], Row>(
        'SELECT e.body FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.seq > ? ORDER BY o.seq LIMIT ?',
      ),
      outboxStoredAfter: db.prepare<[number, number], OutboxEvent>(
        'SELECT o.seq AS seq, o.event_id AS id, e.body AS json FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.seq > ? ORDER BY o.seq LIMIT ?',
      ),
      // A whole batch of acknowledgements, [[seq, id], ...] as JSON, in one statement. By the outbox's
      // key, the seq; the id must match too, so a wrong acknowledgement removes nothing.
      dequeueMany: db.prepare<[string]>(
        "DELETE FROM outbox WHERE seq IN (SELECT o.seq FROM json_each(?) AS j JOIN outbox o ON o.seq = j.value ->> '$[0]' AND o.event_id = j.value ->> '$[1]')",
      ),
      deadLetter: db.prepare('INSERT OR REPLACE INTO dead_letters (event_id, seq, reason, failed_at) VALUES (?, ?, ?, ?)'),
      markAttempt: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq <= ?'),
      outboxStats: db.prepare<[], { depth: number; oldest: number | null }>(
        'SELECT count(*) AS depth, min(enqueued_at) AS oldest FROM outbox',
      ),
      // Stops after the cap: an exact count over an 80,000-event backlog would cost tens of ms per status read.
      outboxOrders: db.prepare<[number], { n: number }>(
        'SELECT count(*) AS n FROM (SELECT DISTINCT e.order_id FROM outbox o JOIN events e ON e.id = o.event_id LIMIT ?)',
      ),
      deadLetterCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dead_letters WHERE discarded_at IS NULL'),
      deadLetters: db.prepare<[number], DeadLetterRow>(
        `SELECT d.event_id AS eventId, d.seq, e.order_id AS orderId, e.type, d.reason, d.failed_at AS failedAt
         FROM dead_letters d JOIN events e ON e.id = d.event_id
         WHERE d.discarded_at IS NULL ORDER BY d.seq LIMIT ?`,
      ),
      liveDeadLetter: db.prepare<[string], { seq: number }>('SELECT seq FROM dead_letters WHERE event_id = ? AND discarded_at IS NULL'),
      undeadLetter: db.prepare('DELETE FROM dead_letters WHERE event_id = ?'),
      discardDeadLetter: db.prepare('UPDATE dead_letters SET discarded_at = ? WHERE event_id = ? AND discarded_at IS NULL'),
    };
  }

  /** The oldest unacknowledged own events, in seq order. */
  outboxBatch(limit: number): DomainEvent[] {
    return this.statements.outboxBatch.all(limit).map((row) => DomainEvent.parse(JSON.parse(row.body)));
  }

  /** Unacknowledged own events after `seq`: the next batch, read while the previous one is in flight. */
  outboxBatchAfter(seq: number, limit: number): DomainEvent[] {
    return this.statements.outboxBatchAfter.all(seq, limit).map((row) => DomainEvent.parse(JSON.parse(row.body)));
  }

  /**
   * Unacknowledged own events after `seq` (0: from the oldest) as stored, for the wire: each body was
   * validated when it was appended and is never changed, so it is sent as it is, not parsed again.
   */
  outboxStoredAfter(seq: number, limit: number): OutboxEvent[] {
    return this.statements.outboxStoredAfter.all(seq, limit);
  }

  /**
   * Settles a push: delivered events leave the outbox; permanently refused ones go to dead letters.
   * `state` (e.g. the last push time) is written in the same transaction: one commit per batch.
   */
  recordPushResults(results: readonly PushEventResult[], ...state: StateEntry[]): { delivered: number; deadLettered: number } {
    const { db, clock, logger, settings } = this.deps;
    const now = clock.now();
    return this.deps.recoverable(
      db.transaction(() => {
        for (const { key, value } of state) settings.setSyncState(key, value);
        let delivered = 0;
        let deadLettered = 0;
        for (const r of results) {
          if (r.status === 'rejected') {
            this.statements.deadLetter.run(r.id, r.seq, r.reason, now);
            deadLettered += 1;
            logger.error({ eventId: r.id, seq: r.seq, reason: r.reason }, 'event dead-lettered by server');
          } else {
            delivered += 1;
          }
        }
        if (results.length > 0) this.statements.dequeueMany.run(JSON.stringify(results.map((r) => [r.seq, r.id])));
        return { delivered, deadLettered };
      }),
    );
  }

  recordPushFailure(uptoSeq: number, message: string): void {
    this.statements.markAttempt.run(message.slice(0, 500), uptoSeq);
  }

  outboxStats(): { depth: number; orders: number; oldestEnqueuedAt: number | null; deadLetters: number } {
    const stats = this.statements.outboxStats.get();
    const depth = stats?.depth ?? 0;
    return {
      depth,
      // What a cashier counts: orders (at most UNSYNCED_ORDERS_CAP). Skipped when empty, the usual case.
      orders: depth === 0 ? 0 : (this.statements.outboxOrders.get(UNSYNCED_ORDERS_CAP)?.n ?? 0),
      oldestEnqueuedAt: stats?.oldest ?? null,
      deadLetters: this.statements.deadLetterCount.get()?.n ?? 0,
    };
  }

  listDeadLetters(limit = 200): DeadLetterRow[] {
    return this.statements.deadLetters.all(limit);
  }

  /** Puts a dead-lettered event back in the outbox (e.g. after a server fix); false if there is none. */
  replayDeadLetter(eventId: string): boolean {
    return this.deps.db.transaction(() => {
      const row = this.statements.liveDeadLetter.get(eventId);
      if (!row) return false;
      this.statements.undeadLetter.run(eventId);
      this.statements.enqueue.run(row.seq, eventId, this.deps.clock.now());
      return true;
    })();
  }

  /** Gives up on delivering a dead-lettered event; it stays in the local log and on record. */
  discardDeadLetter(eventId: string): boolean {
    return this.statements.discardDeadLetter.run(this.deps.clock.now(), eventId).changes > 0;
  }
}
