import type { Clock } from '../../../shared/clock.js';
import type { OfflineFollowUpView, OfflineQueueView } from '../../../shared/ipc/offline-payments.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import type { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { OfflinePayments } from './offline-payments.js';

export interface OfflineQueueSource {
  db: Db;
  store: EventStore;
  terminal: { gatewayReachable(): boolean };
  limits: OfflineLimits;
  clock: Clock;
  currency: string;
}

/** Reads for windows: the queue against its limits, and the payments lost after the sale. */
export interface OfflineQueueReads {
  view(): OfflineQueueView;
  followUps(): OfflineFollowUpView[];
}

const FOLLOW_UPS_SHOWN = 200;

export function offlineQueueReads(source: OfflineQueueSource): OfflineQueueReads {
  const queue = new OfflinePayments(source.db);
  const lost = source.db.prepare<
    [number],
    {
      payment_id: string;
      order_id: string;
      state: 'declined' | 'expired';
      amount_minor: number;
      tip_minor: number;
      currency: string;
      terminal_ref: string | null;
      reason: string | null;
      approved_at: number | null;
      updated_at: number;
    }
  >(
    `SELECT payment_id, order_id, state, amount_minor, tip_minor, currency, terminal_ref, reason, approved_at, updated_at
       FROM offline_card_payments WHERE state IN ('declined', 'expired') ORDER BY updated_at DESC, payment_id LIMIT ?`,
  );
  return {
    view: () => {
      const totals = queue.totals();
      const { limits } = source;
      return {
        gatewayReachable: source.terminal.gatewayReachable(),
        enabled: limits.enabled,
        currency: source.currency,
        count: totals.count,
        amountMinor: totals.amountMinor,
        committedMinor: totals.committedMinor,
        oldestAgeMs: totals.oldestApprovedAt === undefined ? null : Math.max(0, source.clock.now() - totals.oldestApprovedAt),
        limits: {
          perPaymentMinor: limits.perPaymentMinor,
          totalPendingMinor: limits.totalPendingMinor,
          maxAgeMs: limits.maxAgeMs,
          warnAtRatio: limits.warnAtRatio,
        },
        nearLimit: totals.committedMinor >= limits.totalPendingMinor * limits.warnAtRatio,
      };
    },
    followUps: () =>
      lost.all(FOLLOW_UPS_SHOWN).flatMap((row) => {
        const order = source.store.getOrder(row.order_id);
        // Dealt with by a manager (here or on another station): no longer to chase.
        if (order?.payments.find((p) => p.paymentId === row.payment_id)?.offline?.resolved) return [];
        return {
          paymentId: row.payment_id,
          orderId: row.order_id,
          ...(order ? { ticketNumber: order.ticketNumber } : {}),
          outcome: row.state,
          amountMinor: row.amount_minor + row.tip_minor,
          currency: row.currency,
          terminalRef: row.terminal_ref ?? '',
          reason: row.reason ?? row.state,
          approvedAt: row.approved_at ?? row.updated_at,
          lostAt: row.updated_at,
        };
      }),
  };
}
