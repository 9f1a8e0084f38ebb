import { IN_FLIGHT_ATTEMPT_STATES, type PaymentAttemptState, type PaymentAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { Db } from '../db/open-database.js';
import type { AttemptTable } from './terminal-attempt-runner.js';

/** The `payment_attempts` table: only the card payment saga writes it; others ask through `capturedCardPayments`. */

export type PaymentAttemptRow = {
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

/** Absent references keep what the row has; `reason` is replaced (absent clears it). */
export type PaymentAttemptChange = { state: PaymentAttemptState; terminalRef?: string; authCode?: string; reason?: string | null };

export interface NewPaymentAttempt {
  id: string;
  orderId: string;
  idempotencyKey: string;
  requestKey: string | null;
  amountMinor: number;
  tipMinor: number;
  currency: string;
  splitPartId: string | null;
  now: number;
}

const IN_FLIGHT: readonly PaymentAttemptState[] = IN_FLIGHT_ATTEMPT_STATES;

export function isPaymentInFlight(state: PaymentAttemptState): boolean {
  return IN_FLIGHT.includes(state);
}

export class PaymentAttempts implements AttemptTable<PaymentAttemptRow, PaymentAttemptChange> {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      get: db.prepare<[string], PaymentAttemptRow>('SELECT * FROM payment_attempts WHERE id = ?'),
      byRequestKey: db.prepare<[string], PaymentAttemptRow>('SELECT * FROM payment_attempts WHERE request_key = ?'),
      byOrder: db.prepare<[string], PaymentAttemptRow>('SELECT * FROM payment_attempts WHERE order_id = ? ORDER BY created_at, id'),
      inFlight: db.prepare<[], PaymentAttemptRow>(
        `SELECT * FROM payment_attempts WHERE state IN (${IN_FLIGHT.map((s) => `'${s}'`).join(', ')}) ORDER BY created_at, id`,
      ),
      insert: db.prepare<[NewPaymentAttempt]>(
        `INSERT INTO payment_attempts (id, order_id, idempotency_key, request_key, method, amount_minor, tip_minor, currency,
           split_part_id, state, cancel_requested, created_at, updated_at)
         VALUES (@id, @orderId, @idempotencyKey, @requestKey, 'card', @amountMinor, @tipMinor, @currency, @splitPartId,
           'authorizing', 0, @now, @now)`,
      ),
      update: db.prepare(
        `UPDATE payment_attempts SET state = @state, terminal_ref = coalesce(@terminalRef, terminal_ref),
           auth_code = coalesce(@authCode, auth_code), reason = @reason, updated_at = @now WHERE id = @id`,
      ),
      requestCancel: db.prepare<[number, string]>('UPDATE payment_attempts SET cancel_requested = 1, updated_at = ? WHERE id = ?'),
    };
  }

  get(id: string): PaymentAttemptRow | undefined {
    return this.sql.get.get(id);
  }

  byRequestKey(requestKey: string): PaymentAttemptRow | undefined {
    return this.sql.byRequestKey.get(requestKey);
  }

  byOrder(orderId: string): PaymentAttemptRow[] {
    return this.sql.byOrder.all(orderId);
  }

  hasInFlight(orderId: string): boolean {
    return this.byOrder(orderId).some((a) => isPaymentInFlight(a.state));
  }

  inFlight(): PaymentAttemptRow[] {
    return this.sql.inFlight.all();
  }

  /** The new attempt starts `authorizing`. */
  insert(attempt: NewPaymentAttempt): PaymentAttemptRow {
    this.sql.insert.run(attempt);
    return this.get(attempt.id)!;
  }

  update(id: string, change: PaymentAttemptChange, now: number): void {
    this.sql.update.run({
      id,
      state: change.state,
      terminalRef: change.terminalRef ?? null,
      authCode: change.authCode ?? null,
      reason: change.reason ?? null,
      now,
    });
  }

  requestCancel(id: string, now: number): void {
    this.sql.requestCancel.run(now, id);
  }
}

export function toPaymentAttemptView(row: PaymentAttemptRow): PaymentAttemptView {
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

/** What the refund side may know of card payments taken here. */
export interface CapturedCardPayments {
  /** The terminal's reference of a captured card payment; undefined if it was not captured on this station's terminal. */
  terminalRef(paymentId: string): string | undefined;
}

export function capturedCardPayments(db: Db): CapturedCardPayments {
  const captured = db.prepare<[string], { terminal_ref: string | null }>(
    // Captured online, or approved offline and since forwarded (captured at the gateway).
    `SELECT terminal_ref FROM payment_attempts a WHERE id = ? AND (state = 'approved' OR (state = 'offline_approved' AND EXISTS (
       SELECT 1 FROM offline_card_payments o WHERE o.payment_id = a.id AND o.state = 'captured')))`,
  );
  return { terminalRef: (paymentId) => captured.get(paymentId)?.terminal_ref ?? undefined };
}
