import { ticketsToFire } from '../orders/firing.js';
import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import { IN_FLIGHT_ATTEMPT_STATES, type PaymentAttemptState, type PaymentAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import { withTimeout, type PaymentTerminal } from './terminal.js';
import { currentActor } from './current-actor.js';

/**
 * Card payment saga: authorize → capture, one idempotency key per attempt.
 *
 * - The attempt row (and its key) is committed BEFORE the terminal is called, so a crash at any
 *   point leaves a row that recovery finds and resolves.
 * - Each step's domain event and the attempt's next state are written in ONE transaction (the row
 *   is updated inside the EventStore's `decide`), so the event log and the attempt never disagree.
 * - An unknown outcome (timeout, lost answer, crash between approval and our commit) is resolved
 *   only by `terminal.query(idempotencyKey)`; the saga never authorizes again under a new key
 *   until the terminal has said the old one charged nothing.
 * - Failure after an authorization compensates by voiding it; voids are idempotent at the terminal
 *   and retried here until the terminal answers (an attempt stays `voiding` until then).
 */

export interface SagaTimeouts {
  /** Includes the card holder tapping and typing a PIN. */
  authorizeMs: number;
  captureMs: number;
  voidMs: number;
  queryMs: number;
}

export interface SagaRetry {
  /** Terminal calls per step before the attempt is left for the next recovery round. */
  maxTries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface CardPaymentSagaOptions {
  db: Db;
  store: EventStore;
  terminal: PaymentTerminal;
  /** Who the events are written as: a function gives the staff member signed in at that moment. */
  actor: Actor | (() => Actor);
  clock: Clock;
  logger: Logger;
  timeouts?: Partial<SagaTimeouts>;
  retry?: Partial<SagaRetry>;
  /** Waits between retries; tests make it immediate. */
  sleep?: (ms: number) => Promise<void>;
}

export interface StartCardPayment {
  orderId: string;
  amountMinor: number;
  tipMinor?: number | undefined;
  splitPartId?: string | undefined;
  requestKey?: string | undefined;
}

export type SagaResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

type Row = {
  id: string;
  order_id: string;
  idempotency_key: string;
  request_key: string | null;
  amount_minor: number;
  tip_minor: number;
  currency: string;
  split_part_id: string | null;
  state: PaymentAttemptState;
  terminal_ref: string | null;
  auth_code: string | null;
  reason: string | null;
  cancel_requested: 0 | 1;
  created_at: number;
  updated_at: number;
};

type RowChange = { state: PaymentAttemptState; terminalRef?: string; authCode?: string; reason?: string | null };

const DEFAULT_TIMEOUTS: SagaTimeouts = { authorizeMs: 120_000, captureMs: 20_000, voidMs: 20_000, queryMs: 10_000 };
const DEFAULT_RETRY: SagaRetry = { maxTries: 6, baseDelayMs: 500, maxDelayMs: 10_000 };
const IN_FLIGHT: readonly PaymentAttemptState[] = IN_FLIGHT_ATTEMPT_STATES;
const FINAL_STATES = new Set<PaymentAttemptState>(['approved', 'declined', 'failed', 'voided']);

const fail = (code: IpcError['code'], message: string) => ({ ok: false as const, error: { code, message } });

export class CardPaymentSaga {
  private readonly timeouts: SagaTimeouts;
  private readonly retry: SagaRetry;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Single flight per attempt: a resume and a double-submit never drive one attempt twice. */
  private readonly running = new Map<string, Promise<PaymentAttemptView>>();
  private readonly changeListeners = new Set<(view: PaymentAttemptView) => void>();
  private readonly capturedListeners = new Set<(view: PaymentAttemptView) => void>();
  private readonly statements;

  constructor(private readonly options: CardPaymentSagaOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
    const { db } = options;
    this.statements = {
      get: db.prepare<[string], Row>('SELECT * FROM payment_attempts WHERE id = ?'),
      byRequestKey: db.prepare<[string], Row>('SELECT * FROM payment_attempts WHERE request_key = ?'),
      byOrder: db.prepare<[string], Row>('SELECT * FROM payment_attempts WHERE order_id = ? ORDER BY created_at, id'),
      inFlight: db.prepare<[], Row>(
        `SELECT * FROM payment_attempts WHERE state IN (${IN_FLIGHT.map((s) => `'${s}'`).join(', ')}) ORDER BY created_at, id`,
      ),
      insert: db.prepare(
        `INSERT INTO payment_attempts (id, order_id, idempotency_key, request_key, method, amount_minor, tip_minor, currency,
           split_part_id, state, cancel_requested, created_at, updated_at)
         VALUES (@id, @orderId, @idempotencyKey, @requestKey, 'card', @amountMinor, @tipMinor, @currency, @splitPartId,
           'authorizing', 0, @now, @now)`,
      ),
      update: db.prepare(
        `UPDATE payment_attempts SET state = @state, terminal_ref = coalesce(@terminalRef, terminal_ref),
           auth_code = coalesce(@authCode, auth_code), reason = @reason, updated_at = @now WHERE id = @id`,
      ),
      requestCancel: db.prepare('UPDATE payment_attempts SET cancel_requested = 1, updated_at = ? WHERE id = ?'),
    };
  }

  onChange(listener: (view: PaymentAttemptView) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** After a capture is committed: the station prints the receipt when the order is paid. */
  onCaptured(listener: (view: PaymentAttemptView) => void): () => void {
    this.capturedListeners.add(listener);
    return () => this.capturedListeners.delete(listener);
  }

  get(attemptId: string): PaymentAttemptView | undefined {
    const row = this.statements.get.get(attemptId);
    return row ? toView(row) : undefined;
  }

  listForOrder(orderId: string): PaymentAttemptView[] {
    return this.statements.byOrder.all(orderId).map(toView);
  }

  /**
   * Validates against the committed order, persists the attempt with a fresh idempotency key, and
   * starts driving it. Answers at once; `done` settles when the attempt is final or left for recovery.
   */
  start(input: StartCardPayment): SagaResult<{ attempt: PaymentAttemptView; done: Promise<PaymentAttemptView> }> {
    const tipMinor = input.tipMinor ?? 0;
    const created = this.options.db.transaction((): SagaResult<{ row: Row; fresh: boolean }> => {
      if (input.requestKey !== undefined) {
        const seen = this.statements.byRequestKey.get(input.requestKey);
        if (seen) {
          // A double submit: the same request answers with the same attempt, never a second charge.
          const same = seen.order_id === input.orderId && seen.amount_minor === input.amountMinor && seen.tip_minor === tipMinor;
          if (!same) return fail('bad_request', 'This request key was already used for a different payment');
          return { ok: true, value: { row: seen, fresh: false } };
        }
      }
      const order = this.options.store.getOrder(input.orderId);
      const refusal = this.refuseStart(order, input);
      if (refusal) return refusal;
      const id = this.options.store.newId();
      const now = this.options.clock.now();
      this.statements.insert.run({
        id,
        orderId: input.orderId,
        // The attempt id is a UUIDv7, unique per attempt: a retry is a new attempt with a new key.
        idempotencyKey: `card-${id}`,
        requestKey: input.requestKey ?? null,
        amountMinor: input.amountMinor,
        tipMinor,
        currency: order!.currency,
        splitPartId: input.splitPartId ?? null,
        now,
      });
      return { ok: true, value: { row: this.statements.get.get(id)!, fresh: true } };
    }).immediate();
    if (!created.ok) return created;
    const { row, fresh } = created.value;
    const attempt = toView(row);
    if (fresh) {
      this.log(row).info({ amountMinor: row.amount_minor, tipMinor: row.tip_minor, terminalId: this.options.terminal.id }, 'card payment started');
      this.emit(attempt);
    }
    return { ok: true, value: { attempt, done: this.drive(row.id) } };
  }

  /**
   * Cancels an attempt not yet captured. An authorization that is already held, or still arrives,
   * is voided; a captured attempt can only be refunded. Idempotent for finished attempts.
   */
  cancel(attemptId: string): SagaResult<{ attempt: PaymentAttemptView; done: Promise<PaymentAttemptView> }> {
    const row = this.statements.get.get(attemptId);
    if (!row) return fail('not_found', `No card payment attempt ${attemptId}`);
    if (row.state === 'approved') return fail('invalid_state', 'The card payment is already captured; refund it instead');
    if (FINAL_STATES.has(row.state) || row.cancel_requested === 1) {
      return { ok: true, value: { attempt: toView(row), done: this.drive(row.id) } };
    }
    this.statements.requestCancel.run(this.options.clock.now(), attemptId);
    const updated = this.statements.get.get(attemptId)!;
    this.log(updated).info({ state: updated.state }, 'card payment cancel requested');
    this.emit(toView(updated));
    return { ok: true, value: { attempt: toView(updated), done: this.drive(attemptId) } };
  }

  /**
   * Splits what the order still owes into parts (e.g. a cash part and a card part). Each card
   * attempt may then name the part it pays.
   */
  splitTender(orderId: string, partsMinor: readonly number[]): SagaResult<{ parts: { partId: string; amountMinor: number }[] }> {
    const parts = partsMinor.map((amountMinor) => ({ partId: this.options.store.newId(), amountMinor }));
    const result = this.options.store.write(orderId, currentActor(this.options.actor), (view) => {
      if (!view) return fail('not_found', `No order ${orderId}`);
      if (view.status !== 'open' && view.status !== 'placed') return fail('invalid_state', `Order #${view.ticketNumber} is already ${view.status}`);
      if (this.statements.byOrder.all(orderId).some((a) => IN_FLIGHT.includes(a.state))) {
        return fail('invalid_state', 'A card payment is in progress on this order');
      }
      const sum = partsMinor.reduce((a, b) => a + b, 0);
      if (sum !== view.dueMinor) return fail('bad_request', `The parts add up to ${sum}, but ${view.dueMinor} is due`);
      const event: CurrentNewEvent = { type: 'TenderSplit', v: 1, payload: { parts } };
      return { ok: true, events: [event] };
    });
    return result.ok ? { ok: true, value: { parts } } : result;
  }

  /** Resumes every attempt left in flight (by a crash, or by exhausted retries). Safe to call any time. */
  recover(): Promise<PaymentAttemptView[]> {
    const rows = this.statements.inFlight.all();
    for (const row of rows) {
      if (this.running.has(row.id)) continue;
      this.log(row).warn({ state: row.state }, 'resuming card payment left in flight');
      // Not driven by this process, so the terminal call may have happened before a crash: only
      // its record can tell, so ask it instead of authorizing again.
      if (row.state === 'authorizing') this.transition(row, { state: 'unknown_resolving', reason: 'Station restarted during authorization' });
    }
    return Promise.all(rows.map((row) => this.drive(row.id)));
  }

  /** Drives an attempt to a final state, or until its retries are spent; never twice at once. */
  drive(attemptId: string): Promise<PaymentAttemptView> {
    const current = this.running.get(attemptId);
    if (current) return current;
    const run = this.run(attemptId)
      .catch((error: unknown) => {
        // A bug or a database error: the row still says where the attempt stands; recovery resumes it.
        this.options.logger.error({ attemptId, err: error }, 'card payment step failed');
        return toView(this.statements.get.get(attemptId)!);
      })
      .finally(() => this.running.delete(attemptId));
    this.running.set(attemptId, run);
    return run;
  }

  private refuseStart(order: OrderView | undefined, input: StartCardPayment): { ok: false; error: IpcError } | undefined {
    if (!order) return fail('not_found', `No order ${input.orderId}`);
    if (order.status !== 'open' && order.status !== 'placed') {
      return fail('invalid_state', `Order #${order.ticketNumber} is already ${order.status.replace('_', ' ')}`);
    }
    if (order.lines.length === 0) return fail('invalid_state', 'Add at least one item before taking payment');
    if (order.dueMinor === 0) return fail('invalid_state', `Order #${order.ticketNumber} has nothing left to pay`);
    if (input.amountMinor > order.dueMinor) {
      return fail('bad_request', `A card payment of ${input.amountMinor} is more than the ${order.dueMinor} due`);
    }
    // One terminal, one attempt at a time per order: a second one could pay the same money twice.
    if (this.statements.byOrder.all(order.id).some((a) => IN_FLIGHT.includes(a.state))) {
      return fail('invalid_state', 'A card payment is already in progress on this order');
    }
    if (input.splitPartId !== undefined) {
      const part = order.splitParts.find((p) => p.partId === input.splitPartId);
      if (!part) return fail('not_found', `No split part ${input.splitPartId} on order #${order.ticketNumber}`);
      const open = part.amountMinor - part.paidMinor;
      if (input.amountMinor !== open) return fail('bad_request', `Split part ${input.splitPartId} has ${open} left to pay`);
    }
    return undefined;
  }

  private async run(attemptId: string): Promise<PaymentAttemptView> {
    for (;;) {
      const row = this.statements.get.get(attemptId);
      if (!row) throw new Error(`payment attempt ${attemptId} vanished`);
      let progressed: boolean;
      switch (row.state) {
        case 'authorizing':
          progressed = await this.authorize(row);
          break;
        case 'unknown_resolving':
          progressed = await this.resolveUnknown(row);
          break;
        case 'capturing':
          progressed = await this.capture(row);
          break;
        case 'voiding':
          progressed = await this.voidHold(row);
          break;
        default:
          return toView(row);
      }
      if (!progressed) {
        this.log(row).warn({ state: row.state }, 'card payment left in flight for the next recovery round');
        return toView(this.statements.get.get(attemptId)!);
      }
    }
  }

  private async authorize(row: Row): Promise<boolean> {
    const log = this.log(row);
    if (row.cancel_requested === 1) {
      // Cancelled before the terminal was asked: it may still have seen the key if we crashed mid-call.
      this.transition(row, { state: 'unknown_resolving', reason: 'cancelled; checking the terminal' });
      return true;
    }
    try {
      const outcome = await withTimeout(
        this.options.terminal.authorize({ amountMinor: row.amount_minor + row.tip_minor, currency: row.currency, idempotencyKey: row.idempotency_key }),
        this.timeouts.authorizeMs,
        'authorize',
      );
      if (outcome.kind === 'approved') this.authorized(row.id, outcome.terminalRef, outcome.authCode);
      else this.failed(row.id, 'declined', outcome.reason);
    } catch (error) {
      // No answer does not mean no charge: only the terminal's record can tell.
      log.warn({ err: error }, 'authorize outcome unknown; querying the terminal');
      this.transition(row, { state: 'unknown_resolving', reason: errorText(error) });
    }
    return true;
  }

  private async resolveUnknown(row: Row): Promise<boolean> {
    const log = this.log(row);
    for (let attempt = 0; attempt < this.retry.maxTries; attempt += 1) {
      if (attempt > 0) await this.sleep(this.backoff(attempt));
      try {
        const found = await withTimeout(this.options.terminal.query(row.idempotency_key), this.timeouts.queryMs, 'query');
        log.info({ outcome: found.kind }, 'terminal queried for unknown outcome');
        switch (found.kind) {
          case 'approved':
            this.authorized(row.id, found.terminalRef, found.authCode);
            return true;
          case 'declined':
            this.failed(row.id, 'declined', found.reason);
            return true;
          case 'not_found':
            this.failed(row.id, 'failed', 'The terminal never received the payment; nothing was charged');
            return true;
          case 'in_progress':
            continue;
        }
      } catch (error) {
        log.warn({ err: error }, 'terminal query failed');
      }
    }
    return false;
  }

  private async capture(row: Row): Promise<boolean> {
    const log = this.log(row);
    const stop = this.reasonNotToCapture(row);
    if (stop) {
      this.transition(row, { state: 'voiding', reason: stop });
      return true;
    }
    const ref = row.terminal_ref!;
    for (let attempt = 0; attempt < this.retry.maxTries; attempt += 1) {
      if (attempt > 0) await this.sleep(this.backoff(attempt));
      try {
        const outcome = await withTimeout(this.options.terminal.capture(ref), this.timeouts.captureMs, 'capture');
        if (outcome.kind === 'captured') {
          this.captured(row.id);
          return true;
        }
        log.warn({ reason: outcome.reason }, 'capture refused; voiding the authorization');
        this.transition(row, { state: 'voiding', reason: `Capture refused: ${outcome.reason}` });
        return true;
      } catch (error) {
        log.warn({ err: error }, 'capture outcome unknown; querying the terminal');
      }
      // Capture is idempotent per reference, but ask first: the capture may have gone through.
      try {
        const found = await withTimeout(this.options.terminal.query(row.idempotency_key), this.timeouts.queryMs, 'query');
        if (found.kind === 'approved' && found.settlement === 'captured') {
          this.captured(row.id);
          return true;
        }
        if (found.kind !== 'approved' || found.settlement === 'voided') {
          this.transition(row, { state: 'voiding', reason: `Terminal reports the authorization as ${found.kind === 'approved' ? 'voided' : found.kind}` });
          return true;
        }
      } catch (error) {
        log.warn({ err: error }, 'terminal query failed');
      }
    }
    // Compensate: release the hold. A capture that went through after all makes the void answer
    // already_captured, and the money is then recorded as captured: it is never lost either way.
    this.transition(row, { state: 'voiding', reason: 'Capture did not complete; releasing the authorization' });
    return true;
  }

  private async voidHold(row: Row): Promise<boolean> {
    const log = this.log(row);
    for (let attempt = 0; attempt < this.retry.maxTries; attempt += 1) {
      if (attempt > 0) await this.sleep(this.backoff(attempt));
      try {
        const outcome = row.terminal_ref
          ? await withTimeout(this.options.terminal.void(row.terminal_ref), this.timeouts.voidMs, 'void')
          : ({ kind: 'not_found' } as const);
        if (outcome.kind === 'already_captured') {
          log.warn({}, 'void found the payment already captured; recording the capture');
          this.captured(row.id);
        } else {
          this.voided(row.id);
        }
        return true;
      } catch (error) {
        log.warn({ err: error, attempt }, 'void failed; will retry');
      }
    }
    return false;
  }

  /** Approved by the terminal: record the hold, then capture, or void if the order no longer wants it. */
  private authorized(attemptId: string, terminalRef: string, authCode: string): void {
    this.commit(attemptId, (row, order) => {
      const event: CurrentNewEvent = {
        type: 'PaymentAuthorized',
        v: 1,
        payload: {
          paymentId: row.id,
          method: 'card',
          amountMinor: row.amount_minor,
          tipMinor: row.tip_minor,
          idempotencyKey: row.idempotency_key,
          terminalRef,
        },
      };
      const stop = this.reasonNotToCapture(row, order);
      return { change: { state: stop ? 'voiding' : 'capturing', terminalRef, authCode, reason: stop ?? null }, events: [event] };
    });
  }

  private captured(attemptId: string): void {
    const view = this.commit(attemptId, (row, order) => {
      const event: CurrentNewEvent = {
        type: 'PaymentCaptured',
        v: 2,
        payload: {
          paymentId: row.id,
          method: 'card',
          amountMinor: row.amount_minor,
          tipMinor: row.tip_minor,
          changeMinor: 0,
          roundingMinor: 0,
          ...(row.split_part_id ? { splitPartId: row.split_part_id } : {}),
        },
      };
      // A capture that settles the order sends its lines to the kitchen in the same write, as cash does.
      const settles = order !== undefined && row.amount_minor >= order.dueMinor;
      const tickets = settles ? ticketsToFire(order.lines, () => this.options.store.newId()) : [];
      return { change: { state: 'approved', reason: null }, events: [event, ...tickets] };
    });
    for (const listener of this.capturedListeners) {
      try {
        listener(view);
      } catch (error) {
        this.options.logger.error({ attemptId, orderId: view.orderId, err: error }, 'after-capture step failed');
      }
    }
  }

  private failed(attemptId: string, state: 'declined' | 'failed', reason: string): void {
    this.commit(attemptId, (row) => ({
      change: { state, reason },
      events: [{ type: 'PaymentFailed', v: 1, payload: { paymentId: row.id, reason: clip(reason) } }],
    }));
  }

  private voided(attemptId: string): void {
    this.commit(attemptId, (row) => ({
      change: { state: 'voided', reason: row.reason ?? 'voided' },
      events: [{ type: 'PaymentVoided', v: 1, payload: { paymentId: row.id, reason: clip(row.reason ?? 'voided') } }],
    }));
  }

  /** Cancelled, or the order was paid, cancelled or changed meanwhile: the hold must not be captured. */
  private reasonNotToCapture(row: Row, order = this.options.store.getOrder(row.order_id)): string | undefined {
    if (row.cancel_requested === 1) return 'Cancelled by the cashier';
    if (!order) return 'The order is gone';
    if (order.status !== 'open' && order.status !== 'placed') return `The order is ${order.status.replace('_', ' ')}`;
    if (order.dueMinor < row.amount_minor) return `Only ${order.dueMinor} is still due`;
    return undefined;
  }

  /**
   * Appends the step's events and moves the attempt in the same transaction: the row is re-read
   * and updated inside `decide`, which the EventStore runs within its write transaction.
   */
  private commit(attemptId: string, step: (row: Row, order: OrderView | undefined) => { change: RowChange; events: CurrentNewEvent[] }): PaymentAttemptView {
    let updated: Row | undefined;
    const row0 = this.statements.get.get(attemptId)!;
    const result = this.options.store.write(row0.order_id, currentActor(this.options.actor), (order) => {
      const row = this.statements.get.get(attemptId)!;
      const { change, events } = step(row, order);
      this.updateRow(row.id, change);
      updated = this.statements.get.get(attemptId)!;
      return { ok: true, events };
    });
    if (!result.ok || !updated) throw new Error(`payment step for ${attemptId} was not written: ${result.ok ? 'no row' : result.error.message}`);
    const view = toView(updated);
    this.log(updated).info({ state: view.state, events: result.events.map((e) => e.type), reason: view.reason }, 'card payment step committed');
    this.emit(view);
    return view;
  }

  /** A state change with no domain event (the terminal's outcome is not known yet). */
  private transition(row: Row, change: RowChange): void {
    this.updateRow(row.id, change);
    const view = toView(this.statements.get.get(row.id)!);
    this.log(row).info({ state: view.state, reason: view.reason }, 'card payment state changed');
    this.emit(view);
  }

  private updateRow(id: string, change: RowChange): void {
    this.statements.update.run({
      id,
      state: change.state,
      terminalRef: change.terminalRef ?? null,
      authCode: change.authCode ?? null,
      reason: change.reason === undefined ? null : change.reason,
      now: this.options.clock.now(),
    });
  }

  private backoff(attempt: number): number {
    return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
  }

  private emit(view: PaymentAttemptView): void {
    for (const listener of this.changeListeners) listener(view);
  }

  private log(row: Row): Logger {
    return this.options.logger.child({ orderId: row.order_id, attemptId: row.id });
  }
}

function toView(row: Row): PaymentAttemptView {
  return {
    attemptId: row.id,
    orderId: row.order_id,
    method: 'card',
    state: row.state,
    amountMinor: row.amount_minor,
    tipMinor: row.tip_minor,
    currency: row.currency,
    ...(row.split_part_id ? { splitPartId: row.split_part_id } : {}),
    ...(row.terminal_ref ? { terminalRef: row.terminal_ref } : {}),
    ...(row.auth_code ? { authCode: row.auth_code } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    cancelRequested: row.cancel_requested === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function errorText(error: unknown): string {
  return clip(error instanceof Error ? error.message : String(error));
}

/** Event reasons are at most 200 characters. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text || 'unknown';
}
