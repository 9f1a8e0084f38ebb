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
import { backoffDelay, NETWORK_BACKOFF, type BackoffPolicy } from '../../../shared/util/backoff.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Scheduler, TimerHandle } from './scheduler.js';
import { SyncError, type PullExcept } from './sync-client.js';

/** What the engine needs from the server: the HTTP client, or a fake in tests. */
export interface SyncTransport {
  /** Pushes outbox events as stored (a `PushRequest` whose events are the stored JSON bodies). */
  pushStored(origin: string, events: readonly OutboxEvent[]): Promise<PushResponse>;
  /** `except`: the station's own events it already holds; a server that does not know the option sends them anyway. */
  pull(cursor: number, limit?: number, except?: PullExcept): Promise<PullResponse>;
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
  /** Push batches in flight at once (default DEFAULT_PUSH_WINDOW); 1 sends each after the last is answered. */
  pushWindow?: number;
  /** Store data's exchange with the server (store-data/server-sync.ts), run after the events each round. */
  storeData?: { exchange(): Promise<unknown> };
}

/** Knobs a station may override (tests: own timers, short timeouts, fixed jitter). */
export interface SyncTuning extends Partial<
  Pick<SyncEngineOptions, 'backoff' | 'failureThreshold' | 'random' | 'pushBatchSize' | 'pushWindow'>
> {
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
/** Push batches in flight at once: two keep the station and the server busy at the same time. */
export const DEFAULT_PUSH_WINDOW = 2;

/** A push batch on its way: what was sent, when, and whether an earlier batch was still in flight. */
interface PushFlight {
  batch: readonly OutboxEvent[];
  sentAt: number;
  response: Promise<PushResponse>;
  overtaking: boolean;
}

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
  /** When a pull that found nothing new happened, until the round's success records it. */
  private pulledEmptyAt: number | null = null;
  private readonly listeners: ListenerSet<SyncStatus>;

  constructor(private readonly options: SyncEngineOptions) {
    this.listeners = new ListenerSet((error) => options.logger.error({ err: error }, 'sync status listener failed'));
  }

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
    return this.listeners.add(listener);
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
    const now = String(clock.now());
    const wanted: { key: string; value: string }[] = [
      { key: KEY.failures, value: '0' },
      { key: KEY.nextAttemptAt, value: '' },
      { key: KEY.lastError, value: '' },
      { key: KEY.lastSuccessAt, value: now },
    ];
    if (this.pulledEmptyAt !== null) wanted.push({ key: KEY.lastPullAt, value: String(this.pulledEmptyAt) });
    this.pulledEmptyAt = null;
    // Only what changed, in one commit: an idle station polling the server writes one row, not four.
    store.setSyncStates(wanted.filter(({ key, value }) => store.getSyncState(key) !== value));
    // Stopped before or during the round: arming a timer now would run a round on a closed store.
    if (wasStopped || this.state === 'stopped') return this.setState('stopped');
    this.setState('idle');
    const again = this.rerun;
    this.rerun = false;
    this.arm(again ? 0 : this.options.pollIntervalMs);
  }

  private failed(error: unknown, wasStopped: boolean): void {
    const { store, clock, logger } = this.options;
    const failures = (this.numberState(KEY.failures) ?? 0) + 1;
    const retryAfterMs = error instanceof SyncError && error.failure.kind === 'http' ? (error.failure.retryAfterMs ?? 0) : 0;
    const policy = this.options.backoff ?? NETWORK_BACKOFF;
    const circuitOpen = failures >= this.failureThreshold;
    // An open circuit waits the full cap: the server has failed repeatedly, probe it rarely.
    const delay = circuitOpen
      ? Math.max(policy.maxMs, retryAfterMs)
      : backoffDelay(failures, policy, this.options.random ?? Math.random, retryAfterMs);
    const message = error instanceof Error ? error.message : String(error);
    store.setSyncState(KEY.failures, String(failures));
    store.setSyncState(KEY.nextAttemptAt, String(clock.now() + delay));
    store.setSyncState(KEY.lastError, message.slice(0, 500));
    this.rerun = false;
    logger.warn({ err: error, failures, delayMs: delay, circuitOpen }, 'sync round failed');
    if (wasStopped || this.state === 'stopped') return this.setState('stopped');
    this.setState(circuitOpen ? 'circuit_open' : 'backoff');
    this.arm(delay);
  }

  private async exchange(): Promise<SyncRoundReport> {
    const report: SyncRoundReport = { pushed: 0, pulled: 0, deadLettered: 0 };
    await this.pushOutbox(report);
    await this.pullPages(report);
    await this.exchangeStoreData();
    return report;
  }

  /**
   * Pushes the outbox in seq order with up to `pushWindow` batches in flight: the next batch leaves
   * while the server stores the previous one, so the station, the server and its database work at
   * the same time instead of in turn. Batches are settled strictly in order. A pipelined batch can
   * overtake its predecessor on the way (another connection, another server instance) and come back
   * as a seq gap; that refusal stores nothing, so once the earlier batches are settled it is simply
   * sent again, as the oldest in flight. A gap on the oldest batch in flight is a real gap and fails
   * the round.
   */
  private async pushOutbox(report: SyncRoundReport): Promise<void> {
    const { store, transport, clock, logger } = this.options;
    const size = this.options.pushBatchSize ?? MAX_PUSH_BATCH;
    const window = Math.max(1, this.options.pushWindow ?? DEFAULT_PUSH_WINDOW);
    const flights: PushFlight[] = [];
    let queued = store.outboxStoredAfter(0, size);
    try {
      for (;;) {
        while (flights.length < window && queued.length > 0) {
          const sentAt = clock.now();
          const response = transport.pushStored(store.origin, queued);
          response.catch(() => undefined); // awaited in order below; this only keeps a failure from being "unhandled" meanwhile
          flights.push({ batch: queued, sentAt, response, overtaking: flights.length > 0 });
          await letRequestLeave();
          queued = store.outboxStoredAfter(queued[queued.length - 1]!.seq, size);
        }
        const flight = flights.shift();
        if (flight === undefined) return;
        const { batch } = flight;
        let response: PushResponse;
        try {
          response = await flight.response;
        } catch (error) {
          store.recordPushFailure(batch[batch.length - 1]!.seq, error instanceof Error ? error.message : String(error));
          throw error;
        }
        this.measureSkew(flight.sentAt, response.serverTime);
        if (response.results.length === 0) throw new SyncError({ kind: 'protocol', message: 'server answered a push with no results' });
        const retryable = response.results.find(isRetryableRejection);
        const final = response.results.filter((r) => !isRetryableRejection(r));
        const settled = store.recordPushResults(final, { key: KEY.lastPushAt, value: String(clock.now()) });
        report.pushed += settled.delivered;
        report.deadLettered += settled.deadLettered;
        logger.debug({ events: batch.length, delivered: settled.delivered, deadLettered: settled.deadLettered }, 'pushed batch');
        if (retryable && retryable.status === 'rejected') {
          if (flight.overtaking && retryable.code === 'seq_gap' && final.length === 0) {
            logger.info(
              { fromSeq: batch[0]!.seq, expectedSeq: retryable.expectedSeq },
              'pipelined push batch overtook the one before it; sending it again',
            );
            queued = await this.restartPipeline(flights, report);
            continue;
          }
          // A seq gap or an event type the server does not know yet: never dead-letter, retry after backoff.
          const detail =
            retryable.expectedSeq !== undefined
              ? `server expects seq ${retryable.expectedSeq} before ${retryable.seq}`
              : `event seq ${retryable.seq}`;
          throw new SyncError({ kind: 'protocol', message: `${detail}: ${retryable.reason}` });
        }
        // Batches in flight follow only a fully settled one; otherwise start again from the oldest.
        if (final.length !== batch.length) queued = await this.restartPipeline(flights, report);
      }
    } finally {
      // A failed round leaves nothing behind: later batches still in flight are waited for and their
      // final results recorded (the server may have stored them), so none is re-pushed needlessly.
      if (flights.length > 0) await this.settleAbandoned(flights.splice(0), report);
    }
  }

  /** Settles every batch still in flight, then reads the outbox again from its oldest event. */
  private async restartPipeline(flights: PushFlight[], report: SyncRoundReport): Promise<OutboxEvent[]> {
    await this.settleAbandoned(flights.splice(0), report);
    return this.options.store.outboxStoredAfter(0, this.options.pushBatchSize ?? MAX_PUSH_BATCH);
  }

  /** Records the final results of batches no longer followed; their failures are the round's to report, not these. */
  private async settleAbandoned(flights: readonly PushFlight[], report: SyncRoundReport): Promise<void> {
    const { store, clock } = this.options;
    for (const flight of flights) {
      const response = await flight.response.catch(() => undefined);
      if (response === undefined) continue;
      const settled = store.recordPushResults(
        response.results.filter((r) => !isRetryableRejection(r)),
        { key: KEY.lastPushAt, value: String(clock.now()) },
      );
      report.pushed += settled.delivered;
      report.deadLettered += settled.deadLettered;
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
      // Its own events come back only beyond what it holds (a restored station's lost writes).
      const page = transport.pull(cursor, undefined, { origin: store.origin, throughSeq: store.lastOwnSeq });
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
      if (page.events.length === 0 && page.nextCursor === (this.numberState(KEY.cursor) ?? 0)) {
        // Nothing new: no transaction of its own; the round's success records when this pull happened.
        this.pulledEmptyAt = clock.now();
      } else {
        const applied = store.applyRemote(
          page.events.map((e) => e.event),
          { key: KEY.cursor, value: page.nextCursor },
          { key: KEY.lastPullAt, value: String(clock.now()) },
        );
        this.pulledEmptyAt = null;
        report.pulled += applied.inserted;
      }
      // A pull page is authoritative (the server may have been restored to an older backup).
      if (page.head !== undefined) this.serverHead = page.head;
      this.updateBehind();
      if (!more) return;
    }
  }

  /** A server from before store data answers 404 there: events still sync, store data stays as it is here. */
  private async exchangeStoreData(): Promise<void> {
    try {
      await this.options.storeData?.exchange();
    } catch (error) {
      if (error instanceof SyncError && error.failure.kind === 'http' && error.failure.status === 404) {
        this.options.logger.warn({ err: error }, 'the server keeps no store data; routing stays as this station holds it');
        return;
      }
      throw error;
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
    this.listeners.emit(status);
  }
}
