import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type JSX } from 'react';
import { formatAmount, formatMoney } from '../../../../shared/money.js';
import type { OrderView } from '../../../../shared/order-view.js';
import { useBridge } from '../../app/BridgeContext.js';
import { isNewerView } from '../../order-version.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { refundsOf } from '../../store/payments-slice.js';
import { useEntryChanges } from '../../store/use-entry-changes.js';
import { Modal } from '../Modal.js';
import { ReasonChips } from '../ReasonChips.js';
import { SimulatedTerminalControl } from '../tender/SimulatedTerminalControl.js';
import { checkRefundForm, OTHER_REASON, REFUND_REASONS, type RefundField } from './refund-form.js';
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
 * What is left to refund follows the order's newest view, and each refund done clears the form.
 */
export function RefundDialog({ order: opened, onClose }: Props): JSX.Element {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  // The order as pushed since the dialog opened (a refund changes what is left), never an older view.
  const stored = useAppSelector((s) => s.refundsDue.orders.find((o) => o.id === opened.id) ?? s.orders.entities[opened.id]);
  const order = stored && isNewerView(stored, opened) ? stored : opened;
  const money = (minor: number) => formatMoney(minor, order.currency);

  // The order's card refunds live in the payments slice (pushes and this load); the machine follows its own.
  useEffect(() => {
    void dispatch(loadOrderRefunds(order.id));
  }, [dispatch, order.id]);
  const refunds = useAppSelector((s) => s.payments.refunds);
  const history = useMemo(() => refundsOf(refunds, order.id), [refunds, order.id]);

  const sources = useMemo(() => refundSources(order, (m) => formatMoney(m, order.currency), history), [order, history]);
  const [selected, setSelected] = useState(sources[0] ? sourceKey(sources[0]) : '');
  const source = sources.find((s) => sourceKey(s) === selected) ?? sources[0];
  /** What the cashier typed; null follows the suggestion (what is owed, else all that is left). */
  const [typedAmount, setTypedAmount] = useState<string | null>(null);
  const amount = typedAmount ?? (source ? formatAmount(suggestedRefund(order, source), order.currency) : '');
  const [reason, setReason] = useState('');
  const [otherReason, setOtherReason] = useState('');
  const [pin, setPin] = useState('');

  const refunder = useActorRef(refundMachine, { input: { bridge, orderId: order.id, currency: order.currency } });
  const outcome = useSelector(refunder, (s) => s.context.outcome);
  const completed = useSelector(refunder, (s) => s.context.completed);
  const busy = useSelector(refunder, (s) => !s.matches('ready'));
  useEntryChanges(refunds, (refund) => {
    if (refund.orderId === order.id) refunder.send({ type: 'REFUND_CHANGED', refund });
  });

  // A refund done: the form starts over for the next one, its amount from what is now left.
  useEffect(() => {
    if (completed === 0) return;
    setTypedAmount(null);
    setReason('');
    setOtherReason('');
    setPin('');
  }, [completed]);

  // A problem is shown where the cashier looks: beside its field (focused), or at the top of the dialog.
  const baseId = useId();
  const idOf = (field: RefundField) => `${baseId}-${field}-error`;
  const fieldError = (field: RefundField) => (outcome?.tone === 'error' && outcome.field === field ? outcome.text : null);
  const topOutcome = outcome && !(outcome.tone === 'error' && outcome.field) ? outcome : null;
  const amountInput = useRef<HTMLInputElement>(null);
  const pinInput = useRef<HTMLInputElement>(null);
  const reasonChips = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome?.tone !== 'error') return;
    if (!outcome.field) {
      top.current?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const field =
      outcome.field === 'amount'
        ? amountInput.current
        : outcome.field === 'pin'
          ? pinInput.current
          : reasonChips.current?.querySelector<HTMLInputElement>('input:checked, input');
    field?.focus({ preventScroll: true });
    document.getElementById(`${baseId}-${outcome.field}-error`)?.scrollIntoView({ block: 'nearest' });
  }, [outcome, baseId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!source || busy) return;
    const checked = checkRefundForm({ source, amount, reason, otherReason, pin }, order.currency);
    refunder.send(
      checked.ok ? { type: 'SUBMIT', request: checked.request } : { type: 'INPUT_INVALID', message: checked.message, field: checked.field },
    );
  };

  const errorText = (field: RefundField) => {
    const text = fieldError(field);
    return text === null ? null : (
      <p id={idOf(field)} className="dialog-error field-error" role="alert" data-field={field}>
        {text}
      </p>
    );
  };
  const describedBy = (field: RefundField) => (fieldError(field) === null ? {} : { 'aria-invalid': true, 'aria-describedby': idOf(field) });

  return (
    <Modal title={`Refund order #${order.ticketNumber}`} onClose={onClose} className="refund-dialog">
      {topOutcome && (
        <p
          ref={top}
          className={`refund-outcome refund-${topOutcome.tone}`}
          role={topOutcome.tone === 'error' ? 'alert' : 'status'}
          aria-label="Refund result"
        >
          {topOutcome.text}
        </p>
      )}
      {!source ? (
        <>
          <p className="refund-left" role="status">
            Nothing left to refund on this order
          </p>
          <div className="dialog-actions">
            <button type="button" className="primary" disabled>
              Refund
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} aria-label="Refund">
          <fieldset disabled={busy}>
            <legend>Refund to</legend>
            {sources.map((s) => (
              <label key={sourceKey(s)}>
                <input
                  type="radio"
                  name="refund-source"
                  checked={sourceKey(s) === sourceKey(source)}
                  onChange={() => {
                    setSelected(sourceKey(s));
                    setTypedAmount(null);
                  }}
                />
                {s.label}
              </label>
            ))}
            <label>
              <span>Refund amount</span>
              <input
                ref={amountInput}
                aria-label="Refund amount"
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(e) => setTypedAmount(e.target.value)}
                {...describedBy('amount')}
              />
            </label>
            {errorText('amount')}
            <div ref={reasonChips}>
              <ReasonChips
                name="refund-reason"
                reasons={REFUND_REASONS}
                other={OTHER_REASON}
                value={reason}
                onChange={setReason}
                otherText={otherReason}
                onOtherTextChange={setOtherReason}
                {...(fieldError('reason') === null ? {} : { errorId: idOf('reason') })}
              />
            </div>
            {errorText('reason')}
            <label>
              <span>Manager PIN (if asked)</span>
              <input
                ref={pinInput}
                aria-label="Manager PIN"
                type="password"
                inputMode="numeric"
                autoComplete="off"
                maxLength={8}
                value={pin}
                onChange={(e) => setPin(e.target.value)}
                {...describedBy('pin')}
              />
            </label>
            {errorText('pin')}
          </fieldset>
          {source.kind === 'card' && <SimulatedTerminalControl operation="refund" />}
          <div className="dialog-actions">
            <button type="submit" className="primary" disabled={busy}>
              Refund {source.kind === 'card' ? 'to card' : 'cash'}
            </button>
          </div>
        </form>
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
