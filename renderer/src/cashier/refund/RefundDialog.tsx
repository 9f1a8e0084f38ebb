import { useEffect, useMemo, useState, type FormEvent, type JSX } from 'react';
import type { RefundAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { formatAmount, formatMoney } from '../../../../shared/money.js';
import type { OrderView } from '../../../../shared/order-view.js';
import { useBridge } from '../../app/BridgeContext.js';
import { Modal } from '../Modal.js';
import { parseMoneyInput } from '../money-input.js';
import { newRequestKey } from '../tender/request-key.js';
import { SimulatedTerminalControl } from '../tender/SimulatedTerminalControl.js';
import { refundSources, sourceKey, suggestedRefund } from './refund-sources.js';
import { refundStatusText } from './refund-status.js';

interface Props {
  order: OrderView;
  onClose: () => void;
}

type Outcome = { tone: 'ok' | 'error' | 'pending'; text: string };

/**
 * Gives money back on a paid (or cancelled, refund-pending) order: to the card through the card
 * refund saga, or cash from the drawer. Full or partial, a reason always, a manager PIN when the
 * station asks for one. The core checks everything; this shows what it answered.
 */
export function RefundDialog({ order, onClose }: Props): JSX.Element {
  const bridge = useBridge();
  const money = (minor: number) => formatMoney(minor, order.currency);
  const sources = useMemo(() => refundSources(order, (m) => formatMoney(m, order.currency)), [order]);
  const [selected, setSelected] = useState(sources[0] ? sourceKey(sources[0]) : '');
  const source = sources.find((s) => sourceKey(s) === selected) ?? sources[0];
  const [amount, setAmount] = useState(source ? formatAmount(suggestedRefund(order, source), order.currency) : '');
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [refund, setRefund] = useState<RefundAttemptView | null>(null);
  const [history, setHistory] = useState<RefundAttemptView[]>([]);
  // Kept until the core gives a definite answer: resending after a lost answer never refunds twice.
  const [requestKey, setRequestKey] = useState(() => newRequestKey('refund'));

  useEffect(() => {
    let live = true;
    void bridge.invoke('payment.refunds', { orderId: order.id }).then((found) => {
      if (live && found.ok) setHistory(found.value.refunds);
    });
    const off = bridge.on('payment.refundChanged', (changed) => {
      if (changed.orderId !== order.id) return;
      setHistory((all) => [...all.filter((r) => r.refundId !== changed.refundId), changed].sort((a, b) => a.createdAt - b.createdAt));
      setRefund((mine) => (mine && mine.refundId === changed.refundId && changed.updatedAt >= mine.updatedAt ? changed : mine));
    });
    return () => {
      live = false;
      off();
    };
  }, [bridge, order.id]);

  // A card refund's result arrives as pushes; a poll covers a push lost to a reconnect.
  useEffect(() => {
    if (!refund || refund.state === 'refunded' || refund.state === 'refused' || refund.state === 'failed') return;
    const timer = setInterval(() => {
      void bridge.invoke('payment.refunds', { orderId: order.id }).then((found) => {
        const latest = found.ok ? found.value.refunds.find((r) => r.refundId === refund.refundId) : undefined;
        if (latest && latest.updatedAt >= refund.updatedAt) setRefund(latest);
      });
    }, 3_000);
    return () => clearInterval(timer);
  }, [bridge, order.id, refund]);

  useEffect(() => {
    if (refund) setOutcome({ tone: refund.state === 'refunded' ? 'ok' : refund.state === 'refused' || refund.state === 'failed' ? 'error' : 'pending', text: refundStatusText(refund) });
  }, [refund]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!source || busy) return;
    const parsed = parseMoneyInput(amount, order.currency);
    if (!parsed.ok) return setOutcome({ tone: 'error', text: parsed.message });
    if (parsed.minor > source.refundableMinor) return setOutcome({ tone: 'error', text: `At most ${money(source.refundableMinor)} can be refunded from this payment` });
    if (reason.trim() === '') return setOutcome({ tone: 'error', text: 'Enter the reason for the refund' });
    const managerPin = pin.trim() === '' ? {} : { managerPin: pin.trim() };
    setBusy(true);
    setOutcome(null);
    try {
      if (source.kind === 'card') {
        const started = await bridge.invoke('payment.refundCard', {
          orderId: order.id,
          paymentId: source.paymentId,
          amountMinor: parsed.minor,
          reason: reason.trim(),
          requestKey,
          ...managerPin,
        });
        if (started.ok || (started.error.code !== 'unavailable' && started.error.code !== 'internal')) setRequestKey(newRequestKey('refund'));
        if (started.ok) setRefund(started.value);
        else setOutcome({ tone: 'error', text: started.error.message });
        return;
      }
      const refunded = await bridge.invoke('order.refundCash', { orderId: order.id, amountMinor: parsed.minor, reason: reason.trim(), ...managerPin });
      if (!refunded.ok) return setOutcome({ tone: 'error', text: refunded.error.message });
      const drawer = await bridge.invoke('drawer.open', { orderId: order.id, reason: 'refund' });
      setOutcome({
        tone: 'ok',
        text: `Refunded ${money(parsed.minor)} in cash${drawer.ok ? ' — drawer opened' : ` — the drawer did not open: ${drawer.error.message}`}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const inFlight = refund !== null && (refund.state === 'refunding' || refund.state === 'unknown_resolving');
  return (
    <Modal title={`Refund order #${order.ticketNumber}`} onClose={onClose} className="refund-dialog">
      {sources.length === 0 ? (
        <p>Nothing is left to refund on this order.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-label="Refund">
          <fieldset disabled={busy || inFlight}>
            <legend>Refund to</legend>
            {sources.map((s) => (
              <label key={sourceKey(s)}>
                <input
                  type="radio"
                  name="refund-source"
                  checked={sourceKey(s) === selected}
                  onChange={() => {
                    setSelected(sourceKey(s));
                    setAmount(formatAmount(suggestedRefund(order, s), order.currency));
                  }}
                />
                {s.label}
              </label>
            ))}
            <label>
              <span>Refund amount</span>
              <input aria-label="Refund amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
            <label>
              <span>Reason</span>
              <input aria-label="Reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <label>
              <span>Manager PIN (if asked)</span>
              <input aria-label="Manager PIN" type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={pin} onChange={(e) => setPin(e.target.value)} />
            </label>
            <button type="submit" className="primary">
              Refund {source?.kind === 'card' ? 'to card' : 'cash'}
            </button>
          </fieldset>
          {source?.kind === 'card' && <SimulatedTerminalControl operation="refund" />}
        </form>
      )}
      {outcome && (
        <p className={`refund-outcome refund-${outcome.tone}`} aria-live="polite" aria-label="Refund result">
          {outcome.text}
        </p>
      )}
      {history.length > 0 && (
        <ul className="refund-history" aria-label="Card refunds">
          {history.map((r) => (
            <li key={r.refundId}>
              {money(r.amountMinor)} — {r.reason} — {refundStatusText(r)}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
