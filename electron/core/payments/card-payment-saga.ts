import { orderStatusWords } from '../../../shared/status-words.js';
import { ticketsToFire } from '../orders/firing.js';
import { NO_SUCH_ORDER } from '../orders/result.js';
import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import type { PaymentAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { Logger } from '../../../shared/logger.js';
import { formatMoney } from '../../../shared/money.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Err, Result } from '../../../shared/result.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import type { PaymentTerminal, PresentedCard } from './terminal.js';
import { currentActor } from './current-actor.js';
import { offlineRefusal, type OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { OfflinePayments } from './offline-payments.js';
import { clip, errorText, fail } from './failure.js';
import { PaymentAttempts, toPaymentAttemptView, type PaymentAttemptChange, type PaymentAttemptRow } from './payment-attempts.js';
import { TerminalAttemptRunner, type SagaRetry, type StepRun } from './terminal-attempt-runner.js';

export type { SagaRetry } from './terminal-attempt-runner.js';

/**
 * Card payment saga: authorize → capture, one idempotency key per attempt.
 *
 * - The attempt row (and its key) is committed BEFORE the terminal is called, so a crash at any
 *   point leaves a row that recovery finds and resolves.
 * - Each step's domain event and the attempt's next state are written in ONE transaction.
 * - An unknown outcome (timeout, lost answer, crash between approval and our commit) is resolved
 *   only by `terminal.query(idempotencyKey)`; the saga never authorizes again under a new key
 *   until the terminal has said the old one charged nothing.
 * - Failure after an authorization compensates by voiding it; voids are idempotent at the terminal
 *   and retried here until the terminal answers (an attempt stays `voiding` until then).
 *
 * Single flight, recovery, retries and the commit rules live in `TerminalAttemptRunner`.
 */

export interface SagaTimeouts {
  /** Includes the card holder tapping and typing a PIN. */
  authorizeMs: number;
  captureMs: number;
  voidMs: number;
  queryMs: number;
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
  /** Store and forward while the gateway is down; absent: an unreachable gateway refuses every card. */
  offlineLimits?: OfflineLimits | undefined;
}

export interface StartCardPayment {
  orderId: string;
  amountMinor: number;
  tipMinor?: number | undefined;
  splitPartId?: string | undefined;
  requestKey?: string | undefined;
}

type Row = PaymentAttemptRow;
type Started = { attempt: PaymentAttemptView; done: Promise<PaymentAttemptView> };
/** How a capture step ends: the money moved, or the hold is to be released for a reason. */
type CaptureDecision = { kind: 'captured' } | { kind: 'void'; reason: string };

const DEFAULT_TIMEOUTS: SagaTimeouts = { authorizeMs: 120_000, captureMs: 20_000, voidMs: 20_000, queryMs: 10_000 };
const FINAL_STATES = new Set<PaymentAttemptRow['state']>(['approved', 'declined', 'failed', 'voided', 'offline_approved']);

export class CardPaymentSaga {
  private readonly timeouts: SagaTimeouts;
  private readonly attempts: PaymentAttempts;
  private readonly offline: OfflinePayments;
  private readonly runner: TerminalAttemptRunner<Row, PaymentAttemptView, PaymentAttemptChange>;

  constructor(private readonly options: CardPaymentSagaOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.attempts = new PaymentAttempts(options.db);
    this.offline = new OfflinePayments(options.db);
    this.runner = new TerminalAttemptRunner({
      noun: 'card payment',
      idLabel: 'attemptId',
      table: this.attempts,
      toView: toPaymentAttemptView,
      step: (row) => this.step(row),
      // Not driven by this process, so the terminal call may have happened before a crash: only
      // its record can tell, so ask it instead of authorizing again.
      recovered: (row) =>
        row.state === 'authorizing' ? { state: 'unknown_resolving', reason: 'Station restarted during authorization' } : undefined,
      store: options.store,
      actor: options.actor,
      clock: options.clock,
      logger: options.logger,
      retry: options.retry,
      sleep: options.sleep,
    });
  }

  onChange(listener: (view: PaymentAttemptView) => void): () => void {
    return this.runner.onChange(listener);
  }

  get(attemptId: string): PaymentAttemptView | undefined {
    const row = this.attempts.get(attemptId);
    return row ? toPaymentAttemptView(row) : undefined;
  }

  listForOrder(orderId: string): PaymentAttemptView[] {
    return this.attempts.byOrder(orderId).map(toPaymentAttemptView);
  }

  /**
   * Validates against the committed order, persists the attempt with a fresh idempotency key, and
   * starts driving it. Answers at once; `done` settles when the attempt is final or left for recovery.
   */
  start(input: StartCardPayment): Result<Started, IpcError> {
    const tipMinor = input.tipMinor ?? 0;
    const created = this.options.db
      .transaction((): Result<{ row: Row; fresh: boolean }, IpcError> => {
        if (input.requestKey !== undefined) {
          const seen = this.attempts.byRequestKey(input.requestKey);
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
        // Checked and reserved in this IMMEDIATE transaction: concurrent starts queue for the write
        // lock, so each one sees every reservation made before it and the limits cannot be overrun.
        const offline = this.options.terminal.gatewayReachable() ? undefined : this.refuseOffline(input, order!.currency);
        if (offline && !offline.ok) return offline;
        const id = this.options.store.newId();
        const now = this.options.clock.now();
        const row = this.attempts.insert({
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
        if (offline) {
          const { amount_minor: amountMinor, tip_minor: tipMinor, currency, idempotency_key: idempotencyKey } = row;
          this.offline.reserve({ paymentId: id, orderId: input.orderId, idempotencyKey, amountMinor, tipMinor, currency, now });
        }
        return { ok: true, value: { row, fresh: true } };
      })
      .immediate();
    if (!created.ok) return created;
    const { row, fresh } = created.value;
    const attempt = toPaymentAttemptView(row);
    if (fresh) {
      this.runner
        .log(row)
        .info({ amountMinor: row.amount_minor, tipMinor: row.tip_minor, terminalId: this.options.terminal.id }, 'card payment started');
      this.runner.emit(attempt);
    }
    return { ok: true, value: { attempt, done: this.drive(row.id) } };
  }

  /**
   * Cancels an attempt not yet captured. An authorization that is already held, or still arrives,
   * is voided; a captured attempt can only be refunded. Idempotent for finished attempts.
   */
  cancel(attemptId: string): Result<Started, IpcError> {
    const row = this.attempts.get(attemptId);
    if (!row) return fail('not_found', 'That card payment is not known on this station');
    if (row.state === 'approved') return fail('invalid_state', 'The card payment is already captured; refund it instead');
    if (row.state === 'offline_approved') {
      return fail('invalid_state', 'The card payment was approved offline; refund it once it has been forwarded');
    }
    if (FINAL_STATES.has(row.state) || row.cancel_requested === 1) {
      return { ok: true, value: { attempt: toPaymentAttemptView(row), done: this.drive(row.id) } };
    }
    this.attempts.requestCancel(attemptId, this.options.clock.now());
    const updated = this.runner.view(attemptId);
    this.runner.log(row).info({ state: updated.state }, 'card payment cancel requested');
    this.runner.emit(updated);
    return { ok: true, value: { attempt: updated, done: this.drive(attemptId) } };
  }

  /**
   * Splits what the order still owes into parts (e.g. a cash part and a card part). Each card
   * attempt may then name the part it pays.
   */
  splitTender(orderId: string, partsMinor: readonly number[]): Result<{ parts: { partId: string; amountMinor: number }[] }, IpcError> {
    const parts = partsMinor.map((amountMinor) => ({ partId: this.options.store.newId(), amountMinor }));
    const result = this.options.store.write(orderId, currentActor(this.options.actor), (view) => {
      if (!view) return fail('not_found', NO_SUCH_ORDER);
      if (view.status !== 'open' && view.status !== 'placed')
        return fail('invalid_state', `Order #${view.ticketNumber} is already ${orderStatusWords(view.status)}`);
      if (this.attempts.hasInFlight(orderId)) return fail('invalid_state', 'A card payment is in progress on this order');
      const sum = partsMinor.reduce((a, b) => a + b, 0);
      if (sum !== view.dueMinor)
        return fail(
          'bad_request',
          `The parts add up to ${formatMoney(sum, view.currency)}, but ${formatMoney(view.dueMinor, view.currency)} is due`,
        );
      const event: CurrentNewEvent = { type: 'TenderSplit', v: 1, payload: { parts } };
      return { ok: true, events: [event] };
    });
    return result.ok ? { ok: true, value: { parts } } : result;
  }

  /** Resumes every attempt left in flight (by a crash, or by exhausted retries). Safe to call any time. */
  recover(): Promise<PaymentAttemptView[]> {
    return this.runner.recover();
  }

  /** Drives an attempt to a final state, or until its retries are spent; never twice at once. */
  drive(attemptId: string): Promise<PaymentAttemptView> {
    return this.runner.drive(attemptId);
  }

  /** The gateway is down: Ok when this payment fits the offline limits (it is then reserved), else the reason. */
  private refuseOffline(input: StartCardPayment, currency: string): Result<true, IpcError> {
    const limits = this.options.offlineLimits;
    const totalMinor = input.amountMinor + (input.tipMinor ?? 0);
    const reason = limits
      ? offlineRefusal(limits, { totalMinor, currency }, this.offline.committedMinor())
      : 'The card gateway is unreachable: take cash, or try the card again when it returns';
    return reason ? fail('offline_limit', reason) : { ok: true, value: true };
  }

  private refuseStart(order: OrderView | undefined, input: StartCardPayment): Err<IpcError> | undefined {
    if (!order) return fail('not_found', NO_SUCH_ORDER);
    if (order.status !== 'open' && order.status !== 'placed') {
      return fail('invalid_state', `Order #${order.ticketNumber} is already ${orderStatusWords(order.status)}`);
    }
    if (order.lines.length === 0) return fail('invalid_state', 'Add at least one item before taking payment');
    if (order.dueMinor === 0) return fail('invalid_state', `Order #${order.ticketNumber} has nothing left to pay`);
    if (input.amountMinor > order.dueMinor) {
      return fail('bad_request', `A card payment of ${input.amountMinor} is more than the ${order.dueMinor} due`);
    }
    // One terminal, one attempt at a time per order: a second one could pay the same money twice.
    if (this.attempts.hasInFlight(order.id)) return fail('invalid_state', 'A card payment is already in progress on this order');
    if (input.splitPartId !== undefined) {
      const part = order.splitParts.find((p) => p.partId === input.splitPartId);
      if (!part) return fail('not_found', `That part of the split is no longer on order #${order.ticketNumber}: split it again`);
      const open = part.amountMinor - part.paidMinor;
      if (input.amountMinor !== open)
        return fail('bad_request', `This part of the split has ${formatMoney(open, order.currency)} left to pay`);
    }
    return undefined;
  }

  private step(row: Row): StepRun {
    switch (row.state) {
      case 'authorizing':
        return this.authorize(row);
      case 'unknown_resolving':
        return this.resolveUnknown(row);
      case 'capturing':
        return this.capture(row);
      case 'voiding':
        return this.voidHold(row);
      default:
        return 'final';
    }
  }

  private async authorize(row: Row): Promise<boolean> {
    if (row.cancel_requested === 1) {
      // Cancelled before the terminal was asked: it may still have seen the key if we crashed mid-call.
      this.runner.transition(row.id, { state: 'unknown_resolving', reason: 'cancelled; checking the terminal' });
      return true;
    }
    const allowOffline = this.offline.get(row.id)?.state === 'reserved';
    const request = {
      amountMinor: row.amount_minor + row.tip_minor,
      currency: row.currency,
      idempotencyKey: row.idempotency_key,
      ...(allowOffline ? { allowOffline } : {}),
    };
    const outcome = await this.runner.ask('authorize', () => this.options.terminal.authorize(request), this.timeouts.authorizeMs);
    // Only the terminal call's own failure means "unknown": what follows (the commit, its listeners)
    // runs outside, so it can never send an approved attempt to be queried and recorded again.
    if (!outcome.ok) {
      // No answer does not mean no charge: only the terminal's record can tell.
      this.runner.log(row).warn({ err: outcome.error }, 'authorize outcome unknown; querying the terminal');
      this.runner.transition(row.id, { state: 'unknown_resolving', reason: errorText(outcome.error) });
    } else if (outcome.value.kind === 'approved') {
      this.authorized(row.id, outcome.value);
    } else if (outcome.value.kind === 'approved_offline') {
      this.approvedOffline(row.id, outcome.value);
    } else {
      this.failed(row.id, 'declined', outcome.value.reason);
    }
    return true;
  }

  private async resolveUnknown(row: Row): Promise<boolean> {
    const found = await this.runner.queryUntilKnown(
      row,
      'terminal query',
      () => this.options.terminal.query(row.idempotency_key),
      this.timeouts.queryMs,
    );
    if (!found) return false;
    switch (found.kind) {
      case 'approved':
        this.authorized(row.id, found);
        break;
      case 'approved_offline':
        this.approvedOffline(row.id, found);
        break;
      case 'declined':
        this.failed(row.id, 'declined', found.reason);
        break;
      case 'not_found':
        this.failed(row.id, 'failed', 'The terminal never received the payment; nothing was charged');
        break;
    }
    return true;
  }

  private async capture(row: Row): Promise<boolean> {
    const stop = this.reasonNotToCapture(row);
    if (stop) {
      this.runner.transition(row.id, { state: 'voiding', reason: stop });
      return true;
    }
    const decision = await this.runner.retrying(() => this.tryCapture(row));
    if (decision?.kind === 'captured') this.captured(row.id);
    // Compensate: release the hold. A capture that went through after all makes the void answer
    // already_captured, and the money is then recorded as captured: it is never lost either way.
    else
      this.runner.transition(row.id, {
        state: 'voiding',
        reason: decision?.reason ?? 'Capture did not complete; releasing the authorization',
      });
    return true;
  }

  /** One capture try; undefined when the terminal left it open (no answer, hold still there). */
  private async tryCapture(row: Row): Promise<CaptureDecision | undefined> {
    const log = this.runner.log(row);
    const terminal = this.options.terminal;
    const outcome = await this.runner.ask('capture', () => terminal.capture(row.terminal_ref!), this.timeouts.captureMs);
    if (outcome.ok) {
      if (outcome.value.kind === 'captured') return { kind: 'captured' };
      log.warn({ reason: outcome.value.reason }, 'capture refused; voiding the authorization');
      return { kind: 'void', reason: `Capture refused: ${outcome.value.reason}` };
    }
    log.warn({ err: outcome.error }, 'capture outcome unknown; querying the terminal');
    // Capture is idempotent per reference, but ask first: the capture may have gone through.
    const found = await this.runner.ask('query', () => terminal.query(row.idempotency_key), this.timeouts.queryMs);
    if (!found.ok) {
      log.warn({ err: found.error }, 'terminal query failed');
      return undefined;
    }
    if (found.value.kind === 'approved' && found.value.settlement === 'captured') return { kind: 'captured' };
    if (found.value.kind !== 'approved' || found.value.settlement === 'voided') {
      return {
        kind: 'void',
        reason: `Terminal reports the authorization as ${found.value.kind === 'approved' ? 'voided' : found.value.kind}`,
      };
    }
    return undefined;
  }

  private async voidHold(row: Row): Promise<boolean> {
    const log = this.runner.log(row);
    const ref = row.terminal_ref;
    const outcome = await this.runner.retrying(async (attempt) => {
      if (!ref) return { kind: 'not_found' } as const;
      const answer = await this.runner.ask('void', () => this.options.terminal.void(ref), this.timeouts.voidMs);
      if (answer.ok) return answer.value;
      log.warn({ err: answer.error, attempt }, 'void failed; will retry');
      return undefined;
    });
    if (!outcome) return false;
    if (outcome.kind === 'already_captured') {
      log.warn({}, 'void found the payment already captured; recording the capture');
      this.captured(row.id);
    } else {
      this.voided(row.id);
    }
    return true;
  }

  /** Approved by the terminal: record the hold, then capture, or void if the order no longer wants it. */
  private authorized(attemptId: string, approval: { terminalRef: string; authCode: string; card?: PresentedCard }): void {
    const { terminalRef, authCode, card } = approval;
    this.runner.commit(attemptId, (row, order) => {
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
          // What the receipt prints of the card: masked by the terminal, never the full number.
          card: { authCode, ...(card ? { brand: card.brand, lastFour: card.lastFour } : {}) },
        },
      };
      const stop = this.reasonNotToCapture(row, order);
      // Approved online after all (the gateway came back): the offline reservation is not needed.
      this.offline.release(row.id, this.options.clock.now(), 'approved online');
      return { change: { state: stop ? 'voiding' : 'capturing', terminalRef, authCode, reason: stop ?? null }, events: [event] };
    });
  }

  /**
   * Stored by the terminal while the gateway is down: the sale completes now (the kitchen fires, as
   * with a capture), and the queue row moves to pending in the same transaction, for forwarding.
   * If the order no longer wants it, the stored payment is voided at the terminal instead.
   */
  private approvedOffline(attemptId: string, approval: { terminalRef: string; card?: PresentedCard }): void {
    const { terminalRef, card } = approval;
    const pre = this.attempts.get(attemptId)!;
    const stop = this.reasonNotToCapture(pre);
    if (stop) {
      this.runner.transition(attemptId, { state: 'voiding', terminalRef, reason: stop });
      return;
    }
    this.runner.commit(attemptId, (row, order) => {
      const now = this.options.clock.now();
      if (!this.offline.get(row.id)) {
        // The terminal approved offline on its own authority: the payment is still owed and still forwarded.
        this.runner.log(row).warn({ terminalRef }, 'terminal approved offline without a reservation; queuing it');
        const { amount_minor: amountMinor, tip_minor: tipMinor, currency, idempotency_key: idempotencyKey, order_id: orderId } = row;
        this.offline.reserve({ paymentId: row.id, orderId, idempotencyKey, amountMinor, tipMinor, currency, now });
      }
      if (!this.offline.approve(row.id, terminalRef, now)) throw new Error(`offline payment ${row.id} is not reserved`);
      const event: CurrentNewEvent = {
        type: 'PaymentApprovedOffline',
        v: 1,
        payload: {
          paymentId: row.id,
          method: 'card',
          amountMinor: row.amount_minor,
          tipMinor: row.tip_minor,
          idempotencyKey: row.idempotency_key,
          terminalRef,
          ...(card ? { card: { brand: card.brand, lastFour: card.lastFour } } : {}),
          ...(row.split_part_id ? { splitPartId: row.split_part_id } : {}),
        },
      };
      const settles = order !== undefined && row.amount_minor >= order.dueMinor;
      const tickets = settles ? ticketsToFire(order) : [];
      return { change: { state: 'offline_approved', terminalRef, reason: null }, events: [event, ...tickets] };
    });
  }

  private captured(attemptId: string): void {
    this.runner.commit(attemptId, (row, order) => {
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
      const tickets = settles ? ticketsToFire(order) : [];
      return { change: { state: 'approved', reason: null }, events: [event, ...tickets] };
    });
  }

  private failed(attemptId: string, state: 'declined' | 'failed', reason: string): void {
    this.runner.commit(attemptId, (row) => {
      this.offline.release(row.id, this.options.clock.now(), reason);
      return { change: { state, reason }, events: [{ type: 'PaymentFailed', v: 1, payload: { paymentId: row.id, reason: clip(reason) } }] };
    });
  }

  private voided(attemptId: string): void {
    this.runner.commit(attemptId, (row) => {
      const reason = clip(row.reason ?? 'voided');
      // An offline approval the order no longer wanted was never recorded as a payment: it simply failed.
      const wasOffline = this.offline.get(row.id)?.state === 'reserved';
      this.offline.release(row.id, this.options.clock.now(), reason);
      const event: CurrentNewEvent = wasOffline
        ? { type: 'PaymentFailed', v: 1, payload: { paymentId: row.id, reason } }
        : { type: 'PaymentVoided', v: 1, payload: { paymentId: row.id, reason } };
      return { change: { state: 'voided', reason: row.reason ?? 'voided' }, events: [event] };
    });
  }

  /** Cancelled, or the order was paid, cancelled or changed meanwhile: the hold must not be captured. */
  private reasonNotToCapture(row: Row, order = this.options.store.getOrder(row.order_id)): string | undefined {
    if (row.cancel_requested === 1) return 'Cancelled by the cashier';
    if (!order) return 'The order is gone';
    if (order.status !== 'open' && order.status !== 'placed') return `The order is ${orderStatusWords(order.status)}`;
    if (order.dueMinor < row.amount_minor) return `Only ${order.dueMinor} is still due`;
    return undefined;
  }
}
