import { formatMoney } from '../../../../shared/money.js';
import type { OfflineQueueView } from '../../../../shared/ipc/offline-payments.js';

/** What the cashier is told about offline card payments, or null when there is nothing to say. */
export function offlineBannerText(q: OfflineQueueView): { tone: 'info' | 'warn'; text: string } | null {
  const money = (minor: number) => formatMoney(minor, q.currency);
  const held = `${money(q.committedMinor)} of ${money(q.limits.totalPendingMinor)}`;
  if (q.nearLimit) {
    return {
      tone: 'warn',
      text: `Card payments awaiting forwarding are near the offline limit: ${held}. Take cash for larger amounts.`,
    };
  }
  if (!q.gatewayReachable) {
    if (!q.enabled) return { tone: 'warn', text: 'Card gateway down: offline card payments are turned off. Take cash.' };
    return {
      tone: 'info',
      text: `Card gateway down: cards up to ${money(q.limits.perPaymentMinor)} are approved offline and forwarded later (${held} used).`,
    };
  }
  if (q.count > 0)
    return {
      tone: 'info',
      text: `Forwarding ${q.count} card payment${q.count === 1 ? '' : 's'} approved offline (${money(q.amountMinor)})`,
    };
  return null;
}
