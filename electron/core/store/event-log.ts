import type { Clock } from '../../../shared/clock.js';
import { DomainEvent, type Actor, type NewEvent } from '../../../shared/events.js';
import { encodeHlc, tickHlc, type Hlc } from '../../../shared/hlc.js';
import { uuidv7, type RandomBytes } from '../../../shared/ids.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import type { Logger } from '../../../shared/logger.js';
import { extendFold, foldOrder, foldOrderResumable, versionVectorOf } from '../../../shared/order-fold.js';
import { ACTIVE_STATUSES, OrderView, type OrderStatus } from '../../../shared/order-view.js';
import type { Err, Ok } from '../../../shared/result.js';
import type { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Db } from '../db/open-database.js';
import type { Commit } from './commit-notice.js';
import type { LogPosition } from './log-position.js';
import type { CachedOrder, OrderCache } from './order-cache.js';
import type { StoreSettings } from './settings.js';

export type Decision = { ok: true; events: NewEvent[] } | Err<IpcError>;

/** What a write committed: the order after it and the events it appended. */
export interface Written {
  view: OrderView;
  events: DomainEvent[];
}
/**
 * A write's Result. The committed `view` and `events` are also kept beside `value`, where writers
 * written before the shared Result read them.
 */
export type WriteResult = (Ok<Written> & Written) | Err<IpcError>;

/** Bump when the fold changes what a view contains: projections are then rebuilt at startup. */
export const PROJECTION_VERSION = 4; // 3: guest details, approvers, refunds, item marks; 4: a repeated firing is no conflict

type Row = { body: string };

/** What an append transaction committed, with the counters and cache entry to adopt once it has. */
type Appended = { ok: true; view: OrderView; events: DomainEvent[]; seq: number; hlc: Hlc; order: CachedOrder } | Err<IpcError>;

export interface EventLogDeps {
  db: Db;
  origin: string;
  clock: Clock;
  /** Pooled: ids are drawn many per write. */
  random: RandomBytes;
  logger: Logger;
  position: LogPosition;
  cache: OrderCache;
  settings: StoreSettings;
  commits: ListenerSet<Commit>;
}

/**
 * The station's merge log and its projections: every local write appends events, enqueues them for
 * push and refreshes the order projection in one SQLite transaction, and is announced only after
 * the commit. Reads of orders and their events live here too.
 */
export class EventLog {
  private readonly statements;
  /**
   * The append transaction, wrapped once: better-sqlite3's `transaction()` builds four wrapper
   * functions each call, about 5 µs, which every append would otherwise pay.
   */
  private readonly appendTransaction: (orderId: string, actor: Actor, decide: (view: OrderView | undefined) => Decision) => Appended;

  constructor(private readonly deps: EventLogDeps) {
    const { db } = deps;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- better-sqlite3's transaction variants are standalone functions
    this.appendTransaction = db.transaction(this.decideAndAppend.bind(this)).immediate;
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
      deleteConflicts: db.prepare('DELETE FROM conflicts WHERE order_id = ?'),
      insertConflict: db.prepare('INSERT INTO conflicts (order_id, idx, rule, event_ids, outcome) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  /**
   * Re-folds every order when the stored projections were built by an older fold (after an
   * upgrade), in one transaction. Returns how many orders were re-folded (0 when up to date).
   */
  rebuildProjectionsIfStale(): number {
    const { settings } = this.deps;
    const stored = Number(settings.getSetting('projection_version') ?? '0');
    if (stored === PROJECTION_VERSION) return 0;
    return this.deps.db.transaction(() => {
      let rebuilt = 0;
      for (const { orderId } of this.statements.allOrderIds.all()) {
        const view = foldOrder(this.orderEvents(orderId));
        if (!view) continue;
        this.saveView(view);
        rebuilt += 1;
      }
      settings.setSetting('projection_version', String(PROJECTION_VERSION));
      return rebuilt;
    })();
  }

  newId(): string {
    return uuidv7(this.deps.clock.now(), this.deps.random);
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
      this.deps.cache.forget(orderId);
      throw error;
    }
    if (!appended.ok) return appended;
    // Committed: only now do the counters, the cache and the listeners see the new events.
    const { position, logger } = this.deps;
    position.localSeq = appended.seq;
    position.hlc = appended.hlc;
    this.deps.cache.remember(orderId, appended.order);
    const { view, events } = appended;
    for (const e of events) logger.info({ eventId: e.id, orderId, type: e.type, seq: e.seq }, 'event appended');
    // Listeners are isolated by the set: whatever they do, the write stands and is reported as written.
    this.deps.commits.emit({ source: 'local', order: view, events });
    return { ok: true, value: { view, events }, view, events };
  }

  /** The body of `write`'s transaction: what it committed, or the decision's refusal. */
  private decideAndAppend(orderId: string, actor: Actor, decide: (view: OrderView | undefined) => Decision): Appended {
    const { events: known, view: current, fold: resumable } = this.cachedOrder(orderId);
    const decision = decide(current);
    if (!decision.ok) return decision;
    const { origin, clock, position } = this.deps;
    let seq = position.localSeq;
    let hlc = position.hlc;
    const vv = resumable ? { ...resumable.vv } : versionVectorOf(known);
    const now = clock.now();
    const stamped: DomainEvent[] = [];
    for (const draft of decision.events) {
      seq += 1;
      hlc = tickHlc(hlc, now);
      // Built field by field rather than spread from the draft: an object made by spread takes zod
      // about twice as long to read (measured), and zod keeps only the schema's keys either way.
      const event = DomainEvent.parse({
        id: uuidv7(now, this.deps.random),
        orderId,
        origin,
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
      vv[origin] = seq;
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

  getOrder(orderId: string): OrderView | undefined {
    const row = this.statements.getView.get(orderId);
    return row ? OrderView.parse(JSON.parse(row.view)) : undefined;
  }

  listActive(): OrderView[] {
    return this.statements.activeViews.all().map((row) => OrderView.parse(JSON.parse(row.view)));
  }

  /** Every order with events in the local log (projected or still waiting for its opening event). */
  listOrderIds(): string[] {
    return this.statements.allOrderIds.all().map((row) => row.orderId);
  }

  orderEvents(orderId: string): DomainEvent[] {
    return this.statements.orderEvents.all(orderId).map((row) => DomainEvent.parse(JSON.parse(row.body)));
  }

  /** The order's stored events, taking the just-inserted `added` as they are instead of re-parsing them. */
  orderEventsWith(orderId: string, added: readonly DomainEvent[]): DomainEvent[] {
    const fresh = new Map(added.map((event) => [event.id, event]));
    return this.statements.orderEventRows.all(orderId).map((row) => fresh.get(row.id) ?? DomainEvent.parse(JSON.parse(row.body)));
  }

  /** Stores an event unless its id is already held; true when it was new. Inside the caller's transaction. */
  insert(event: DomainEvent, isLocal: boolean, now: number): boolean {
    const { id, orderId, origin, seq, hlc, type, v } = event;
    const info = this.statements.insertEvent.run(id, orderId, origin, seq, hlc, type, v, JSON.stringify(event), isLocal ? 1 : 0, now);
    return info.changes > 0;
  }

  /**
   * `mayHaveConflictRows`: false only when the replaced projection is known to have none.
   * `storedStatus`: the status of the stored projection, when known; unchanged, its index is not touched
   * (one page less to write and sync per append).
   */
  saveView(view: OrderView, mayHaveConflictRows = true, storedStatus?: OrderStatus): void {
    if (mayHaveConflictRows) this.statements.deleteConflicts.run(view.id);
    const json = JSON.stringify(view);
    if (storedStatus === view.status) this.statements.updateViewBody.run(view.lastHlc, json, view.id);
    else this.statements.upsertView.run(view.id, view.status, view.ticketNumber, view.openedAt, view.lastHlc, json);
    view.conflicts.forEach((c, index) => this.statements.insertConflict.run(view.id, index, c.rule, JSON.stringify(c.eventIds), c.outcome));
  }

  private cachedOrder(orderId: string): CachedOrder {
    const cached = this.deps.cache.get(orderId);
    if (cached) return cached;
    const events = this.orderEvents(orderId);
    const fold = foldOrderResumable(events);
    return { events, view: fold?.view, fold };
  }
}
