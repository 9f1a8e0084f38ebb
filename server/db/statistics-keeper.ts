import type { Logger } from '../../shared/logger.js';
import type { Database } from './database.js';

/** Below this many events the planner's guesses cost nothing worth a statistics pass. */
const FIRST_ANALYZE_AT = 1_000;
/**
 * Another pass once the log has grown this many times over since the last one. In between the
 * planner scales the row count by the table's size and reads the newest server_seq off the index,
 * so what it needs stays right; a pass costs ~50 ms of the database's time on a busy machine.
 */
const GROWTH_FACTOR = 4;

/**
 * Keeps the planner's statistics of the event log current while it is young. A table that was
 * never analysed looks tiny to PostgreSQL (one store_id among "many", a narrow server_seq range),
 * so the pull, the projector and the push gate get bitmap scans that read every row after the
 * cursor and sort them: each page costs as much as the whole backlog, quadratic in its size.
 * Autovacuum fixes that only on its next wake-up (a minute by default) and after 10 % growth; a new
 * store whose stations drain a day of offline orders lives through that minute. So the log is
 * analysed when it first passes 1,000 events and again each time it has grown fourfold (a sampled
 * pass over at most 30,000 rows of the key columns, whatever the size); past that, autovacuum's own threshold takes over.
 */
export class StatisticsKeeper {
  private analyzedAtHead = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** The log's newest server cursor (server_seq is one sequence across stores: it counts rows). */
  observeHead(head: number): void {
    if (this.running !== undefined) return;
    if (head < Math.max(FIRST_ANALYZE_AT, this.analyzedAtHead * GROWTH_FACTOR)) return;
    this.running = this.analyze(head).finally(() => (this.running = undefined));
  }

  /** Waits for a pass in progress (shutdown, tests). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async analyze(head: number): Promise<void> {
    const started = performance.now();
    try {
      // The key columns the log is searched by; the bodies' statistics would cost most of the pass
      // (every sampled JSON document compared and measured) and no query filters on them.
      await this.db.query('ANALYZE events (store_id, server_seq, origin, seq, order_id, event_id)');
      this.analyzedAtHead = head;
      this.logger.info({ head, ms: Math.round(performance.now() - started) }, 'event log statistics refreshed');
    } catch (error) {
      // The next append tries again; queries stay correct meanwhile, only slower.
      this.logger.warn({ err: error, head }, 'event log statistics refresh failed');
    }
  }
}
