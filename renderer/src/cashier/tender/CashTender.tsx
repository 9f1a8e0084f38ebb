import { useEffect, useRef, useState, type FormEvent, type JSX } from 'react';
import { formatAmount, formatMoney } from '../../../../shared/money.js';
import { parseMoneyInput } from '../money-input.js';
import { quickTenders } from '../quick-tender.js';
import { cashPreview } from './cash-change.js';

interface Props {
  dueMinor: number;
  currency: string;
  busy: boolean;
  /** Each new value above 0 puts focus in the cash field (the tender view opened, F4). */
  focusRequest: number;
  onPay: (tenderedMinor: number) => void;
  onInvalid: (message: string) => void;
}

/**
 * Cash: a quick-cash button pays at once (exact, or the note handed over), and so does Enter in the
 * empty field (exact); any other amount is typed, the change shown live, then "Take payment". Keyed by the part it pays, so a split's next part
 * starts with an empty field.
 */
export function CashTender({ dueMinor, currency, busy, focusRequest, onPay, onInvalid }: Props): JSX.Element {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const preview = cashPreview(text, dueMinor, currency);

  useEffect(() => {
    if (focusRequest > 0) field.current?.focus();
  }, [focusRequest]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    // Enter on the empty field takes the amount its placeholder shows: F4, Enter is an exact-cash sale.
    if (text.trim() === '') return onPay(dueMinor);
    const parsed = parseMoneyInput(text, currency);
    setInvalid(!parsed.ok);
    if (parsed.ok) onPay(parsed.minor);
    else onInvalid(parsed.message);
  };

  return (
    <form className="pay tender-cash" aria-label="Pay cash" onSubmit={submit}>
      <h3>Cash</h3>
      <div className="quick-tenders" role="group" aria-label="Quick cash">
        {quickTenders(dueMinor, currency).map((amount, index) => (
          <button
            key={amount}
            type="button"
            disabled={busy}
            // The key cap on "Exact": Enter in the empty cash field does the same.
            data-key-hint={index === 0 ? 'Enter' : undefined}
            onClick={() => onPay(amount)}
          >
            {index === 0 ? `Exact ${formatMoney(amount, currency)}` : formatMoney(amount, currency)}
          </button>
        ))}
      </div>
      <div className="tender-cash-entry">
        <label className="tender">
          <span>Cash tendered</span>
          <input
            ref={field}
            aria-label="Cash tendered"
            aria-invalid={invalid}
            aria-describedby="cash-change-preview"
            inputMode="decimal"
            autoComplete="off"
            placeholder={formatAmount(dueMinor, currency)}
            value={text}
            disabled={busy}
            onChange={(event) => {
              setText(event.target.value);
              setInvalid(false);
            }}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Take payment
        </button>
      </div>
      {/* A named note (a bare <p> may not carry a label), live so the change is read as the amount is typed. */}
      <p
        id="cash-change-preview"
        role="note"
        className={`change-preview change-preview-${preview.kind}`}
        aria-label="Change due"
        aria-live="polite"
      >
        {preview.kind === 'change'
          ? `Change ${formatMoney(preview.changeMinor, currency)}`
          : preview.kind === 'short'
            ? `${formatMoney(preview.shortMinor, currency)} short`
            : preview.kind === 'invalid'
              ? 'Not an amount'
              : ''}
      </p>
    </form>
  );
}
