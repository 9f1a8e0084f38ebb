import type { JSX } from 'react';
import type { OfflineQueueView } from '../../../shared/ipc/offline-payments.js';
import { formatMoney } from '../../../shared/money.js';
import { formatDuration } from './diagnostics-format.js';

/** Card payments approved while the gateway was down: the store-and-forward queue against its limits. */
export function OfflineCardsSection({ queue }: { queue: OfflineQueueView | undefined }): JSX.Element {
  const money = (minor: number) => (queue ? formatMoney(minor, queue.currency) : '');
  return (
    <section aria-labelledby="diag-offline-cards" className="diag-card">
      <h2 id="diag-offline-cards">Offline card payments</h2>
      {queue ? (
        <dl className="diag-facts">
          <dt>Card gateway</dt>
          <dd aria-label="Card gateway">{queue.gatewayReachable ? 'reachable' : 'unreachable (cards approved offline)'}</dd>
          <dt>Awaiting forwarding</dt>
          <dd aria-label="Awaiting forwarding">
            {queue.count} payment{queue.count === 1 ? '' : 's'}, {money(queue.amountMinor)}
          </dd>
          <dt>Oldest</dt>
          <dd aria-label="Oldest offline payment">
            {queue.oldestAgeMs === null
              ? '—'
              : `${formatDuration(queue.oldestAgeMs)} (expires at ${formatDuration(queue.limits.maxAgeMs)})`}
          </dd>
          <dt>Limits</dt>
          <dd aria-label="Offline limits">
            {queue.enabled
              ? `${money(queue.limits.perPaymentMinor)} per payment, ${money(queue.committedMinor)} of ${money(queue.limits.totalPendingMinor)} used${queue.nearLimit ? ' (near the limit)' : ''}`
              : 'offline card payments turned off'}
          </dd>
        </dl>
      ) : (
        <p className="placeholder">Loading…</p>
      )}
    </section>
  );
}
