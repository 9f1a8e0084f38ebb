import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import { backoffDelay, NETWORK_BACKOFF, type BackoffPolicy } from '../../../shared/util/backoff.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Result } from '../../../shared/result.js';
import type { EventStore } from '../event-store.js';
import { currentActor } from './current-actor.js';
import { withTimeout } from './terminal.js';

/**
 * What the card payment and card refund sagas share: an attempt row (with its idempotency key) is
 * committed before the terminal is asked, so it is the only truth about where an attempt stands.
 *
 * - One run per attempt at a time: a resume and a double submit never drive one attempt twice.
 * - At start, attempts another process left mid-call are handed to the terminal's record (query),
 *   never sent again under a new key.
 * - Terminal calls never throw into the sagas: `ask` answers a Result, so a failure AFTER the
 *   terminal answered (a database error, a bug) can never be mistaken for "outcome unknown".
 * - A step's domain events and the row's next state are written in ONE transaction.
 * - Listeners hear of a change only after it is committed, each isolated from the others.
 */

export interface SagaRetry {
  /** Terminal calls per step before the attempt is left for the next recovery round. */
  maxTries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY: SagaRetry = { maxTries: 6, baseDelayMs: 500, maxDelayMs: 10_000 };

/** The columns every attempt table has. */
export interface AttemptRow {
  id: string;
  order_id: string;
  state: string;
}

/** Where a saga keeps its attempts: the runner reads and moves rows only through this. */
export interface AttemptTable<Row extends AttemptRow, Change> {
  get(id: string): Row | undefined;
  /** Oldest first. */
  inFlight(): Row[];
  update(id: string, change: Change, now: number): void;
}

/** `final`: nothing left to do. Otherwise false when the step's retries are spent. */
export type StepRun = Promise<boolean> | 'final';

export interface TerminalAttemptRunnerOptions<Row extends AttemptRow, View, Change> {
  /** Names the saga in logs and errors: "card payment". */
  noun: string;
  /** The attempt id's name in logs: "attemptId". */
  idLabel: string;
  table: AttemptTable<Row, Change>;
  toView: (row: Row) => View;
  /** Moves the attempt on from the state its row is in. */
  step: (row: Row) => StepRun;
  /** A row left in flight by another process: the change that hands it to the terminal's record, if any. */
  recovered: (row: Row) => Change | undefined;
  store: EventStore;
  actor: Actor | (() => Actor);
  clock: Clock;
  logger: Logger;
  retry?: Partial<SagaRetry> | undefined;
  /** Waits between retries; tests make it immediate. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export class TerminalAttemptRunner<Row extends AttemptRow, View, Change> {
  readonly retry: SagaRetry;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly running = new Map<string, Promise<View>>();
  private readonly changes: ListenerSet<View>;

  constructor(private readonly options: TerminalAttemptRunnerOptions<Row, View, Change>) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    // One station talks to its own terminal: there is no crowd to spread with jitter, and a fixed
    // schedule keeps the time `maxTries` spans predictable.
    this.backoff = { ...NETWORK_BACKOFF, initialMs: this.retry.baseDelayMs, maxMs: this.retry.maxDelayMs, jitter: 0 };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
    this.changes = new ListenerSet((error) => options.logger.error({ err: error }, `${options.noun} change listener failed`));
  }

  onChange(listener: (view: View) => void): () => void {
    return this.changes.add(listener);
  }

  /** Only for a change the caller has already committed. */
  emit(view: View): void {
    this.changes.emit(view);
  }

  view(id: string): View {
    const row = this.options.table.get(id);
    if (!row) throw new Error(`${this.options.noun} ${id} vanished`);
    return this.options.toView(row);
  }

  /** Resumes every attempt left in flight (by a crash, or by spent retries). Safe to call any time. */
  recover(): Promise<View[]> {
    const rows = this.options.table.inFlight();
    for (const row of rows) {
      if (this.running.has(row.id)) continue;
      this.log(row).warn({ state: row.state }, `resuming ${this.options.noun} left in flight`);
      const change = this.options.recovered(row);
      if (change !== undefined) this.transition(row.id, change);
    }
    return Promise.all(rows.map((row) => this.drive(row.id)));
  }

  /** Drives an attempt to a final state, or until its retries are spent; never twice at once. */
  drive(id: string): Promise<View> {
    const current = this.running.get(id);
    if (current) return current;
    const run = this.run(id)
      .catch((error: unknown) => {
        // A bug or a database error: the row still says where the attempt stands; recovery resumes it.
        this.options.logger.error({ [this.options.idLabel]: id, err: error }, `${this.options.noun} step failed`);
        return this.view(id);
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  /** One terminal call against a deadline. Only an error here means the terminal's answer is unknown. */
  async ask<T>(what: string, call: () => Promise<T>, timeoutMs: number): Promise<Result<T, Error>> {
    try {
      return { ok: true, value: await withTimeout(call(), timeoutMs, what) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  /**
   * Runs `attempt` up to `maxTries` times with backoff between tries, until it gives a decision.
   * The caller acts on the decision afterwards, outside the loop.
   */
  async retrying<D>(attempt: (tryIndex: number) => Promise<D | undefined>): Promise<D | undefined> {
    for (let tryIndex = 0; tryIndex < this.retry.maxTries; tryIndex += 1) {
      if (tryIndex > 0) await this.sleep(backoffDelay(tryIndex, this.backoff));
      const decision = await attempt(tryIndex);
      if (decision !== undefined) return decision;
    }
    return undefined;
  }

  /**
   * Asks the terminal's record of an attempt whose outcome is unknown until it says something other
   * than "in progress"; undefined when the retries are spent.
   */
  queryUntilKnown<Q extends { kind: string }>(
    row: Row,
    what: string,
    query: () => Promise<Q>,
    timeoutMs: number,
  ): Promise<Exclude<Q, { kind: 'in_progress' }> | undefined> {
    const log = this.log(row);
    return this.retrying(async () => {
      const found = await this.ask(what, query, timeoutMs);
      if (!found.ok) {
        log.warn({ err: found.error }, `${what} failed`);
        return undefined;
      }
      log.info({ outcome: found.value.kind }, `${what} answered for an unknown outcome`);
      return isSettled(found.value) ? found.value : undefined;
    });
  }

  /**
   * Appends the step's events and moves the attempt in the same transaction: the row is re-read
   * and updated inside `decide`, which the EventStore runs within its write transaction.
   */
  commit(id: string, step: (row: Row, order: OrderView | undefined) => { change: Change; events: CurrentNewEvent[] }): View {
    const { noun, table, store } = this.options;
    const before = table.get(id);
    if (!before) throw new Error(`${noun} ${id} vanished`);
    let updated: Row | undefined;
    const result = store.write(before.order_id, currentActor(this.options.actor), (order) => {
      const row = table.get(id)!;
      const { change, events } = step(row, order);
      table.update(id, change, this.options.clock.now());
      updated = table.get(id);
      return { ok: true, events };
    });
    // Thrown, so the row stays in flight and recovery retries it: whatever the terminal did must reach the books.
    if (!result.ok || !updated) throw new Error(`${noun} step for ${id} was not written: ${result.ok ? 'no row' : result.error.message}`);
    this.log(updated).info({ state: updated.state, events: result.events.map((e) => e.type) }, `${noun} step committed`);
    const view = this.options.toView(updated);
    this.emit(view);
    return view;
  }

  /** A state change with no domain event (the terminal's outcome is not known yet, or nothing moved). */
  transition(id: string, change: Change): View {
    this.options.table.update(id, change, this.options.clock.now());
    const row = this.options.table.get(id)!;
    this.log(row).info({ state: row.state, change }, `${this.options.noun} state changed`);
    const view = this.options.toView(row);
    this.emit(view);
    return view;
  }

  log(row: Row): Logger {
    return this.options.logger.child({ orderId: row.order_id, [this.options.idLabel]: row.id });
  }

  private async run(id: string): Promise<View> {
    for (;;) {
      const row = this.options.table.get(id);
      if (!row) throw new Error(`${this.options.noun} ${id} vanished`);
      const step = this.options.step(row);
      if (step === 'final') return this.options.toView(row);
      if (!(await step)) {
        this.log(row).warn({ state: row.state }, `${this.options.noun} left in flight for the next recovery round`);
        return this.view(id);
      }
    }
  }
}

function isSettled<Q extends { kind: string }>(found: Q): found is Exclude<Q, { kind: 'in_progress' }> {
  return found.kind !== 'in_progress';
}
