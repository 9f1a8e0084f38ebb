import { IN_FLIGHT_REFUND_STATES, type RefundAttemptState, type RefundAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { Db } from '../db/open-database.js';
import type { AttemptTable } from './terminal-attempt-runner.js';

/** The `refund_attempts` table: only the card refund saga reads and writes it. */

export type RefundAttemptRow = {
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

/** An absent `refundRef` keeps what the row has. */
export type RefundAttemptChange = { state: RefundAttemptState; refundRef?: string; outcomeReason: string | null };

export interface NewRefundAttempt {
  id: string;
  orderId: string;
  paymentId: string;
  idempotencyKey: string;
  requestKey: string | null;
  amountMinor: number;
  currency: string;
  reason: string;
  approvedBy: string | null;
  terminalRef: string;
  now: number;
}

const IN_FLIGHT: readonly RefundAttemptState[] = IN_FLIGHT_REFUND_STATES;

export function isRefundInFlight(state: RefundAttemptState): boolean {
  return IN_FLIGHT.includes(state);
}

export class RefundAttempts implements AttemptTable<RefundAttemptRow, RefundAttemptChange> {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      get: db.prepare<[string], RefundAttemptRow>('SELECT * FROM refund_attempts WHERE id = ?'),
      byRequestKey: db.prepare<[string], RefundAttemptRow>('SELECT * FROM refund_attempts WHERE request_key = ?'),
      byOrder: db.prepare<[string], RefundAttemptRow>('SELECT * FROM refund_attempts WHERE order_id = ? ORDER BY created_at, id'),
      inFlight: db.prepare<[], RefundAttemptRow>(
        `SELECT * FROM refund_attempts WHERE state IN (${IN_FLIGHT.map((s) => `'${s}'`).join(', ')}) ORDER BY created_at, id`,
      ),
      insert: db.prepare<[NewRefundAttempt]>(
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

  get(id: string): RefundAttemptRow | undefined {
    return this.sql.get.get(id);
  }

  byRequestKey(requestKey: string): RefundAttemptRow | undefined {
    return this.sql.byRequestKey.get(requestKey);
  }

  byOrder(orderId: string): RefundAttemptRow[] {
    return this.sql.byOrder.all(orderId);
  }

  inFlight(): RefundAttemptRow[] {
    return this.sql.inFlight.all();
  }

  /** The new refund starts `refunding`. */
  insert(refund: NewRefundAttempt): RefundAttemptRow {
    this.sql.insert.run(refund);
    return this.get(refund.id)!;
  }

  update(id: string, change: RefundAttemptChange, now: number): void {
    this.sql.update.run({ id, state: change.state, refundRef: change.refundRef ?? null, outcomeReason: change.outcomeReason, now });
  }
}

export function toRefundAttemptView(row: RefundAttemptRow): RefundAttemptView {
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
