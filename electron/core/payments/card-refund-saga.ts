import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import { IN_FLIGHT_REFUND_STATES, type RefundAttemptState, type RefundAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import { formatMoney } from '../../../shared/money.js';
import { moneyHeldMinor, orderStep } from '../orders/rules.js';
import { NO_APPROVAL_NEEDED, type ApprovalGate } from '../staff/approvals.js';
import { withTimeout, type PaymentTerminal } from './terminal.js';
import { currentActor } from './current-actor.js';

/**
 * Card refund saga: one refund row and idempotency key per refund, committed BEFORE the terminal is
 * asked. The PaymentRefunded event (its `refundId` is the row id, so the fold refuses a duplicate)
 * and the row's final state are written in ONE transaction. A lost answer (timeout, crash) is
 * resolved only by `terminal.queryRefund(key)`: a refund is never sent again under a new key
 * until the terminal has said the old one moved nothing.
 */

export interface RefundSagaOptions {
  db: Db;
  store: EventStore;
  terminal: PaymentTerminal;
  /** Who the events are written as: a function gives the staff member signed in at that moment. */
  actor: Actor | (() => Actor);
  clock: Clock;
  logger: Logger;
  timeouts?: { refundMs?: number; queryMs?: number };
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

export type SagaResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

type Row = {
  id: string;
  order_id: string;
  payment_id: string;
  idempotency_key: string;
  request_key: string | null;
  amount_minor: number;
  currency: string;
  reason: string;
  approved_by: string | null;
  state: RefundAttemptState;
  terminal_ref: string;
  refund_ref: string | null;
  outcome_reason: string | null;
  created_at: number;
  updated_at: number;
};

const IN_FLIGHT: readonly RefundAttemptState[] = IN_FLIGHT_REFUND_STATES;
const fail = (code: IpcError['code'], message: string) => ({ ok: false as const, error: { code, message } });

export class CardRefundSaga {
  private readonly timeouts: { refundMs: number; queryMs: number };
  private readonly retry: { maxTries: number; baseDelayMs: number; maxDelayMs: number };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly running = new Map<string, Promise<RefundAttemptView>>();
  private readonly listeners = new Set<(view: RefundAttemptView) => void>();
  private readonly sql;

  constructor(private readonly options: RefundSagaOptions) {
    this.timeouts = { refundMs: 30_000, queryMs: 10_000, ...options.timeouts };
    this.retry = { maxTries: 6, baseDelayMs: 500, maxDelayMs: 10_000, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
    const { db } = options;
    this.sql = {
      get: db.prepare<[string], Row>('SELECT * FROM refund_attempts WHERE id = ?'),
      byRequestKey: db.prepare<[string], Row>('SELECT * FROM refund_attempts WHERE request_key = ?'),
      byOrder: db.prepare<[string], Row>('SELECT * FROM refund_attempts WHERE order_id = ? ORDER BY created_at, id'),
      inFlight: db.prepare<[], Row>(
        `SELECT * FROM refund_attempts WHERE state IN (${IN_FLIGHT.map((s) => `'${s}'`).join(', ')}) ORDER BY created_at, id`,
      ),
      terminalRef: db.prepare<[string], { terminal_ref: string | null }>(
        "SELECT terminal_ref FROM payment_attempts WHERE id = ? AND state = 'approved'",
      ),
      insert: db.prepare(
        `INSERT INTO refund_attempts (id, order_id, payment_id, idempotency_key, request_key, amount_minor, currency, reason,
           approved_by, state, terminal_ref, created_at, updated_at)
         VALUES (@id, @orderId, @paymentId, @idempotencyKey, @requestKey, @amountMinor, @currency, @reason, @approvedBy,
           'refunding', @terminalRef, @now, @now)`,
      ),
      update: db.prepare(
        `UPDATE refund_attempts SET state = @state, refund_ref = coalesce(@refundRef, refund_ref), outcome_reason = @outcomeReason,
           updated_at = @now WHERE id = @id`,
      ),
    };
  }

  onChange(listener: (view: RefundAttemptView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(refundId: string): RefundAttemptView | undefined {
    const row = this.sql.get.get(refundId);
    return row ? toView(row) : undefined;
  }

  listForOrder(orderId: string): RefundAttemptView[] {
    return this.sql.byOrder.all(orderId).map(toView);
  }

  /** Validates against the committed order, persists the refund with its key, and starts driving it. */
  start(input: StartCardRefund): SagaResult<{ refund: RefundAttemptView; done: Promise<RefundAttemptView> }> {
    if (input.requestKey !== undefined) {
      const seen = this.sql.byRequestKey.get(input.requestKey);
      if (seen) {
        const same = seen.order_id === input.orderId && seen.payment_id === input.paymentId && seen.amount_minor === input.amountMinor;
        if (!same) return fail('bad_request', 'This request key was already used for a different refund');
        return { ok: true, value: { refund: toView(seen), done: this.drive(seen.id) } };
      }
    }
    const created = this.options.db.transaction((): SagaResult<Row> => {
      const order = this.options.store.getOrder(input.orderId);
      const checked = this.refuseStart(order, input);
      if (!checked.ok) return checked;
      const action = `refund ${formatMoney(input.amountMinor, order!.currency)} to the card on order #${order!.ticketNumber}`;
      const approval = (this.options.approvals ?? NO_APPROVAL_NEEDED).approve(action, input.managerPin);
      if (!approval.ok) return approval;
      const id = this.options.store.newId();
      const now = this.options.clock.now();
      this.sql.insert.run({
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
        now,
      });
      return { ok: true, value: this.sql.get.get(id)! };
    }).immediate();
    if (!created.ok) return created;
    const row = created.value;
    this.log(row).info({ amountMinor: row.amount_minor, paymentId: row.payment_id, terminalId: this.options.terminal.id }, 'card refund started');
    this.emit(toView(row));
    return { ok: true, value: { refund: toView(row), done: this.drive(row.id) } };
  }

  /** Resumes refunds left in flight by a crash or spent retries: their outcome comes from the terminal's record. */
  recover(): Promise<RefundAttemptView[]> {
    const rows = this.sql.inFlight.all();
    for (const row of rows) {
      if (this.running.has(row.id)) continue;
      this.log(row).warn({ state: row.state }, 'resuming card refund left in flight');
      if (row.state === 'refunding') this.move(row.id, { state: 'unknown_resolving', outcomeReason: 'Station restarted during the refund' });
    }
    return Promise.all(rows.map((row) => this.drive(row.id)));
  }

  drive(refundId: string): Promise<RefundAttemptView> {
    const current = this.running.get(refundId);
    if (current) return current;
    const run = this.run(refundId)
      .catch((error: unknown) => {
        this.options.logger.error({ refundId, err: error }, 'card refund step failed');
        return toView(this.sql.get.get(refundId)!);
      })
      .finally(() => this.running.delete(refundId));
    this.running.set(refundId, run);
    return run;
  }

  /** Answers the captured card payment's terminal reference, or why the refund cannot start. */
  private refuseStart(order: OrderView | undefined, input: StartCardRefund): SagaResult<string> {
    if (!order) return fail('not_found', `No order ${input.orderId}`);
    const payment = order.payments.find((p) => p.paymentId === input.paymentId);
    if (!payment) return fail('not_found', `No payment ${input.paymentId} on order #${order.ticketNumber}`);
    if (payment.method !== 'card') return fail('bad_request', 'Only card payments are refunded to the card; give cash back instead');
    if (payment.status !== 'captured' && payment.status !== 'refunded') {
      return fail('invalid_state', `The card payment is ${payment.status}; only captured money can be refunded`);
    }
    const inFlight = this.sql.byOrder.all(order.id).filter((r) => r.payment_id === input.paymentId && IN_FLIGHT.includes(r.state));
    const pending = inFlight.reduce((sum, r) => sum + r.amount_minor, 0);
    const left = payment.amountMinor + payment.tipMinor - payment.refundedMinor - pending;
    if (input.amountMinor > left) {
      return fail('invalid_state', `Only ${left} is left to refund on this card payment${pending > 0 ? ' (a refund is in progress)' : ''}`);
    }
    const step = orderStep(order, 'PaymentRefunded', `refund order #${order.ticketNumber}`, {
      moneyHeld: moneyHeldMinor(order) - input.amountMinor > 0,
    });
    if (!step.ok) return step;
    const ref = this.sql.terminalRef.get(input.paymentId)?.terminal_ref;
    if (!ref) return fail('invalid_state', 'This card payment was not taken on this station’s terminal');
    return { ok: true, value: ref };
  }

  private async run(refundId: string): Promise<RefundAttemptView> {
    for (;;) {
      const row = this.sql.get.get(refundId);
      if (!row) throw new Error(`refund attempt ${refundId} vanished`);
      if (row.state === 'refunding') await this.send(row);
      else if (row.state === 'unknown_resolving') {
        if (!(await this.resolveUnknown(row))) {
          this.log(row).warn({}, 'card refund left unresolved for the next recovery round');
          return toView(this.sql.get.get(refundId)!);
        }
      } else return toView(row);
    }
  }

  private async send(row: Row): Promise<void> {
    try {
      const outcome = await withTimeout(
        this.options.terminal.refund({ terminalRef: row.terminal_ref, amountMinor: row.amount_minor, currency: row.currency, idempotencyKey: row.idempotency_key }),
        this.timeouts.refundMs,
        'refund',
      );
      if (outcome.kind === 'refunded') this.refunded(row.id, outcome.refundRef);
      else this.move(row.id, { state: 'refused', outcomeReason: outcome.reason });
    } catch (error) {
      // No answer does not mean no refund: only the terminal's record can tell.
      this.log(row).warn({ err: error }, 'refund outcome unknown; querying the terminal');
      this.move(row.id, { state: 'unknown_resolving', outcomeReason: errorText(error) });
    }
  }

  /** True when the refund reached a final state. */
  private async resolveUnknown(row: Row): Promise<boolean> {
    for (let attempt = 0; attempt < this.retry.maxTries; attempt += 1) {
      if (attempt > 0) await this.sleep(Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1)));
      try {
        const found = await withTimeout(this.options.terminal.queryRefund(row.idempotency_key), this.timeouts.queryMs, 'refund query');
        this.log(row).info({ outcome: found.kind }, 'terminal queried for unknown refund outcome');
        switch (found.kind) {
          case 'refunded':
            this.refunded(row.id, found.refundRef);
            return true;
          case 'refused':
            this.move(row.id, { state: 'refused', outcomeReason: found.reason });
            return true;
          case 'not_found':
            this.move(row.id, { state: 'failed', outcomeReason: 'The terminal never received the refund; nothing was refunded' });
            return true;
          case 'in_progress':
            continue;
        }
      } catch (error) {
        this.log(row).warn({ err: error }, 'terminal refund query failed');
      }
    }
    return false;
  }

  /** The money is back on the card: the event and the row's final state in one transaction. */
  private refunded(refundId: string, refundRef: string): void {
    const row0 = this.sql.get.get(refundId)!;
    let updated: Row | undefined;
    const result = this.options.store.write(row0.order_id, currentActor(this.options.actor), () => {
      const row = this.sql.get.get(refundId)!;
      this.update(row.id, { state: 'refunded', refundRef, outcomeReason: null });
      updated = this.sql.get.get(refundId)!;
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
      return { ok: true, events: [event] };
    });
    if (!result.ok || !updated) {
      // The terminal returned the money but the order refuses the event: keep the row in flight so it
      // stays visible and is retried, and shout; money moved and the books must learn of it.
      throw new Error(`card refund ${refundId} was not recorded: ${result.ok ? 'no row' : result.error.message}`);
    }
    this.log(updated).info({ refundRef, events: result.events.map((e) => e.type) }, 'card refund recorded');
    this.emit(toView(updated));
  }

  private move(refundId: string, change: { state: RefundAttemptState; outcomeReason: string | null }): void {
    this.update(refundId, change);
    const view = toView(this.sql.get.get(refundId)!);
    this.options.logger.child({ orderId: view.orderId, refundId }).info({ state: view.state, reason: view.outcomeReason }, 'card refund state changed');
    this.emit(view);
  }

  private update(id: string, change: { state: RefundAttemptState; refundRef?: string; outcomeReason: string | null }): void {
    this.sql.update.run({ id, state: change.state, refundRef: change.refundRef ?? null, outcomeReason: change.outcomeReason, now: this.options.clock.now() });
  }

  private emit(view: RefundAttemptView): void {
    for (const listener of this.listeners) listener(view);
  }

  private log(row: Row): Logger {
    return this.options.logger.child({ orderId: row.order_id, refundId: row.id });
  }
}

function toView(row: Row): RefundAttemptView {
  return {
    refundId: row.id,
    orderId: row.order_id,
    paymentId: row.payment_id,
    state: row.state,
    amountMinor: row.amount_minor,
    currency: row.currency,
    reason: row.reason,
    ...(row.approved_by ? { approvedBy: row.approved_by } : {}),
    ...(row.refund_ref ? { refundRef: row.refund_ref } : {}),
    ...(row.outcome_reason ? { outcomeReason: row.outcome_reason } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function errorText(error: unknown): string {
  return clip(error instanceof Error ? error.message : String(error));
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text || 'unknown';
}
