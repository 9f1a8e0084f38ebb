import { useState, type FormEvent, type JSX } from 'react';
import { formatAmount, formatMoney } from '../../../../shared/money.js';
import { parseMoneyInput } from '../money-input.js';
import { quickTenders } from '../quick-tender.js';

interface Props {
  dueMinor: number;
  currency: string;
  busy: boolean;
  onPay: (tenderedMinor: number) => void;
  onInvalid: (message: string) => void;
}

/** Cash: what the customer hands over (typed, or a quick-tender button), then "Take payment". */
export function CashTender({ dueMinor, currency, busy, onPay, onInvalid }: Props): JSX.Element {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = parseMoneyInput(text, currency);
    setInvalid(!parsed.ok);
    if (parsed.ok) onPay(parsed.minor);
    else onInvalid(parsed.message);
  };

  return (
    <form className="pay tender-cash" aria-label="Pay cash" onSubmit={submit}>
      <h3>Cash</h3>
      <label className="tender">
        <span>Cash tendered</span>
        <input
          aria-label="Cash tendered"
          aria-invalid={invalid}
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
      <div className="quick-tenders">
        {quickTenders(dueMinor, currency).map((amount, index) => (
          <button
            key={amount}
            type="button"
            disabled={busy}
            onClick={() => {
              setText(formatAmount(amount, currency));
              setInvalid(false);
            }}
          >
            {index === 0 ? `Exact ${formatMoney(amount, currency)}` : formatMoney(amount, currency)}
          </button>
        ))}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Take payment
      </button>
    </form>
  );
}
