import { useRef, useState, type JSX } from 'react';
import type { PaymentAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { formatAmount, formatMoney } from '../../../../shared/money.js';
import { parseMoneyInput } from '../money-input.js';
import { useButtonKey } from '../shortcuts.js';
import { canCancel, cardStatusText } from './card-status.js';

interface Props {
  amountMinor: number;
  currency: string;
  tipMinor: number;
  /** The attempt on screen: in flight, or the last one declined. */
  attempt: PaymentAttemptView | null;
  phase: 'ready' | 'starting' | 'in_flight' | 'refused' | 'busy';
  onTip: (tipMinor: number) => void;
  onPay: () => void;
  onCancel: () => void;
  onRetry: () => void;
  onBack: () => void;
  onInvalid: (message: string) => void;
}

/** Card through the terminal: optional tip, then the terminal's progress live, with cancel and retry. */
export function CardTender(props: Props): JSX.Element {
  const { amountMinor, currency, tipMinor, attempt, phase } = props;
  const [tipText, setTipText] = useState(tipMinor > 0 ? formatAmount(tipMinor, currency) : '');
  const inFlight = phase === 'in_flight' || phase === 'starting';
  const payButton = useRef<HTMLButtonElement>(null);
  useButtonKey(payButton, 'Alt+C');

  const applyTip = (text: string) => {
    setTipText(text);
    if (text.trim() === '') return props.onTip(0);
    const parsed = parseMoneyInput(text, currency);
    if (parsed.ok) props.onTip(parsed.minor);
  };

  return (
    <section className="tender-card" aria-label="Pay by card">
      <h3>Card</h3>
      {phase === 'ready' && (
        <>
          <label className="tender tip">
            <span>Tip (optional)</span>
            <input
              aria-label="Tip"
              inputMode="decimal"
              autoComplete="off"
              placeholder={formatAmount(0, currency)}
              value={tipText}
              onChange={(event) => applyTip(event.target.value)}
              onBlur={() => {
                if (tipText.trim() !== '' && !parseMoneyInput(tipText, currency).ok) props.onInvalid('The tip is not an amount');
              }}
            />
          </label>
          <button ref={payButton} type="button" className="primary" aria-keyshortcuts="Alt+C" onClick={props.onPay}>
            Pay {formatMoney(amountMinor + tipMinor, currency)} by card
          </button>
        </>
      )}
      {inFlight && (
        <div className="card-progress" aria-live="polite" aria-label="Card payment progress">
          <p className="card-state">{attempt ? cardStatusText(attempt) : 'Contacting the terminal…'}</p>
          {attempt && canCancel(attempt) && (
            <button type="button" onClick={props.onCancel}>
              Cancel card payment
            </button>
          )}
        </div>
      )}
      {phase === 'refused' && attempt && (
        <div className="card-progress card-refused" aria-live="assertive" aria-label="Card payment progress">
          <p className="card-state">{cardStatusText(attempt)}</p>
          <button type="button" className="primary" onClick={props.onRetry}>
            Retry card
          </button>
          <button type="button" onClick={props.onBack}>
            Pay another way
          </button>
        </div>
      )}
    </section>
  );
}
