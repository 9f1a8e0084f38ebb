import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import { currentActor } from './current-actor.js';
import { clip, errorText } from './failure.js';
import type { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { OfflinePayments, type OfflinePaymentRow, type OfflinePaymentState } from './offline-payments.js';
import { withTimeout, type PaymentTerminal } from './terminal.js';

/**
 * Forwarding saga for card payments approved offline (store and forward).
 *
 * - Oldest approval first, one at a time, each under the idempotency key it was approved with: the
 *   gateway charges a key once however often it is sent.
 * - A row moves to `forwarding` (committed) BEFORE the terminal is asked; a row found in
 *   `forwarding` (a crash, a lost answer) is resolved by `terminal.query(key)` first and sent again
 *   only if the terminal says it is still stored.
 * - The outcome's domain event and the row's final state are written in ONE transaction.
 * - A pending payment older than the maximum age expires and is never sent; one already sent is
 *   never expired (its answer may still be a capture), only resolved.
 * - A round stops at the first payment without an answer (gateway gone again, timeout): the rest
 *   keep their order for the next round.
 * - Only the station that approved a payment has its row: no other station can forward it.
 */

export interface OfflineForwarderOptions {
  db: Db;
  store: EventStore;
  terminal: PaymentTerminal;
  actor: Actor | (() => Actor);
  clock: Clock;
  logger: Logger;
  limits: OfflineLimits;
  timeouts?: Partial<{ forwardMs: number; queryMs: number }>;
}

/** What one round did. */
export interface ForwardRound {
  forwarded: number;
  declined: number;
  expired: number;
  /** Still pending or forwarding after the round. */
  left: number;
}

type Lost = { kind: 'declined' | 'expired'; reason: string };
type Settled = { kind: 'captured'; authCode?: string } | Lost;

const DEFAULT_TIMEOUTS = { forwardMs: 30_000, queryMs: 10_000 };

export class OfflineForwarder {
  private readonly table: OfflinePayments;
  private readonly timeouts: { forwardMs: number; queryMs: number };
  private running: Promise<ForwardRound> | undefined;
  private again = false;
  private readonly changes: ListenerSet<OfflinePaymentRow>;

  constructor(private readonly options: OfflineForwarderOptions) {
    this.table = new OfflinePayments(options.db);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.changes = new ListenerSet((error) => options.logger.error({ err: error }, 'offline payment listener failed'));
  }

  /** Hears every committed change of a queued payment (forwarded, declined, expired). */
  onChange(listener: (row: OfflinePaymentRow) => void): () => void {
    return this.changes.add(listener);
  }

  /**
   * One round: expire what is too old, then forward oldest first while the gateway answers. Never
   * two rounds at once: a call during a round makes one more round run after it.
   */
  run(): Promise<ForwardRound> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const round = this.round()
      .catch((error: unknown) => {
        // A database error or a bug: every row still says where it stands; the next round resumes it.
        this.options.logger.error({ err: error }, 'offline forwarding round failed');
        return { forwarded: 0, declined: 0, expired: 0, left: this.table.toForward().length };
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.run();
        }
      });
    this.running = round;
    return round;
  }

  private async round(): Promise<ForwardRound> {
    const result: ForwardRound = { forwarded: 0, declined: 0, expired: 0, left: 0 };
    result.expired = this.expire();
    if (this.options.terminal.gatewayReachable()) {
      for (const row of this.table.toForward()) {
        const outcome = await this.forwardOne(row);
        if (outcome === 'stop') break;
        if (outcome === 'captured') result.forwarded += 1;
        else if (outcome === 'declined') result.declined += 1;
        else if (outcome === 'expired') result.expired += 1;
      }
    }
    result.left = this.table.toForward().length;
    if (result.forwarded + result.declined + result.expired > 0) this.options.logger.info(result, 'offline forwarding round');
    return result;
  }

  /** Pending payments past the maximum age: recorded as lost, never sent. */
  private expire(): number {
    const now = this.options.clock.now();
    let expired = 0;
    for (const row of this.table.toForward()) {
      if (row.state !== 'pending' || row.approved_at === null || now - row.approved_at < this.options.limits.maxAgeMs) continue;
      const hours = Math.round(this.options.limits.maxAgeMs / 360_000) / 10;
      if (this.settle(row, 'pending', { kind: 'expired', reason: `Not forwarded within ${hours} h (the maximum age): never sent` })) {
        expired += 1;
      }
    }
    return expired;
  }

  private async forwardOne(row: OfflinePaymentRow): Promise<'captured' | 'declined' | 'expired' | 'skipped' | 'stop'> {
    const log = this.log(row);
    const terminal = this.options.terminal;
    if (row.state === 'forwarding') {
      // Sent before, answer unknown: only the terminal's record can say whether it was charged.
      const found = await this.ask('terminal query', () => terminal.query(row.idempotency_key), this.timeouts.queryMs);
      if (!found.ok) {
        log.warn({ err: found.error }, 'query for a forwarded payment failed; next round');
        return 'stop';
      }
      const q = found.value;
      if (q.kind === 'approved_offline' && q.forwarding.kind !== 'stored') {
        log.info({ outcome: q.forwarding.kind }, 'forwarded payment resolved by query');
        return this.finish(row, 'forwarding', q.forwarding);
      }
      if (q.kind === 'not_found') {
        return this.finish(row, 'forwarding', {
          kind: 'declined',
          reason: 'The terminal holds no record of this payment: it cannot be collected',
        });
      }
      if (q.kind !== 'approved_offline') {
        log.error({ outcome: q.kind }, 'terminal reports an offline payment as something else; left for a person');
        return 'stop';
      }
      // Still stored at the terminal: it was never sent, so sending it now cannot charge twice.
    } else if (!this.table.move(row.payment_id, 'pending', 'forwarding', this.options.clock.now())) {
      return 'skipped';
    }
    const request = { idempotencyKey: row.idempotency_key, terminalRef: row.terminal_ref ?? '' };
    const answer = await this.ask('forward', () => terminal.forward(request), this.timeouts.forwardMs);
    if (!answer.ok) {
      log.warn({ err: answer.error }, 'forward outcome unknown; the next round asks the terminal');
      return 'stop';
    }
    switch (answer.value.kind) {
      case 'captured':
        return this.finish(row, 'forwarding', { kind: 'captured', authCode: answer.value.authCode });
      case 'declined':
        return this.finish(row, 'forwarding', { kind: 'declined', reason: answer.value.reason });
      case 'not_found':
        return this.finish(row, 'forwarding', {
          kind: 'declined',
          reason: 'The terminal holds no record of this payment: it cannot be collected',
        });
      case 'unreachable':
        // Nothing was sent: back in the queue, in its place.
        this.table.move(row.payment_id, 'forwarding', 'pending', this.options.clock.now());
        return 'stop';
    }
  }

  private finish(row: OfflinePaymentRow, from: OfflinePaymentState, outcome: Settled): 'captured' | 'declined' | 'expired' | 'skipped' {
    return this.settle(row, from, outcome) ? outcome.kind : 'skipped';
  }

  /** The outcome's event and the row's final state, in one transaction; false when the row had moved on. */
  private settle(row: OfflinePaymentRow, from: OfflinePaymentState, outcome: Settled): boolean {
    const paymentId = row.payment_id;
    const to: OfflinePaymentState = outcome.kind;
    let moved = false;
    const result = this.options.store.write(row.order_id, currentActor(this.options.actor), () => {
      moved = this.table.move(
        paymentId,
        from,
        to,
        this.options.clock.now(),
        outcome.kind === 'captured' ? undefined : clip(outcome.reason),
      );
      if (!moved) return { ok: true, events: [] };
      const event: CurrentNewEvent =
        outcome.kind === 'captured'
          ? { type: 'OfflinePaymentForwarded', v: 1, payload: { paymentId, ...(outcome.authCode ? { authCode: outcome.authCode } : {}) } }
          : outcome.kind === 'declined'
            ? { type: 'OfflinePaymentDeclined', v: 1, payload: { paymentId, reason: clip(outcome.reason) } }
            : { type: 'OfflinePaymentExpired', v: 1, payload: { paymentId, reason: clip(outcome.reason) } };
      return { ok: true, events: [event] };
    });
    // Thrown, so the row stays where it was and the next round retries: the outcome must reach the books.
    if (!result.ok) throw new Error(`offline payment ${paymentId} outcome was not written: ${result.error.message}`);
    if (!moved) return false;
    const log = this.log(row);
    if (outcome.kind === 'captured') log.info({ amountMinor: row.amount_minor + row.tip_minor }, 'offline payment forwarded and captured');
    else
      log.warn(
        { outcome: outcome.kind, reason: outcome.reason, amountMinor: row.amount_minor + row.tip_minor },
        'offline payment lost after the sale',
      );
    this.changes.emit(this.table.get(paymentId)!);
    return true;
  }

  private async ask<T>(what: string, call: () => Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
    try {
      return { ok: true, value: await withTimeout(call(), ms, what) };
    } catch (error) {
      return { ok: false, error: errorText(error) };
    }
  }

  private log(row: OfflinePaymentRow): Logger {
    return this.options.logger.child({ orderId: row.order_id, paymentId: row.payment_id });
  }
}
