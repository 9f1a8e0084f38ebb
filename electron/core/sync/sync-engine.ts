import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import {
  MAX_PUSH_BATCH,
  RETRYABLE_REJECTIONS,
  type PullResponse,
  type PushEventResult,
  type PushResponse,
} from '../../../shared/sync/protocol.js';
import type { EventStore, OutboxEvent } from '../event-store.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { Scheduler, TimerHandle } from './scheduler.js';
import { SyncError } from './sync-client.js';

/** What the engine needs from the server: the HTTP client, or a fake in tests. */
export interface SyncTransport {
  /** Pushes outbox events as stored (a `PushRequest` whose events are the stored JSON bodies). */
  pushStored(origin: string, events: readonly OutboxEvent[]): Promise<PushResponse>;
  pull(cursor: number): Promise<PullResponse>;
}

/**
 * stopped → idle ⇄ syncing; a failed round → backoff (or circuit_open after `failureThreshold`
 * failures in a row) → a timer brings it back to syncing. Kicks (local writes, server pokes) only
 * start a round from idle; during backoff they wait, so a dead server is never hammered.
 */
export type SyncState = 'stopped' | 'idle' | 'syncing' | 'backoff' | 'circuit_open';

export interface SyncStatus {
  state: SyncState;
  consecutiveFailures: number;
  nextAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastPushAt: number | null;
  lastPullAt: number | null;
  lastError: string | null;
  /** Server clock minus ours, measured at the midpoint of the last exchange. */
  clockSkewMs: number | null;
  pullCursor: number;
  outboxDepth: number;
  /** Orders with at least one event in the outbox (counted up to 1,000): the number a cashier understands. */
  unsyncedOrders: number;
  oldestUnsentAgeMs: number | null;
  deadLetters: number;
  /** The store's newest server cursor as last told by a pull page or a live poke; null until then. */
  serverHead: number | null;
  /** Consumer lag: events on the server this station has not pulled yet. */
  consumerLagEvents: number | null;
  /** How long this station has been behind the server's head (0 when caught up). */
  consumerLagMs: number | null;
}

export interface SyncRoundReport {
  pushed: number;
  pulled: number;
  deadLettered: number;
}

export interface SyncEngineOptions {
  store: EventStore;
  transport: SyncTransport;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  /** Quiet-time poll when no poke arrives: the backup for a lost live connection. */
  pollIntervalMs: number;
  backoff?: BackoffPolicy;
  failureThreshold?: number;
  random?: () => number;
  pushBatchSize?: number;
}

/** Knobs a station may override (tests: own timers, short timeouts, fixed jitter). */
export interface SyncTuning extends Partial<Pick<SyncEngineOptions, 'backoff' | 'failureThreshold' | 'random' | 'pushBatchSize'>> {
  /** Timers of the sync loop only, apart from the station's housekeeping timers. */
  scheduler?: Scheduler;
  /** How long one HTTP exchange with the server may take. */
  timeoutMs?: number;
}

const KEY = {
  cursor: 'pull_cursor',
  failures: 'retry.failures',
  nextAttemptAt: 'retry.next_attempt_at',
  lastSuccessAt: 'last_success_at',
  lastPushAt: 'last_push_at',
  lastPullAt: 'last_pull_at',
  lastError: 'last_error',
} as const;

/**
 * Rejections that may succeed later. Older servers sent no code: a reported expected seq is a gap.
 */
function isRetryableRejection(result: PushEventResult): boolean {
  if (result.status !== 'rejected') return false;
  return result.code ? RETRYABLE_REJECTIONS.includes(result.code) : result.expectedSeq !== undefined;
}

/**
 * SQLite work is synchronous: started right after a request is issued, it would run before the
 * request is even written to the socket. One turn of the event loop lets it leave first.
 */
function letRequestLeave(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class SyncEngine {
  private state: SyncState = 'stopped';
  private timer: TimerHandle | undefined;
  private round: Promise<SyncRoundReport> | undefined;
  private rerun = false;
  private clockSkewMs: number | null = null;
  private serverHead: number | null = null;
  /** When a pull or poke first showed the head ahead of the cursor; null while caught up. */
  private behindSince: number | null = null;
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(private readonly options: SyncEngineOptions) {}

  /** Resumes persisted retry state: a restart during an outage neither resets the backoff nor storms. */
  start(): void {
    if (this.state !== 'stopped') return;
    const nextAttemptAt = this.numberState(KEY.nextAttemptAt);
    const failures = this.numberState(KEY.failures) ?? 0;
    const wait = nextAttemptAt === null ? 0 : Math.max(0, nextAttemptAt - this.options.clock.now());
    if (wait > 0) {
      this.setState(failures >= this.failureThreshold ? 'circuit_open' : 'backoff');
      this.arm(wait);
    } else {
      this.setState('idle');
      this.arm(0);
    }
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.setState('stopped');
    await this.round?.catch(() => undefined);
  }

  /** Something changed (a local write, a server poke): sync soon unless a failure is being waited out. */
  kick(): void {
    if (this.state === 'idle') this.arm(0);
    else if (this.state === 'syncing') this.rerun = true;
  }

  /** A person pressed "sync now": try immediately, whatever the backoff says. Shares a round in flight. */
  syncNow(): Promise<SyncRoundReport> {
    return this.runRound();
  }

  /** A live poke told the store's head: consumer lag is measured against it until the next pull. */
  observeServerHead(head: number): void {
    this.serverHead = this.serverHead === null ? head : Math.max(this.serverHead, head);
    this.updateBehind();
  }

  /** The server cursor this station has pulled up to (cheaper than a full status). */
  pullCursor(): number {
    return this.numberState(KEY.cursor) ?? 0;
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getStatus(): SyncStatus {
    const { store, clock } = this.options;
    const outbox = store.outboxStats();
    const pullCursor = this.numberState(KEY.cursor) ?? 0;
    return {
      state: this.state,
      consecutiveFailures: this.numberState(KEY.failures) ?? 0,
      nextAttemptAt: this.numberState(KEY.nextAttemptAt),
      lastSuccessAt: this.numberState(KEY.lastSuccessAt),
      lastPushAt: this.numberState(KEY.lastPushAt),
      lastPullAt: this.numberState(KEY.lastPullAt),
      lastError: store.getSyncState(KEY.lastError) ?? null,
      clockSkewMs: this.clockSkewMs,
      pullCursor,
      outboxDepth: outbox.depth,
      unsyncedOrders: outbox.orders,
      oldestUnsentAgeMs: outbox.oldestEnqueuedAt === null ? null : clock.now() - outbox.oldestEnqueuedAt,
      deadLetters: outbox.deadLetters,
      serverHead: this.serverHead,
      consumerLagEvents: this.serverHead === null ? null : Math.max(0, this.serverHead - pullCursor),
      consumerLagMs: this.serverHead === null ? null : this.behindSince === null ? 0 : clock.now() - this.behindSince,
    };
  }

  private get failureThreshold(): number {
    return this.options.failureThreshold ?? 5;
  }

  private arm(delayMs: number): void {
    this.timer?.cancel();
    this.timer = this.options.scheduler.schedule(delayMs, () => {
      this.timer = undefined;
      void this.runRound().catch(() => undefined);
    });
  }

  private runRound(): Promise<SyncRoundReport> {
    if (this.round) return this.round;
    const wasStopped = this.state === 'stopped';
    this.setState('syncing');
    this.round = this.exchange().then(
      (report) => {
        this.round = undefined;
        this.succeeded(wasStopped);
        return report;
      },
      (error: unknown) => {
        this.round = undefined;
        this.failed(error, wasStopped);
        throw error;
      },
    );
    return this.round;
  }

  private succeeded(wasStopped: boolean): void {
    const { store, clock } = this.options;
    store.setSyncState(KEY.failures, '0');
    store.setSyncState(KEY.nextAttemptAt, '');
    store.setSyncState(KEY.lastSuccessAt, String(clock.now()));
    store.setSyncState(KEY.lastError, '');
    if (wasStopped) return this.setState('stopped');
    this.setState('idle');
    const again = this.rerun;
    this.rerun = false;
    this.arm(again ? 0 : this.options.pollIntervalMs);
  }

  private failed(error: unknown, wasStopped: boolean): void {
    const { store, clock, logger } = this.options;
    const failures = (this.numberState(KEY.failures) ?? 0) + 1;
    const retryAfterMs = error instanceof SyncError && error.failure.kind === 'http' ? (error.failure.retryAfterMs ?? 0) : 0;
    const policy = this.options.backoff ?? DEFAULT_BACKOFF;
    const circuitOpen = failures >= this.failureThreshold;
    // An open circuit waits the full cap: the server has failed repeatedly, probe it rarely.
    const delay = circuitOpen ? Math.max(policy.capMs, retryAfterMs) : backoffDelay(failures, policy, this.options.random ?? Math.random, retryAfterMs);
    const message = error instanceof Error ? error.message : String(error);
    store.setSyncState(KEY.failures, String(failures));
    store.setSyncState(KEY.nextAttemptAt, String(clock.now() + delay));
    store.setSyncState(KEY.lastError, message.slice(0, 500));
    this.rerun = false;
    logger.warn({ err: error, failures, delayMs: delay, circuitOpen }, 'sync round failed');
    if (wasStopped) return this.setState('stopped');
    this.setState(circuitOpen ? 'circuit_open' : 'backoff');
    this.arm(delay);
  }

  private async exchange(): Promise<SyncRoundReport> {
    const report: SyncRoundReport = { pushed: 0, pulled: 0, deadLettered: 0 };
    await this.pushOutbox(report);
    await this.pullPages(report);
    return report;
  }

  /**
   * Pushes the outbox in seq order, one batch in flight at a time (the server refuses a batch that
   * overtakes an earlier one: seq gap); the next batch is read from SQLite while the previous one
   * travels, so the station's own work overlaps the server's.
   */
  private async pushOutbox(report: SyncRoundReport): Promise<void> {
    const { store, transport, clock, logger } = this.options;
    const size = this.options.pushBatchSize ?? MAX_PUSH_BATCH;
    let batch = store.outboxStoredAfter(0, size);
    while (batch.length > 0) {
      const sentAt = clock.now();
      const inFlight = transport.pushStored(store.origin, batch);
      inFlight.catch(() => undefined); // awaited below; this only keeps a failure from being "unhandled" meanwhile
      await letRequestLeave();
      const next = store.outboxStoredAfter(batch[batch.length - 1]!.seq, size);
      let response: PushResponse;
      try {
        response = await inFlight;
      } catch (error) {
        store.recordPushFailure(batch[batch.length - 1]!.seq, error instanceof Error ? error.message : String(error));
        throw error;
      }
      this.measureSkew(sentAt, response.serverTime);
      const retryable = response.results.find(isRetryableRejection);
      const final = response.results.filter((r) => !isRetryableRejection(r));
      const settled = store.recordPushResults(final, { key: KEY.lastPushAt, value: String(clock.now()) });
      report.pushed += settled.delivered;
      report.deadLettered += settled.deadLettered;
      logger.debug({ events: batch.length, delivered: settled.delivered, deadLettered: settled.deadLettered }, 'pushed batch');
      if (retryable && retryable.status === 'rejected') {
        // A seq gap or an event type the server does not know yet: never dead-letter, retry after backoff.
        const detail = retryable.expectedSeq !== undefined ? `server expects seq ${retryable.expectedSeq} before ${retryable.seq}` : `event seq ${retryable.seq}`;
        throw new SyncError({ kind: 'protocol', message: `${detail}: ${retryable.reason}` });
      }
      if (response.results.length === 0) throw new SyncError({ kind: 'protocol', message: 'server answered a push with no results' });
      // The prefetched batch follows only a fully settled one; otherwise start again from the oldest.
      batch = final.length === batch.length ? next : store.outboxStoredAfter(0, size);
    }
  }

  /**
   * Pulls pages from the stored cursor. The next page is requested as soon as a page arrives, before
   * applying it, so the server reads page n+1 while the station writes page n.
   */
  private async pullPages(report: SyncRoundReport): Promise<void> {
    const { store, transport, clock } = this.options;
    const request = (cursor: number) => {
      const sentAt = clock.now();
      const page = transport.pull(cursor);
      page.catch(() => undefined); // awaited in the loop; a failure surfaces there
      return { sentAt, page };
    };
    let pending = request(this.numberState(KEY.cursor) ?? 0);
    for (;;) {
      const page = await pending.page;
      this.measureSkew(pending.sentAt, page.serverTime);
      const more = !page.upToDate && page.events.length > 0;
      if (more) {
        pending = request(page.nextCursor);
        await letRequestLeave();
      }
      const applied = store.applyRemote(
        page.events.map((e) => e.event),
        { key: KEY.cursor, value: page.nextCursor },
        { key: KEY.lastPullAt, value: String(clock.now()) },
      );
      report.pulled += applied.inserted;
      // A pull page is authoritative (the server may have been restored to an older backup).
      if (page.head !== undefined) this.serverHead = page.head;
      this.updateBehind();
      if (!more) return;
    }
  }

  private updateBehind(): void {
    const behind = this.serverHead !== null && this.serverHead > (this.numberState(KEY.cursor) ?? 0);
    if (!behind) this.behindSince = null;
    else this.behindSince ??= this.options.clock.now();
  }

  private measureSkew(sentAt: number, serverTime: number): void {
    const receivedAt = this.options.clock.now();
    this.clockSkewMs = Math.round(serverTime - (sentAt + receivedAt) / 2);
  }

  private numberState(key: string): number | null {
    const text = this.options.store.getSyncState(key);
    if (text === undefined || text === '') return null;
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
  }

  private setState(state: SyncState): void {
    this.state = state;
    if (this.listeners.size === 0) return;
    const status = this.getStatus();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.options.logger.error({ err: error }, 'sync status listener failed');
      }
    }
  }
}
