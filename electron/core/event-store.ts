import type { Clock } from '../../shared/clock.js';
import { compareEvents, DomainEvent, type Actor, type NewEvent } from '../../shared/events.js';
import { decodeHlc, encodeHlc, HLC_ZERO, receiveHlc, tickHlc, type Hlc } from '../../shared/hlc.js';
import { uuidv7, type RandomBytes } from '../../shared/ids.js';
import type { IpcError } from '../../shared/ipc/contract.js';
import type { Logger } from '../../shared/logger.js';
import { extendFold, foldOrder, foldOrderResumable, versionVectorOf, type ResumableFold } from '../../shared/order-fold.js';
import { ACTIVE_STATUSES, OrderView, type OrderStatus } from '../../shared/order-view.js';
import type { PushEventResult } from '../../shared/sync/protocol.js';
import type { Db } from './db/open-database.js';

export type Decision = { ok: true; events: NewEvent[] } | { ok: false; error: IpcError };
export type WriteResult = { ok: true; view: OrderView; events: DomainEvent[] } | { ok: false; error: IpcError };

export interface EventStoreDeps {
  db: Db;
  origin: string;
  clock: Clock;
  random: RandomBytes;
  logger: Logger;
  /** Remote clocks further ahead than this do not drag our HLC forward. */
  maxClockDriftMs: number;
}

type Row = { body: string };

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
/** Bump when the fold changes what a view contains: projections are then rebuilt at startup. */
export const PROJECTION_VERSION = 3; // 3: guest details, approvers, refunds, item marks
const RECENT_ORDER_CACHE = 256;
/** Unsynced orders are counted up to this many: a cashier needs "3", not "10,412". */
export const UNSYNCED_ORDERS_CAP = 1000;
/** Settings holding the local seq and HLC as they stood at the last compaction that deleted events. */
const COMPACTED_SEQ_KEY = 'compacted_local_seq';
const COMPACTED_HLC_KEY = 'compacted_hlc';
/** PRAGMA synchronous level 1: in WAL mode, commits are consistent but wait for no fsync. */
const SYNCHRONOUS_NORMAL = 1;
/**
 * WAL pages a recoverable commit lets pile up before it checkpoints (local writes keep the
 * connection's 1,000). A checkpoint fsyncs twice; at 1,000 pages a 100,000-event catch-up paid
 * some 25 of them on a busy disk, a third of the pulling station's time. The next local write
 * checkpoints what is left, and the WAL file keeps its size, so later cycles do not regrow it.
 */
const RECOVERABLE_CHECKPOINT_PAGES = 10_000;
/** Random bytes drawn from the source at a time: 256 ids' worth per call instead of one. */
const RANDOM_POOL_BYTES = 4096;

/**
 * An order as last committed: its parsed events, their view (undefined until it is opened) and the
 * fold to go on from, so the next events in merge order are folded alone instead of with all before.
 */
interface CachedOrder {
  events: readonly DomainEvent[];
  view: OrderView | undefined;
  fold?: ResumableFold | undefined;
}

/** What an append transaction committed, with the counters and cache entry to adopt once it has. */
type Appended =
  | { ok: true; view: OrderView; events: DomainEvent[]; seq: number; hlc: Hlc; order: CachedOrder }
  | { ok: false; error: IpcError };

/**
 * Serves small random reads from a larger buffer filled by `source`. Each draw from a CSPRNG has a
 * fixed cost (Node's own randomUUID pools for the same reason); ids need unique bytes, not a call each.
 */
function pooledRandom(source: RandomBytes, poolBytes = RANDOM_POOL_BYTES): RandomBytes {
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return (n) => {
    if (n > poolBytes) return source(n);
    if (offset + n > pool.length) {
      pool = source(poolBytes);
      offset = 0;
    }
    const bytes = pool.slice(offset, offset + n);
    offset += n;
    return bytes;
  };
}

/**
 * The station's merge log. Every write appends events, enqueues them for push and refreshes the
 * order projection in one SQLite transaction; listeners hear about it only after the commit.
 */
export class EventStore {
  private localSeq: number;
  private hlc: Hlc;
  private readonly listeners = new Set<(view: OrderView) => void>();
  /**
   * Parsed events and the fold of recently touched orders. Every write goes through this store, so
   * the cache is updated after each commit and never disagrees with the database; it saves
   * re-parsing the events and re-folding the order a command decides on.
   */
  private readonly recentOrders = new Map<string, CachedOrder>();
  private readonly statements;
  private readonly random: RandomBytes;
  /**
   * The append transaction, wrapped once: better-sqlite3's `transaction()` builds four wrapper
   * functions each call, about 5 µs, which every append would otherwise pay.
   */
  private readonly appendTransaction: (orderId: string, actor: Actor, decide: (view: OrderView | undefined) => Decision) => Appended;
  /** The connection's synchronous level for local writes (FULL as opened), restored after each recoverable commit. */
  private readonly durableSynchronous: number;
  /** The connection's checkpoint threshold for local writes, restored after each recoverable commit. */
  private readonly durableCheckpointPages: number;

  constructor(private readonly deps: EventStoreDeps) {
    const { db } = deps;
    this.random = pooledRandom(deps.random);
    this.appendTransaction = db.transaction(this.decideAndAppend.bind(this)).immediate;
    this.durableSynchronous = db.pragma('synchronous', { simple: true }) as number;
    this.durableCheckpointPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.statements = {
      orderEvents: db.prepare<[string], Row>('SELECT body FROM events WHERE order_id = ?'),
      orderEventRows: db.prepare<[string], { id: string; body: string }>('SELECT id, body FROM events WHERE order_id = ?'),
      // Positional parameters in the write path: binding by name costs a property lookup per parameter.
      insertEvent: db.prepare<[string, string, string, number, string, string, number, string, 0 | 1, number]>(
        `INSERT OR IGNORE INTO events (id, order_id, origin, seq, hlc, type, v, body, is_local, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      enqueue: db.prepare('INSERT INTO outbox (seq, event_id, enqueued_at) VALUES (?, ?, ?)'),
      upsertView: db.prepare<[string, string, number, string, string, string]>(
        `INSERT INTO order_view (order_id, status, ticket_number, opened_at, last_hlc, view)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, last_hlc = excluded.last_hlc, view = excluded.view`,
      ),
      // Leaves status alone: SQLite rewrites an index entry whenever its column is SET, even to the same value.
      updateViewBody: db.prepare<[string, string, string]>('UPDATE order_view SET last_hlc = ?, view = ? WHERE order_id = ?'),
      getView: db.prepare<[string], { view: string }>('SELECT view FROM order_view WHERE order_id = ?'),
      activeViews: db.prepare<[], { view: string }>(
        `SELECT view FROM order_view WHERE status IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')}) ORDER BY opened_at LIMIT 500`,
      ),
      allOrderIds: db.prepare<[], { orderId: string }>('SELECT DISTINCT order_id AS orderId FROM events'),
      outboxBatch: db.prepare<[number], Row>(
        'SELECT e.body FROM outbox o JOIN events e ON e.id = o.event_id ORDER BY o.seq LIMIT ?',
      ),
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
      deleteConflicts: db.prepare('DELETE FROM conflicts WHERE order_id = ?'),
      insertConflict: db.prepare('INSERT INTO conflicts (order_id, idx, rule, event_ids, outcome) VALUES (?, ?, ?, ?, ?)'),
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
      deleteOrderEvents: db.prepare('DELETE FROM events WHERE order_id = ?'),
      deleteView: db.prepare('DELETE FROM order_view WHERE order_id = ?'),
      getState: db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?'),
      setState: db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    // Both counters are derived from the log itself, so they can never disagree with it after a crash;
    // compaction records where they stood when it deleted events, so they never go back (a reused seq
    // would be refused by the server as a seq conflict).
    const maxSeq = db.prepare<[string], { s: number | null }>('SELECT max(seq) AS s FROM events WHERE origin = ?').get(deps.origin);
    this.localSeq = Math.max(maxSeq?.s ?? 0, Number(this.getSetting(COMPACTED_SEQ_KEY) ?? '0'));
    const maxHlc = db.prepare<[], { h: string | null }>('SELECT max(hlc) AS h FROM events').get();
    const floorHlc = this.getSetting(COMPACTED_HLC_KEY);
    const hlc = [maxHlc?.h, floorHlc].filter((h): h is string => typeof h === 'string').sort().at(-1);
    this.hlc = hlc ? decodeHlc(hlc) : HLC_ZERO;
  }

  /**
   * Re-folds every order when the stored projections were built by an older fold (after an
   * upgrade), in one transaction. Returns how many orders were re-folded (0 when up to date).
   */
  rebuildProjectionsIfStale(): number {
    const stored = Number(this.getSetting('projection_version') ?? '0');
    if (stored === PROJECTION_VERSION) return 0;
    return this.deps.db.transaction(() => {
      let rebuilt = 0;
      for (const { orderId } of this.statements.allOrderIds.all()) {
        const view = foldOrder(this.orderEvents(orderId));
        if (!view) continue;
        this.saveView(view);
        rebuilt += 1;
      }
      this.setSetting('projection_version', String(PROJECTION_VERSION));
      return rebuilt;
    })();
  }

  get origin(): string {
    return this.deps.origin;
  }

  /** The seq of this station's newest committed own event (or where compaction left it). */
  get lastOwnSeq(): number {
    return this.localSeq;
  }

  onOrderChanged(listener: (view: OrderView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  newId(): string {
    return uuidv7(this.deps.clock.now(), this.random);
  }

  /**
   * Decides and appends atomically: `decide` sees the order as committed and its events are
   * stamped (id, seq, hlc, vv), stored, enqueued and folded in the same transaction.
   */
  write(orderId: string, actor: Actor, decide: (view: OrderView | undefined) => Decision): WriteResult {
    let appended: Appended;
    try {
      appended = this.appendTransaction(orderId, actor, decide);
    } catch (error) {
      // Rolled back, but the cached fold may have moved on with events that were never stored.
      this.recentOrders.delete(orderId);
      throw error;
    }
    if (!appended.ok) return appended;
    // Committed: only now do the counters, the cache and the listeners see the new events.
    this.localSeq = appended.seq;
    this.hlc = appended.hlc;
    this.remember(orderId, appended.order);
    for (const e of appended.events) this.deps.logger.info({ eventId: e.id, orderId, type: e.type, seq: e.seq }, 'event appended');
    this.emit(appended.view);
    return { ok: true, view: appended.view, events: appended.events };
  }

  /** The body of `write`'s transaction: what it committed, or the decision's refusal. */
  private decideAndAppend(orderId: string, actor: Actor, decide: (view: OrderView | undefined) => Decision): Appended {
    const { events: known, view: current, fold: resumable } = this.cachedOrder(orderId);
    const decision = decide(current);
    if (!decision.ok) return decision;
    let seq = this.localSeq;
    let hlc = this.hlc;
    const vv = resumable ? { ...resumable.vv } : versionVectorOf(known);
    const now = this.deps.clock.now();
    const stamped: DomainEvent[] = [];
    for (const draft of decision.events) {
      seq += 1;
      hlc = tickHlc(hlc, now);
      // Built field by field rather than spread from the draft: an object made by spread takes zod
      // about twice as long to read (measured), and zod keeps only the schema's keys either way.
      const event = DomainEvent.parse({
        id: uuidv7(now, this.random),
        orderId,
        origin: this.deps.origin,
        seq,
        hlc: encodeHlc(hlc),
        vv: { ...vv },
        actor,
        type: draft.type,
        v: draft.v,
        payload: draft.payload,
      });
      this.insert(event, true, now);
      this.statements.enqueue.run(seq, event.id, now);
      vv[this.deps.origin] = seq;
      stamped.push(event);
    }
    const events = [...known, ...stamped];
    // Own events sort after everything this station has seen (their HLC ticks past it), so the
    // order's fold usually goes on from where it was; `extendFold` checks and says when it cannot.
    const fold = (resumable && extendFold(resumable, stamped)) ?? foldOrderResumable(events);
    const view = fold?.view;
    if (!view) throw new Error(`order ${orderId} has no opening event after a write`);
    // No projection before (a new order) or one without conflicts: no conflict rows to clear.
    this.saveView(view, current !== undefined && current.conflicts.length > 0, current?.status);
    return { ok: true, view, events: stamped, seq, hlc, order: { events, view, fold } };
  }

  /**
   * Applies events pulled from the server: deduped by id, affected orders re-folded, and the pull
   * cursor advanced, all in one transaction, so a crash either keeps the whole page or re-pulls it.
   */
  applyRemote(
    events: readonly DomainEvent[],
    cursor?: { key: string; value: number },
    ...state: { key: string; value: string }[]
  ): { inserted: number; changed: OrderView[] } {
    let hlc = this.hlc;
    let ownSeq = this.localSeq;
    const run = this.deps.db.transaction(() => {
      const now = this.deps.clock.now();
      /** The events this page added, per order: appended to a cached order instead of re-reading it. */
      const affected = new Map<string, DomainEvent[]>();
      let inserted = 0;
      for (const event of events) {
        if (!this.insert(event, false, now)) continue;
        inserted += 1;
        // Our own event we did not hold (this station's database was restored or replaced): our
        // next write must not reuse its seq, which the server would refuse as a conflict.
        if (event.origin === this.deps.origin && event.seq > ownSeq) ownSeq = event.seq;
        const added = affected.get(event.orderId);
        if (added) added.push(event);
        else affected.set(event.orderId, [event]);
        const merged = receiveHlc(hlc, decodeHlc(event.hlc), now, this.deps.maxClockDriftMs);
        if (merged.ok) hlc = merged.hlc;
        else this.deps.logger.warn({ eventId: event.id, origin: event.origin, reason: merged.reason }, 'remote clock ignored');
      }
      if (cursor) this.statements.setState.run(cursor.key, String(cursor.value));
      for (const { key, value } of state) this.statements.setState.run(key, value);
      const changed: OrderView[] = [];
      const refreshed = new Map<string, CachedOrder>();
      // Each affected order is folded once per page, however many of its events the page holds.
      for (const [orderId, added] of affected) {
        const cached = this.recentOrders.get(orderId);
        const events = cached ? [...cached.events, ...added] : this.orderEventsWith(orderId, added);
        // A catch-up brings an order's events after the ones held, mostly: its fold goes on from there.
        const fold = (cached?.fold && extendFold(cached.fold, [...added].sort(compareEvents))) ?? foldOrderResumable(events);
        const view = fold?.view;
        refreshed.set(orderId, { events, view, fold });
        // An order whose opening event has not arrived yet stays unprojected until it does.
        if (view) {
          this.saveView(view);
          changed.push(view);
        }
      }
      return { inserted, changed, refreshed };
    });
    let applied: ReturnType<typeof run.immediate>;
    try {
      applied = this.recoverable(() => run.immediate());
    } catch (error) {
      // Rolled back, but cached folds may have moved on with events that were never stored.
      this.recentOrders.clear();
      throw error;
    }
    const { refreshed, ...result } = applied;
    this.hlc = hlc;
    this.localSeq = ownSeq;
    for (const [orderId, order] of refreshed) this.remember(orderId, order);
    for (const view of result.changed) this.emit(view);
    return result;
  }

  getOrder(orderId: string): OrderView | undefined {
    const row = this.statements.getView.get(orderId);
    return row ? OrderView.parse(JSON.parse(row.view)) : undefined;
  }

  listActive(): OrderView[] {
    return this.statements.activeViews.all().map((row) => OrderView.parse(JSON.parse(row.view)));
  }

  private cachedOrder(orderId: string): CachedOrder {
    const cached = this.recentOrders.get(orderId);
    if (cached) return cached;
    const events = this.orderEvents(orderId);
    const fold = foldOrderResumable(events);
    return { events, view: fold?.view, fold };
  }

  private remember(orderId: string, order: CachedOrder): void {
    this.recentOrders.delete(orderId);
    this.recentOrders.set(orderId, order);
    // Insertion order makes the first key the least recently written order.
    if (this.recentOrders.size > RECENT_ORDER_CACHE) this.recentOrders.delete(this.recentOrders.keys().next().value!);
  }

  /** Every order with events in the local log (projected or still waiting for its opening event). */
  listOrderIds(): string[] {
    return this.statements.allOrderIds.all().map((row) => row.orderId);
  }

  /** The order's stored events, taking the just-inserted `added` as they are instead of re-parsing them. */
  private orderEventsWith(orderId: string, added: readonly DomainEvent[]): DomainEvent[] {
    const fresh = new Map(added.map((event) => [event.id, event]));
    return this.statements.orderEventRows.all(orderId).map((row) => fresh.get(row.id) ?? DomainEvent.parse(JSON.parse(row.body)));
  }

  orderEvents(orderId: string): DomainEvent[] {
    return this.statements.orderEvents.all(orderId).map((row) => DomainEvent.parse(JSON.parse(row.body)));
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
  recordPushResults(results: readonly PushEventResult[], ...state: { key: string; value: string }[]): { delivered: number; deadLettered: number } {
    const now = this.deps.clock.now();
    return this.recoverable(this.deps.db.transaction(() => {
      for (const { key, value } of state) this.statements.setState.run(key, value);
      let delivered = 0;
      let deadLettered = 0;
      for (const r of results) {
        if (r.status === 'rejected') {
          this.statements.deadLetter.run(r.id, r.seq, r.reason, now);
          deadLettered += 1;
          this.deps.logger.error({ eventId: r.id, seq: r.seq, reason: r.reason }, 'event dead-lettered by server');
        } else {
          delivered += 1;
        }
      }
      if (results.length > 0) this.statements.dequeueMany.run(JSON.stringify(results.map((r) => [r.seq, r.id])));
      return { delivered, deadLettered };
    }));
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

  listConflicts(limit = 200): ConflictRow[] {
    return this.statements.conflicts.all(limit);
  }

  /**
   * Drops closed orders whose last event is older than the retention and that are fully delivered
   * (nothing in the outbox or dead letters). Bounds the database to the orders of the retention
   * window plus whatever is still unsent.
   */
  compact(retentionMs: number): { orders: number; events: number } {
    const cutoff = encodeHlc({ wallMs: Math.max(0, this.deps.clock.now() - retentionMs), counter: 0 });
    return this.deps.db.transaction(() => {
      let orders = 0;
      let events = 0;
      for (const status of CLOSED_STATUSES) {
        for (const { orderId } of this.statements.compactable.all({ status, cutoff, origin: this.deps.origin })) {
          events += this.statements.deleteOrderEvents.run(orderId).changes;
          this.recentOrders.delete(orderId);
          this.statements.deleteView.run(orderId);
          orders += 1;
        }
      }
      if (events > 0) {
        this.setSetting(COMPACTED_SEQ_KEY, String(this.localSeq));
        this.setSetting(COMPACTED_HLC_KEY, encodeHlc(this.hlc));
      }
      return { orders, events };
    })();
  }

  getSyncState(key: string): string | undefined {
    return this.statements.getState.get(key)?.value;
  }

  setSyncState(key: string, value: string): void {
    this.statements.setState.run(key, value);
  }

  /** Several sync-state keys in one transaction: one durable commit instead of one per key. */
  setSyncStates(entries: readonly { key: string; value: string }[]): void {
    if (entries.length === 0) return;
    this.recoverable(
      this.deps.db.transaction(() => {
        for (const { key, value } of entries) this.statements.setState.run(key, value);
      }),
    );
  }

  /**
   * Commits a transaction whose loss in a power cut costs nothing, without waiting for the disk
   * (synchronous=NORMAL; WAL keeps the database consistent either way): pulled events move with
   * their cursor and are pulled again; a lost acknowledgement re-pushes events the server answers
   * as duplicates; sync bookkeeping is rewritten by the next round. A process crash loses none of
   * it (the OS holds the write), and the next local write's fsync makes it durable too, because the
   * WAL is written in order. Local writes, money among them, keep the connection's FULL.
   */
  private recoverable<T>(transaction: () => T): T {
    const { db } = this.deps;
    if (this.durableSynchronous <= SYNCHRONOUS_NORMAL) return transaction();
    db.pragma(`synchronous = ${SYNCHRONOUS_NORMAL}`);
    db.pragma(`wal_autocheckpoint = ${Math.max(this.durableCheckpointPages, RECOVERABLE_CHECKPOINT_PAGES)}`);
    try {
      return transaction();
    } finally {
      db.pragma(`synchronous = ${this.durableSynchronous}`);
      db.pragma(`wal_autocheckpoint = ${this.durableCheckpointPages}`);
    }
  }

  getSetting(key: string): string | undefined {
    return this.statements.getSetting.get(key)?.value;
  }

  setSetting(key: string, value: string): void {
    this.statements.setSetting.run(key, value);
  }

  private insert(event: DomainEvent, isLocal: boolean, now: number): boolean {
    const { id, orderId, origin, seq, hlc, type, v } = event;
    const info = this.statements.insertEvent.run(id, orderId, origin, seq, hlc, type, v, JSON.stringify(event), isLocal ? 1 : 0, now);
    return info.changes > 0;
  }

  /**
   * `mayHaveConflictRows`: false only when the replaced projection is known to have none.
   * `storedStatus`: the status of the stored projection, when known; unchanged, its index is not touched
   * (one page less to write and sync per append).
   */
  private saveView(view: OrderView, mayHaveConflictRows = true, storedStatus?: OrderStatus): void {
    if (mayHaveConflictRows) this.statements.deleteConflicts.run(view.id);
    const json = JSON.stringify(view);
    if (storedStatus === view.status) this.statements.updateViewBody.run(view.lastHlc, json, view.id);
    else this.statements.upsertView.run(view.id, view.status, view.ticketNumber, view.openedAt, view.lastHlc, json);
    view.conflicts.forEach((c, index) =>
      this.statements.insertConflict.run(view.id, index, c.rule, JSON.stringify(c.eventIds), c.outcome),
    );
  }

  private emit(view: OrderView): void {
    for (const listener of this.listeners) {
      try {
        listener(view);
      } catch (error) {
        this.deps.logger.error({ orderId: view.id, err: error }, 'order change listener failed');
      }
    }
  }
}
