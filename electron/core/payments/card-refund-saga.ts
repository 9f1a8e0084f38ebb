import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import type { RefundAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Result } from '../../../shared/result.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import { formatMoney } from '../../../shared/money.js';
import { moneyHeldMinor, orderStep } from '../orders/rules.js';
import { NO_APPROVAL_NEEDED, type ApprovalGate } from '../staff/approvals.js';
import type { PaymentTerminal } from './terminal.js';
import { clip, errorText, fail } from './failure.js';
import { capturedCardPayments, type CapturedCardPayments } from './payment-attempts.js';
import {
  isRefundInFlight,
  RefundAttempts,
  toRefundAttemptView,
  type RefundAttemptChange,
  type RefundAttemptRow,
} from './refund-attempts.js';
import { TerminalAttemptRunner, type StepRun } from './terminal-attempt-runner.js';
import { NO_SUCH_ORDER } from '../orders/result.js';
import { currentActor } from './current-actor.js';
import { OfflinePayments } from './offline-payments.js';
import { finishOfflineVoids } from './offline-void.js';

/**
 * Card refund saga: one refund row and idempotency key per refund, committed BEFORE the terminal is
 * asked. The PaymentRefunded event (its `refundId` is the row id, so the fold refuses a duplicate)
 * and the row's final state are written in ONE transaction. A lost answer (timeout, crash) is
 * resolved only by `terminal.queryRefund(key)`: a refund is never sent again under a new key
 * until the terminal has said the old one moved nothing.
 *
 * Single flight, recovery, retries and the commit rules live in `TerminalAttemptRunner`.
 */

export interface RefundSagaOptions {
  db: Db;
  store: EventStore;
  terminal: PaymentTerminal;
  /** Who the events are written as: a function gives the staff member signed in at that moment. */
  actor: Actor | (() => Actor);
  clock: Clock;
  logger: Logger;
  timeouts?: { refundMs?: number; queryMs?: number; voidMs?: number };
  retry?: { maxTries?: number; baseDelayMs?: number; maxDelayMs?: number };
  sleep?: (ms: number) => Promise<void>;
  /**
   * Manager approval where staff sign in (the same gate as cash refunds): asked once the refund is
   * otherwise valid, before the terminal is. Absent: nothing to approve.
   */
  approvals?: ApprovalGate;
}

export interface StartCardRefund {
  orderId: string;
  paymentId: string;
  amountMinor: number;
  reason: string;
  managerPin?: string | undefined;
  requestKey?: string | undefined;
}

type Row = RefundAttemptRow;
type Started = { refund: RefundAttemptView; done: Promise<RefundAttemptView> };

export class CardRefundSaga {
  private readonly timeouts: { refundMs: number; queryMs: number; voidMs: number };
  private readonly refunds: RefundAttempts;
  private readonly offline: OfflinePayments;
  private readonly payments: CapturedCardPayments;
  private readonly runner: TerminalAttemptRunner<Row, RefundAttemptView, RefundAttemptChange>;

  constructor(private readonly options: RefundSagaOptions) {
    this.timeouts = { refundMs: 30_000, queryMs: 10_000, voidMs: 10_000, ...options.timeouts };
    this.refunds = new RefundAttempts(options.db);
    this.offline = new OfflinePayments(options.db);
    this.payments = capturedCardPayments(options.db);
    this.runner = new TerminalAttemptRunner({
      noun: 'card refund',
      idLabel: 'refundId',
      table: this.refunds,
      toView: toRefundAttemptView,
      step: (row) => this.step(row),
      // Not driven by this process: the refund may have reached the terminal before a crash.
      recovered: (row) =>
        row.state === 'refunding' ? { state: 'unknown_resolving', outcomeReason: 'Station restarted during the refund' } : undefined,
      store: options.store,
      actor: options.actor,
      clock: options.clock,
      logger: options.logger,
      retry: options.retry,
      sleep: options.sleep,
    });
  }

  onChange(listener: (view: RefundAttemptView) => void): () => void {
    return this.runner.onChange(listener);
  }

  get(refundId: string): RefundAttemptView | undefined {
    const row = this.refunds.get(refundId);
    return row ? toRefundAttemptView(row) : undefined;
  }

  listForOrder(orderId: string): RefundAttemptView[] {
    return this.refunds.byOrder(orderId).map(toRefundAttemptView);
  }

  /** Validates against the committed order, persists the refund with its key, and starts driving it. */
  start(input: StartCardRefund): Result<Started, IpcError> {
    if (input.requestKey !== undefined) {
      const seen = this.refunds.byRequestKey(input.requestKey);
      if (seen) {
        const same = seen.order_id === input.orderId && seen.payment_id === input.paymentId && seen.amount_minor === input.amountMinor;
        if (!same) return fail('bad_request', 'This request key was already used for a different refund');
        return { ok: true, value: { refund: toRefundAttemptView(seen), done: this.drive(seen.id) } };
      }
    }
    const payment = this.options.store.getOrder(input.orderId)?.payments.find((p) => p.paymentId === input.paymentId);
    if (payment?.status === 'offline_approved') return this.voidOffline(input);
    const created = this.options.db
      .transaction((): Result<Row, IpcError> => {
        const order = this.options.store.getOrder(input.orderId);
        const checked = this.refuseStart(order, input);
        if (!checked.ok) return checked;
        const action = `refund ${formatMoney(input.amountMinor, order!.currency)} to the card on order #${order!.ticketNumber}`;
        const approval = (this.options.approvals ?? NO_APPROVAL_NEEDED).approve(action, input.managerPin);
        if (!approval.ok) return approval;
        const id = this.options.store.newId();
        const row = this.refunds.insert({
          id,
          orderId: input.orderId,
          paymentId: input.paymentId,
          idempotencyKey: `refund-${id}`,
          requestKey: input.requestKey ?? null,
          amountMinor: input.amountMinor,
          currency: order!.currency,
          reason: input.reason,
          approvedBy: approval.approvedBy ?? null,
          terminalRef: checked.value,
          now: this.options.clock.now(),
        });
        return { ok: true, value: row };
      })
      .immediate();
    if (!created.ok) return created;
    const row = created.value;
    this.runner
      .log(row)
      .info({ amountMinor: row.amount_minor, paymentId: row.payment_id, terminalId: this.options.terminal.id }, 'card refund started');
    this.runner.emit(toRefundAttemptView(row));
    return { ok: true, value: { refund: toRefundAttemptView(row), done: this.drive(row.id) } };
  }

  /**
   * Resumes refunds left in flight by a crash or spent retries: their outcome comes from the terminal's
   * record. Offline payments refunded before forwarding get their stored copy voided at the terminal.
   */
  async recover(): Promise<RefundAttemptView[]> {
    await this.finishVoids();
    return this.runner.recover();
  }

  /**
   * Refund of a card payment approved offline and not yet forwarded: no money has moved, so, as a real
   * terminal does, the stored payment is voided and never forwarded. The refund row (final at once),
   * its PaymentRefunded event and the queue row `pending` → `voiding` commit in ONE transaction; the
   * terminal is told afterwards (`finishOfflineVoids`), and again after a crash until it answers.
   * Only in full: a terminal voids a stored payment whole; part of it is refunded once forwarded.
   */
  private voidOffline(input: StartCardRefund): Result<Started, IpcError> {
    let created: Row | undefined;
    const written = this.options.store.write(input.orderId, currentActor(this.options.actor), (order) => {
      if (!order) return fail('not_found', NO_SUCH_ORDER);
      const payment = order.payments.find((p) => p.paymentId === input.paymentId);
      const queued = this.offline.get(input.paymentId);
      if (!payment || payment.status !== 'offline_approved' || !queued) {
        return fail('invalid_state', 'This card payment changed while the refund was being prepared; try again');
      }
      const whole = payment.amountMinor + payment.tipMinor;
      if (input.amountMinor !== whole) {
        return fail(
          'invalid_state',
          `This card payment was approved offline and is not forwarded yet: it can only be refunded in full now ` +
            `(${formatMoney(whole, order.currency)}, the stored payment is cancelled); refund part of it once it has been ` +
            'forwarded, when the card gateway is back',
        );
      }
      if (queued.state === 'forwarding') {
        return fail(
          'invalid_state',
          'This card payment is being forwarded to the card gateway right now; refund it once it has been forwarded',
        );
      }
      // The fold counts payments approved offline as held money (the view's helper counts only captured ones).
      const offlineHeld = order.payments
        .filter((p) => p.status === 'offline_approved')
        .reduce((sum, p) => sum + p.amountMinor + p.tipMinor, 0);
      const held = moneyHeldMinor(order) + offlineHeld;
      const step = orderStep(order, 'PaymentRefunded', `refund order #${order.ticketNumber}`, { moneyHeld: held - whole > 0 });
      if (!step.ok) return step;
      const action = `refund ${formatMoney(whole, order.currency)} to the card on order #${order.ticketNumber}`;
      const approval = (this.options.approvals ?? NO_APPROVAL_NEEDED).approve(action, input.managerPin);
      if (!approval.ok) return approval;
      const now = this.options.clock.now();
      // Out of the queue before anything else: from this commit on it can never be forwarded.
      if (!this.offline.move(input.paymentId, 'pending', 'voiding', now, clip(input.reason))) {
        return fail('invalid_state', `This card payment is ${queued.state} in the offline queue and can no longer be voided`);
      }
      const id = this.options.store.newId();
      const terminalRef = queued.terminal_ref ?? '';
      this.refunds.insert({
        id,
        orderId: input.orderId,
        paymentId: input.paymentId,
        idempotencyKey: `refund-${id}`,
        requestKey: input.requestKey ?? null,
        amountMinor: whole,
        currency: order.currency,
        reason: input.reason,
        approvedBy: approval.approvedBy ?? null,
        terminalRef,
        now,
      });
      this.refunds.update(
        id,
        { state: 'refunded', refundRef: `VOID-${terminalRef}`, outcomeReason: 'Voided before it was forwarded: no money moved' },
        now,
      );
      created = this.refunds.get(id)!;
      const event: CurrentNewEvent = {
        type: 'PaymentRefunded',
        v: 1,
        payload: {
          refundId: id,
          paymentId: input.paymentId,
          amountMinor: whole,
          reason: clip(input.reason),
          ...(approval.approvedBy ? { approvedBy: approval.approvedBy } : {}),
        },
      };
      return { ok: true, events: [event] };
    });
    if (!written.ok) return written;
    const row = created!;
    this.runner.log(row).info({ amountMinor: row.amount_minor, paymentId: row.payment_id }, 'offline card payment refunded by voiding it');
    const view = toRefundAttemptView(row);
    this.runner.emit(view);
    const done = this.finishVoids(row.payment_id).then(() => view);
    return { ok: true, value: { refund: view, done } };
  }

  private finishVoids(only?: string): Promise<number> {
    const { terminal, clock, logger } = this.options;
    return finishOfflineVoids({ table: this.offline, terminal, clock, logger, timeoutMs: this.timeouts.voidMs }, only);
  }

  drive(refundId: string): Promise<RefundAttemptView> {
    return this.runner.drive(refundId);
  }

  /** Answers the captured card payment's terminal reference, or why the refund cannot start. */
  private refuseStart(order: OrderView | undefined, input: StartCardRefund): Result<string, IpcError> {
    if (!order) return fail('not_found', NO_SUCH_ORDER);
    const payment = order.payments.find((p) => p.paymentId === input.paymentId);
    if (!payment) return fail('not_found', `That payment is not on order #${order.ticketNumber}`);
    if (payment.method !== 'card') return fail('bad_request', 'Only card payments are refunded to the card; give cash back instead');
    if (payment.status !== 'captured' && payment.status !== 'refunded') {
      return fail('invalid_state', `The card payment is ${payment.status}; only captured money can be refunded`);
    }
    const inFlight = this.refunds.byOrder(order.id).filter((r) => r.payment_id === input.paymentId && isRefundInFlight(r.state));
    const pending = inFlight.reduce((sum, r) => sum + r.amount_minor, 0);
    const left = payment.amountMinor + payment.tipMinor - payment.refundedMinor - pending;
    if (input.amountMinor > left) {
      const leftText = formatMoney(left, order.currency);
      return fail(
        'invalid_state',
        `Only ${leftText} is left to refund on this card payment${pending > 0 ? ' (a refund is in progress)' : ''}`,
      );
    }
    const step = orderStep(order, 'PaymentRefunded', `refund order #${order.ticketNumber}`, {
      moneyHeld: moneyHeldMinor(order) - input.amountMinor > 0,
    });
    if (!step.ok) return step;
    const ref = this.payments.terminalRef(input.paymentId);
    if (!ref) return fail('invalid_state', 'This card payment was not taken on this station’s terminal');
    return { ok: true, value: ref };
  }

  private step(row: Row): StepRun {
    switch (row.state) {
      case 'refunding':
        return this.send(row);
      case 'unknown_resolving':
        return this.resolveUnknown(row);
      default:
        return 'final';
    }
  }

  private async send(row: Row): Promise<boolean> {
    const request = {
      terminalRef: row.terminal_ref,
      amountMinor: row.amount_minor,
      currency: row.currency,
      idempotencyKey: row.idempotency_key,
    };
    const outcome = await this.runner.ask('refund', () => this.options.terminal.refund(request), this.timeouts.refundMs);
    if (!outcome.ok) {
      // No answer does not mean no refund: only the terminal's record can tell.
      this.runner.log(row).warn({ err: outcome.error }, 'refund outcome unknown; querying the terminal');
      this.runner.transition(row.id, { state: 'unknown_resolving', outcomeReason: errorText(outcome.error) });
    } else if (outcome.value.kind === 'refunded') {
      this.refunded(row.id, outcome.value.refundRef);
    } else {
      this.runner.transition(row.id, { state: 'refused', outcomeReason: outcome.value.reason });
    }
    return true;
  }

  /** True when the refund reached a final state. */
  private async resolveUnknown(row: Row): Promise<boolean> {
    const query = () => this.options.terminal.queryRefund(row.idempotency_key);
    const found = await this.runner.queryUntilKnown(row, 'terminal refund query', query, this.timeouts.queryMs);
    if (!found) return false;
    switch (found.kind) {
      case 'refunded':
        this.refunded(row.id, found.refundRef);
        break;
      case 'refused':
        this.runner.transition(row.id, { state: 'refused', outcomeReason: found.reason });
        break;
      case 'not_found':
        this.runner.transition(row.id, { state: 'failed', outcomeReason: 'The terminal never received the refund; nothing was refunded' });
        break;
    }
    return true;
  }

  /**
   * The money is back on the card: the event and the row's final state in one transaction. If the
   * order refuses the event the commit throws and the row stays in flight, visible and retried:
   * money moved and the books must learn of it.
   */
  private refunded(refundId: string, refundRef: string): void {
    this.runner.commit(refundId, (row) => {
      const event: CurrentNewEvent = {
        type: 'PaymentRefunded',
        v: 1,
        payload: {
          refundId: row.id,
          paymentId: row.payment_id,
          amountMinor: row.amount_minor,
          reason: clip(row.reason),
          ...(row.approved_by ? { approvedBy: row.approved_by } : {}),
        },
      };
      return { change: { state: 'refunded', refundRef, outcomeReason: null }, events: [event] };
    });
  }
}
