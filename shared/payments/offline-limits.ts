import { z } from 'zod';
import { formatMoney, MinorUnits } from '../money.js';

const HOUR_MS = 3_600_000;

/**
 * How much the store risks on card payments approved while the gateway is down: every one of them
 * may be declined when forwarded, after the goods are gone. Amounts include the tip, in minor units.
 */
export const OfflineLimits = z
  .object({
    /** False: no offline approvals at all; an unreachable gateway refuses every card. */
    enabled: z.boolean().default(true),
    /** Ceiling for one payment (amount + tip). */
    perPaymentMinor: MinorUnits.positive().default(5_000),
    /** Ceiling for everything this station holds awaiting forwarding (approving, pending, forwarding). */
    totalPendingMinor: MinorUnits.positive().default(50_000),
    /** A payment not forwarded within this long expires: it is never sent, and is a loss. */
    maxAgeMs: z
      .int()
      .min(60_000)
      .max(7 * 24 * HOUR_MS)
      .default(24 * HOUR_MS),
    /** The cashier is warned when the pending total reaches this share of its ceiling. */
    warnAtRatio: z.number().min(0.1).max(1).default(0.8),
  })
  .strict()
  .refine((l) => l.perPaymentMinor <= l.totalPendingMinor, {
    message: 'perPaymentMinor must not exceed totalPendingMinor',
    path: ['perPaymentMinor'],
  });
export type OfflineLimits = z.infer<typeof OfflineLimits>;

/** Why an offline approval is refused, in words the cashier reads out, or undefined when it fits. */
export function offlineRefusal(
  limits: OfflineLimits,
  request: { totalMinor: number; currency: string },
  pendingMinor: number,
): string | undefined {
  const money = (minor: number) => formatMoney(minor, request.currency);
  if (!limits.enabled) return 'The card gateway is unreachable and offline card payments are turned off: take cash';
  if (request.totalMinor > limits.perPaymentMinor) {
    return `The card gateway is unreachable and ${money(request.totalMinor)} is over the offline limit of ${money(limits.perPaymentMinor)} per card payment: take cash or a smaller card payment`;
  }
  if (pendingMinor + request.totalMinor > limits.totalPendingMinor) {
    const left = Math.max(0, limits.totalPendingMinor - pendingMinor);
    return `The card gateway is unreachable and this station already holds ${money(pendingMinor)} of card payments awaiting forwarding (limit ${money(limits.totalPendingMinor)}, ${money(left)} left): take cash`;
  }
  return undefined;
}
