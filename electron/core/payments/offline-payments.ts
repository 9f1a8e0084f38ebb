import type { Db } from '../db/open-database.js';

/** The `offline_card_payments` table (migration 12): the store-and-forward queue of this station only. */

export type OfflinePaymentState =
  | 'reserved'
  | 'pending'
  | 'forwarding'
  | 'captured'
  | 'declined'
  | 'expired'
  | 'released'
  /** Refunded in full before it was forwarded: never sent; the terminal's stored copy is being voided. */
  | 'voiding'
  /** Refunded in full before it was forwarded, and voided at the terminal. */
  | 'voided';

export interface OfflinePaymentRow {
  payment_id: string;
  order_id: string;
  idempotency_key: string;
  amount_minor: number;
  tip_minor: number;
  currency: string;
  state: OfflinePaymentState;
  terminal_ref: string | null;
  reason: string | null;
  reserved_at: number;
  approved_at: number | null;
  updated_at: number;
}

/** What the queue holds now: for diagnostics and the cashier's banner. */
export interface OfflineQueueTotals {
  /** Approved offline and not yet forwarded (pending or forwarding). */
  count: number;
  amountMinor: number;
  /** Counted against the limit: the queue plus payments the terminal is being asked about right now. */
  committedMinor: number;
  oldestApprovedAt: number | undefined;
}

/** Everything counted against the station's total: a reservation holds its place from the moment it is made. */
const COUNTED = "('reserved', 'pending', 'forwarding')";

export class OfflinePayments {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      get: db.prepare<[string], OfflinePaymentRow>('SELECT * FROM offline_card_payments WHERE payment_id = ?'),
      committed: db.prepare<[], { total: number }>(
        `SELECT coalesce(sum(amount_minor + tip_minor), 0) AS total FROM offline_card_payments WHERE state IN ${COUNTED}`,
      ),
      queue: db.prepare<[], { count: number; total: number; oldest: number | null }>(
        `SELECT count(*) AS count, coalesce(sum(amount_minor + tip_minor), 0) AS total, min(approved_at) AS oldest
           FROM offline_card_payments WHERE state IN ('pending', 'forwarding')`,
      ),
      voiding: db.prepare<[], OfflinePaymentRow>("SELECT * FROM offline_card_payments WHERE state = 'voiding' ORDER BY updated_at"),
      toForward: db.prepare<[], OfflinePaymentRow>(
        "SELECT * FROM offline_card_payments WHERE state IN ('pending', 'forwarding') ORDER BY approved_at, payment_id",
      ),
      insert: db.prepare(
        `INSERT INTO offline_card_payments (payment_id, order_id, idempotency_key, amount_minor, tip_minor, currency, state,
           reserved_at, updated_at)
         VALUES (@paymentId, @orderId, @idempotencyKey, @amountMinor, @tipMinor, @currency, 'reserved', @now, @now)`,
      ),
      approve: db.prepare<{ id: string; ref: string; now: number }>(
        `UPDATE offline_card_payments SET state = 'pending', terminal_ref = @ref, approved_at = @now, updated_at = @now
           WHERE payment_id = @id AND state = 'reserved'`,
      ),
      move: db.prepare<{ id: string; from: string; to: string; reason: string | null; now: number }>(
        `UPDATE offline_card_payments SET state = @to, reason = coalesce(@reason, reason), updated_at = @now
           WHERE payment_id = @id AND state = @from`,
      ),
    };
  }

  get(paymentId: string): OfflinePaymentRow | undefined {
    return this.sql.get.get(paymentId);
  }

  /** Held against the total pending limit right now (amount + tip). Call inside the reserving transaction. */
  committedMinor(): number {
    return this.sql.committed.get()!.total;
  }

  totals(): OfflineQueueTotals {
    const q = this.sql.queue.get()!;
    return { count: q.count, amountMinor: q.total, committedMinor: this.committedMinor(), oldestApprovedAt: q.oldest ?? undefined };
  }

  /** Pending and forwarding payments, oldest approval first: the order they are forwarded in. */
  toForward(): OfflinePaymentRow[] {
    return this.sql.toForward.all();
  }

  /** Refunded before forwarding, their stored copy not yet voided at the terminal. */
  voiding(): OfflinePaymentRow[] {
    return this.sql.voiding.all();
  }

  reserve(row: {
    paymentId: string;
    orderId: string;
    idempotencyKey: string;
    amountMinor: number;
    tipMinor: number;
    currency: string;
    now: number;
  }): void {
    this.sql.insert.run(row);
  }

  /** Reserved → pending. False when the row was not reserved (nothing changes). */
  approve(paymentId: string, terminalRef: string, now: number): boolean {
    return this.sql.approve.run({ id: paymentId, ref: terminalRef, now }).changes === 1;
  }

  /** Moves a row only from the state the caller read: a second driver can never move it twice. */
  move(paymentId: string, from: OfflinePaymentState, to: OfflinePaymentState, now: number, reason?: string): boolean {
    return this.sql.move.run({ id: paymentId, from, to, reason: reason ?? null, now }).changes === 1;
  }

  /** Ends a reservation that did not become an offline approval; a no-op for a payment never reserved. */
  release(paymentId: string, now: number, reason: string): void {
    this.move(paymentId, 'reserved', 'released', now, reason);
  }
}
