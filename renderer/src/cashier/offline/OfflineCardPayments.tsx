import { useCallback, useEffect, useState, type FormEvent, type JSX } from 'react';
import { formatMoney } from '../../../../shared/money.js';
import type { OfflineFollowUpView } from '../../../../shared/ipc/offline-payments.js';
import { useBridge } from '../../app/BridgeContext.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { offlineQueueChanged } from '../../store/payments-slice.js';
import { useManagerApproval } from '../../staff/ManagerApproval.js';
import { offlineBannerText } from './offline-banner.js';

/**
 * Card payments while the gateway is down: a banner while it is down or while payments wait to be
 * forwarded (a warning near the limit), and the manager's follow-up list of payments declined after
 * the sale or expired, each with its order. Kept live by `payment.offlineQueueChanged`.
 */
export function OfflineCardPayments(): JSX.Element | null {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const queue = useAppSelector((s) => s.payments.offlineQueue);
  const offlineChanges = useAppSelector((s) => s.payments.offlineChanges);
  const [followUps, setFollowUps] = useState<OfflineFollowUpView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const movements = useAppSelector((s) => s.payments.movements);

  const loadFollowUps = useCallback(async () => {
    const found = await bridge.invoke('payment.followUps', {});
    if (found.ok) setFollowUps(found.value.items);
    else setError(found.error.message);
  }, [bridge]);

  useEffect(() => {
    let live = true;
    void bridge.invoke('payment.offlineQueue', {}).then((found) => {
      if (!live) return;
      if (found.ok) dispatch(offlineQueueChanged(found.value));
      else setError(found.error.message);
    });
    return () => {
      live = false;
    };
  }, [bridge, dispatch, movements]);

  // Every pushed change of the queue (a forward, a loss) may have added a payment to chase.
  useEffect(() => {
    void loadFollowUps();
  }, [loadFollowUps, offlineChanges]);

  const banner = queue ? offlineBannerText(queue) : null;
  if (!banner && followUps.length === 0 && !error) return null;
  return (
    <section className="offline-cards" aria-label="Offline cards">
      {error && <p className="tender-error">{error}</p>}
      {banner && (
        // Announced, but not as a role: the till's one status (the order's outcome) and its alerts stay unambiguous.
        <p className={`offline-banner ${banner.tone}`} aria-live={banner.tone === 'warn' ? 'assertive' : 'polite'}>
          {banner.text}
        </p>
      )}
      {followUps.length > 0 && (
        <div className="follow-ups" aria-label="Payments to chase">
          <h2>Payments to chase ({followUps.length})</h2>
          <p className="hint">Card payments approved offline and then lost: the goods are gone, a manager follows up.</p>
          <ul>
            {followUps.map((f) => (
              <li key={f.paymentId} aria-label={`Payment to chase on order ${f.ticketNumber ?? f.orderId.slice(-6)}`}>
                <strong>#{f.ticketNumber ?? f.orderId.slice(-6)}</strong> {formatMoney(f.amountMinor, f.currency)} —{' '}
                {f.outcome === 'declined' ? 'Payment declined after the sale' : 'Expired before forwarding'}: {f.reason}
                <span className="ref"> (ref {f.terminalRef})</span>
                <ResolveFollowUp followUp={f} onResolved={setFollowUps} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * A manager marks the loss as dealt with (collected another way, or written off), saying how: the
 * core asks for a manager's PIN every time, records it on the order and answers the list without it.
 */
function ResolveFollowUp({ followUp, onResolved }: { followUp: OfflineFollowUpView; onResolved: (items: OfflineFollowUpView[]) => void }) {
  const bridge = useBridge();
  const { withManagerPin } = useManagerApproval();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const order = followUp.ticketNumber ?? followUp.orderId.slice(-6);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await withManagerPin(`Resolve the payment on order #${order}`, (pin) =>
      bridge.invoke('payment.resolveFollowUp', { paymentId: followUp.paymentId, note: note.trim(), ...(pin ? { managerPin: pin } : {}) }),
    );
    setBusy(false);
    if (result.ok) onResolved(result.value.items);
    else setError(result.error.message);
  };

  if (!open) {
    return (
      <button type="button" className="small" onClick={() => setOpen(true)}>
        Mark resolved
      </button>
    );
  }
  return (
    <form className="resolve-follow-up" onSubmit={(e) => void submit(e)} aria-label={`Resolve the payment on order ${order}`}>
      <label>
        How was it dealt with?
        <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} placeholder="Paid cash next day / written off" />
      </label>
      <button type="submit" className="primary" disabled={busy || note.trim() === ''}>
        Resolve
      </button>
      <button type="button" onClick={() => setOpen(false)} disabled={busy}>
        Cancel
      </button>
      {error && <p className="tender-error">{error}</p>}
    </form>
  );
}
