import type { Clock } from '../../shared/clock.js';
import type { Actor, DomainEvent } from '../../shared/events.js';
import { receiveHlc, tickHlc, type Hlc } from '../../shared/hlc.js';
import type { RandomBytes } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { OrderView } from '../../shared/order-view.js';
import type { PushEventResult } from '../../shared/sync/protocol.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import type { Db } from './db/open-database.js';
import { changedOrders, type Commit } from './store/commit-notice.js';
import { Compaction, type ConflictRow } from './store/compaction.js';
import { EventLog, type Decision, type WriteResult } from './store/event-log.js';
import { readLogPosition, type LogPosition } from './store/log-position.js';
import { OrderCache } from './store/order-cache.js';
import { Outbox, type DeadLetterRow, type OutboxEvent } from './store/outbox.js';
import { pooledRandom } from './store/random-pool.js';
import { recoverableCommit } from './store/recoverable-commit.js';
import { RemoteApply } from './store/remote-apply.js';
import { StoreSettings, type StateEntry } from './store/settings.js';

export type { Commit } from './store/commit-notice.js';
export type { ConflictRow } from './store/compaction.js';
export type { Decision, WriteResult } from './store/event-log.js';
export type { DeadLetterRow, OutboxEvent } from './store/outbox.js';

export interface EventStoreDeps {
  db: Db;
  origin: string;
  clock: Clock;
  random: RandomBytes;
  logger: Logger;
  /** Remote clocks further ahead than this do not drag our HLC forward. */
  maxClockDriftMs: number;
}

/**
 * The station's store, one object for its callers; each job lives in `store/`: the event log and
 * its projections, remote pages, the outbox and dead letters, settings and sync state, conflicts
 * and compaction. Every committed transaction that changes orders is announced once, after it
 * commits (`onCommitted`), to listeners that cannot break it or each other.
 */
export class EventStore {
  private readonly position: LogPosition;
  private readonly commits: ListenerSet<Commit>;
  private readonly orderChanges: ListenerSet<OrderView>;
  private readonly settings: StoreSettings;
  private readonly log: EventLog;
  private readonly remote: RemoteApply;
  private readonly outbox: Outbox;
  private readonly compaction: Compaction;

  constructor(private readonly deps: EventStoreDeps) {
    const { db, origin, clock, logger } = deps;
    const recoverable = recoverableCommit(db);
    const cache = new OrderCache();
    this.commits = new ListenerSet((error) => logger.error({ err: error }, 'commit listener failed'));
    this.orderChanges = new ListenerSet((error) => logger.error({ err: error }, 'order change listener failed'));
    this.settings = new StoreSettings(db, recoverable);
    this.position = readLogPosition(db, origin, (key) => this.settings.getSetting(key));
    const shared = { db, origin, clock, logger, position: this.position, cache, settings: this.settings };
    this.log = new EventLog({ ...shared, random: pooledRandom(deps.random), commits: this.commits });
    this.remote = new RemoteApply({ ...shared, maxClockDriftMs: deps.maxClockDriftMs, log: this.log, recoverable, commits: this.commits });
    this.outbox = new Outbox({ db, clock, logger, settings: this.settings, recoverable });
    this.compaction = new Compaction(shared);
    // Each (listener, order) pair is isolated: one failing window push does not hide a page's other orders.
    this.commits.add((commit) => {
      for (const view of changedOrders(commit)) this.orderChanges.emit(view);
    });
  }

  get origin(): string {
    return this.deps.origin;
  }

  /** The seq of this station's newest committed own event (or where compaction left it). */
  get lastOwnSeq(): number {
    return this.position.localSeq;
  }

  /** Every committed local write and every applied remote page that changed orders, once, after its commit. */
  onCommitted(listener: (commit: Commit) => void): () => void {
    return this.commits.add(listener);
  }

  /** Each order a commit changed, local or pulled. */
  onOrderChanged(listener: (view: OrderView) => void): () => void {
    return this.orderChanges.add(listener);
  }

  /**
   * A timestamp from the station's clock for a write that is not an event (a store document): it
   * sorts after everything this station has written or heard, like the next event would.
   */
  tickClock(): Hlc {
    this.position.hlc = tickHlc(this.position.hlc, this.deps.clock.now());
    return this.position.hlc;
  }

  /** A remote timestamp that is not an event's moves the clock as a remote event does; false: beyond the drift bound, ignored. */
  observeClock(remote: Hlc): boolean {
    const merged = receiveHlc(this.position.hlc, remote, this.deps.clock.now(), this.deps.maxClockDriftMs);
    if (merged.ok) this.position.hlc = merged.hlc;
    return merged.ok;
  }

  // The event log and its projections.

  rebuildProjectionsIfStale(): number {
    return this.log.rebuildProjectionsIfStale();
  }

  newId(): string {
    return this.log.newId();
  }

  write(orderId: string, actor: Actor, decide: (view: OrderView | undefined) => Decision): WriteResult {
    return this.log.write(orderId, actor, decide);
  }

  getOrder(orderId: string): OrderView | undefined {
    return this.log.getOrder(orderId);
  }

  listActive(): OrderView[] {
    return this.log.listActive();
  }

  listOrderIds(): string[] {
    return this.log.listOrderIds();
  }

  orderEvents(orderId: string): DomainEvent[] {
    return this.log.orderEvents(orderId);
  }

  // Pages pulled from the server.

  applyRemote(
    events: readonly DomainEvent[],
    cursor?: { key: string; value: number },
    ...state: StateEntry[]
  ): { inserted: number; changed: OrderView[] } {
    return this.remote.applyRemote(events, cursor, ...state);
  }

  /**
   * A page received from a peer: each event passes `admit` inside the page's transaction (gaps and
   * conflicts stay out), then the same fold and projection as a pulled page. Never enqueued: only
   * the origin pushes its events to the server.
   */
  applyPeerPage(events: readonly DomainEvent[], admit: (event: DomainEvent) => boolean): { inserted: number; changed: OrderView[] } {
    return this.remote.applyPage(events, { via: 'peer', admit });
  }

  // The outbox, acknowledgements and dead letters.

  outboxBatch(limit: number): DomainEvent[] {
    return this.outbox.outboxBatch(limit);
  }

  outboxBatchAfter(seq: number, limit: number): DomainEvent[] {
    return this.outbox.outboxBatchAfter(seq, limit);
  }

  outboxStoredAfter(seq: number, limit: number): OutboxEvent[] {
    return this.outbox.outboxStoredAfter(seq, limit);
  }

  recordPushResults(results: readonly PushEventResult[], ...state: StateEntry[]): { delivered: number; deadLettered: number } {
    return this.outbox.recordPushResults(results, ...state);
  }

  recordPushFailure(uptoSeq: number, message: string): void {
    this.outbox.recordPushFailure(uptoSeq, message);
  }

  outboxStats(): { depth: number; orders: number; oldestEnqueuedAt: number | null; deadLetters: number } {
    return this.outbox.outboxStats();
  }

  listDeadLetters(limit?: number): DeadLetterRow[] {
    return this.outbox.listDeadLetters(limit);
  }

  replayDeadLetter(eventId: string): boolean {
    return this.outbox.replayDeadLetter(eventId);
  }

  discardDeadLetter(eventId: string): boolean {
    return this.outbox.discardDeadLetter(eventId);
  }

  // Conflicts and compaction.

  listConflicts(limit?: number): ConflictRow[] {
    return this.compaction.listConflicts(limit);
  }

  compact(retentionMs: number): { orders: number; events: number } {
    return this.compaction.compact(retentionMs);
  }

  // Settings and sync state.

  getSyncState(key: string): string | undefined {
    return this.settings.getSyncState(key);
  }

  setSyncState(key: string, value: string): void {
    this.settings.setSyncState(key, value);
  }

  setSyncStates(entries: readonly StateEntry[]): void {
    this.settings.setSyncStates(entries);
  }

  getSetting(key: string): string | undefined {
    return this.settings.getSetting(key);
  }

  setSetting(key: string, value: string): void {
    this.settings.setSetting(key, value);
  }
}
