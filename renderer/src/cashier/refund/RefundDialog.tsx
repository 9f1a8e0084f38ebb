import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useMemo, useState, type FormEvent, type JSX } from 'react';
import { formatAmount, formatMoney } from '../../../../shared/money.js';
import type { OrderView } from '../../../../shared/order-view.js';
import { useBridge } from '../../app/BridgeContext.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { refundsOf } from '../../store/payments-slice.js';
import { useEntryChanges } from '../../store/use-entry-changes.js';
import { Modal } from '../Modal.js';
import { SimulatedTerminalControl } from '../tender/SimulatedTerminalControl.js';
import { checkRefundForm } from './refund-form.js';
import { refundMachine } from './refund-machine.js';
import { refundSources, sourceKey, suggestedRefund } from './refund-sources.js';
import { refundStatusText } from './refund-status.js';
import { loadOrderRefunds } from './refund-thunks.js';

interface Props {
  order: OrderView;
  onClose: () => void;
}

/**
 * Gives money back on a paid (or cancelled, refund-pending) order: to the card through the card
 * refund saga, or cash from the drawer. Full or partial, a reason always, a manager PIN when the
 * station asks for one. The core checks everything; the refund machine follows what it answered.
 */
export function RefundDialog({ order, onClose }: Props): JSX.Element {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const money = (minor: number) => formatMoney(minor, order.currency);
  const sources = useMemo(() => refundSources(order, (m) => formatMoney(m, order.currency)), [order]);
  const [selected, setSelected] = useState(sources[0] ? sourceKey(sources[0]) : '');
  const source = sources.find((s) => sourceKey(s) === selected) ?? sources[0];
  const [amount, setAmount] = useState(source ? formatAmount(suggestedRefund(order, source), order.currency) : '');
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');

  const refunder = useActorRef(refundMachine, { input: { bridge, orderId: order.id, currency: order.currency } });
  const outcome = useSelector(refunder, (s) => s.context.outcome);
  const busy = useSelector(refunder, (s) => !s.matches('ready'));

  // The order's card refunds live in the payments slice (pushes and this load); the machine follows its own.
  useEffect(() => {
    void dispatch(loadOrderRefunds(order.id));
  }, [dispatch, order.id]);
  const refunds = useAppSelector((s) => s.payments.refunds);
  const history = useMemo(() => refundsOf(refunds, order.id), [refunds, order.id]);
  useEntryChanges(refunds, (refund) => {
    if (refund.orderId === order.id) refunder.send({ type: 'REFUND_CHANGED', refund });
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!source || busy) return;
    const checked = checkRefundForm({ source, amount, reason, pin }, order.currency, money);
    refunder.send(checked.ok ? { type: 'SUBMIT', request: checked.request } : { type: 'INPUT_INVALID', message: checked.message });
  };

  return (
    <Modal title={`Refund order #${order.ticketNumber}`} onClose={onClose} className="refund-dialog">
      {sources.length === 0 ? (
        <p>Nothing is left to refund on this order.</p>
      ) : (
        <form onSubmit={submit} aria-label="Refund">
          <fieldset disabled={busy}>
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
              <input
                aria-label="Refund amount"
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
              />
            </label>
            <label>
              <span>Reason</span>
              <input aria-label="Reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <label>
              <span>Manager PIN (if asked)</span>
              <input
                aria-label="Manager PIN"
                type="password"
                inputMode="numeric"
                autoComplete="off"
                maxLength={8}
                value={pin}
                onChange={(e) => setPin(e.target.value)}
              />
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
