import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import { MAX_PUSH_BATCH } from '../../../shared/sync/protocol.js';
import type { EventStore } from '../event-store.js';
import { SyncError, type SyncClient } from './sync-client.js';

export interface SyncLoopOptions {
  store: EventStore;
  client: SyncClient;
  clock: Clock;
  logger: Logger;
  /** Quiet-time poll: catches other origins' events when nothing local happens. */
  intervalMs: number;
  pushBatchSize?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

export interface SyncStatus {
  state: 'idle' | 'syncing' | 'backoff' | 'stopped';
  lastSuccessAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  pullCursor: number;
  outboxDepth: number;
}

export interface SyncRoundReport {
  pushed: number;
  pulled: number;
  deadLettered: number;
}

const CURSOR_KEY = 'pull_cursor';

/**
 * Pushes the outbox in seq order, then pulls other origins' events, in rounds. A failed round
 * backs off exponentially with full jitter (capped); a local write kicks an immediate round.
 */
export class SyncLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SyncRoundReport> | undefined;
  private stopped = true;
  private status: SyncStatus;

  constructor(private readonly options: SyncLoopOptions) {
    this.status = {
      state: 'stopped',
      lastSuccessAt: null,
      lastError: null,
      consecutiveFailures: 0,
      pullCursor: Number(options.store.getSyncState(CURSOR_KEY) ?? '0'),
      outboxDepth: options.store.outboxStats().depth,
    };
  }

  start(): void {
    this.stopped = false;
    this.status.state = 'idle';
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    this.status.state = 'stopped';
  }

  /** A local event was written: sync soon, unless a failure backoff is in force. */
  kick(): void {
    if (this.stopped || this.status.state === 'backoff') return;
    this.schedule(0);
  }

  getStatus(): SyncStatus {
    return { ...this.status, outboxDepth: this.options.store.outboxStats().depth };
  }

  /** One full round now (tests, diagnostics). Concurrent callers share the round in flight. */
  syncNow(): Promise<SyncRoundReport> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.syncNow();
      this.status.consecutiveFailures = 0;
      this.status.state = 'idle';
      this.schedule(this.options.intervalMs);
    } catch (error) {
      this.status.consecutiveFailures += 1;
      this.status.state = 'backoff';
      const delay = this.backoffDelay(error);
      this.options.logger.warn({ err: error, delayMs: delay, failures: this.status.consecutiveFailures }, 'sync round failed');
      this.schedule(delay);
    }
  }

  private backoffDelay(error: unknown): number {
    const cap = this.options.maxBackoffMs ?? 60_000;
    const ceiling = Math.min(cap, 1_000 * 2 ** Math.min(this.status.consecutiveFailures - 1, 16));
    const jittered = Math.floor((this.options.random ?? Math.random)() * ceiling);
    const retryAfter = error instanceof SyncError && error.failure.kind === 'http' ? (error.failure.retryAfterMs ?? 0) : 0;
    return Math.min(cap, Math.max(jittered, retryAfter));
  }

  private async round(): Promise<SyncRoundReport> {
    const { store, client, clock, logger } = this.options;
    this.status.state = 'syncing';
    const report: SyncRoundReport = { pushed: 0, pulled: 0, deadLettered: 0 };
    try {
      for (;;) {
        const batch = store.outboxBatch(this.options.pushBatchSize ?? MAX_PUSH_BATCH);
        if (batch.length === 0) break;
        let response;
        try {
          response = await client.push({ origin: store.origin, events: batch });
        } catch (error) {
          store.recordPushFailure(batch[batch.length - 1]!.seq, (error as Error).message);
          throw error;
        }
        const settled = store.recordPushResults(response.results);
        report.pushed += settled.delivered;
        report.deadLettered += settled.deadLettered;
        logger.debug({ events: batch.length, delivered: settled.delivered }, 'pushed batch');
        if (response.results.length === 0) break;
      }
      for (;;) {
        const page = await client.pull(this.status.pullCursor);
        const applied = store.applyRemote(
          page.events.map((e) => e.event),
          { key: CURSOR_KEY, value: page.nextCursor },
        );
        report.pulled += applied.inserted;
        this.status.pullCursor = page.nextCursor;
        if (page.upToDate || page.events.length === 0) break;
      }
      this.status.lastSuccessAt = clock.now();
      this.status.lastError = null;
      return report;
    } catch (error) {
      this.status.lastError = (error as Error).message;
      throw error;
    }
  }
}
