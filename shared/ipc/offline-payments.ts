import { z } from 'zod';
import { OrderId, PaymentId } from '../events.js';
import { MinorUnits } from '../money.js';

/**
 * Card payments approved while the gateway was down and not yet forwarded, on this station: for
 * diagnostics and the cashier's banner (which warns when `nearLimit`).
 */
export const OfflineQueueView = z.object({
  /** The terminal's last known link to its gateway. */
  gatewayReachable: z.boolean(),
  /** Offline approvals allowed at all (station config `payments.offline.enabled`). */
  enabled: z.boolean(),
  currency: z.string(),
  /** Approved offline, awaiting forwarding (pending or being forwarded). */
  count: z.int().nonnegative(),
  amountMinor: MinorUnits,
  /** What counts against the limit: the queue plus payments the terminal is being asked about now. */
  committedMinor: MinorUnits,
  /** Age of the oldest payment awaiting forwarding; null when none. */
  oldestAgeMs: z.int().nonnegative().nullable(),
  limits: z.object({
    perPaymentMinor: MinorUnits,
    totalPendingMinor: MinorUnits,
    maxAgeMs: z.int().positive(),
    warnAtRatio: z.number(),
  }),
  /** The committed total has reached the warning share of its ceiling: offline cards will soon be refused. */
  nearLimit: z.boolean(),
});
export type OfflineQueueView = z.infer<typeof OfflineQueueView>;

/** A card payment approved offline and then lost: declined when forwarded, or expired. A manager chases it. */
export const OfflineFollowUpView = z.object({
  paymentId: PaymentId,
  orderId: OrderId,
  /** Absent once the order has left this station's database. */
  ticketNumber: z.int().optional(),
  outcome: z.enum(['declined', 'expired']),
  /** Amount + tip, owed to the store. */
  amountMinor: MinorUnits,
  currency: z.string(),
  terminalRef: z.string(),
  reason: z.string(),
  approvedAt: z.int(),
  lostAt: z.int(),
});
export type OfflineFollowUpView = z.infer<typeof OfflineFollowUpView>;
