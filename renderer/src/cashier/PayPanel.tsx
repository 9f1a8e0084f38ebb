import { useState, type FormEvent } from 'react';
import { formatAmount, formatMoney } from '../../../shared/money.js';
import { parseMoneyInput } from './money-input.js';
import { quickTenders } from './quick-tender.js';

interface Props {
  totalMinor: number;
  currency: string;
  busy: boolean;
  /** False while an add is in flight: the machine would not take PAY then, so the tap must not vanish. */
  canSubmit: boolean;
  onPay(tenderedMinor: number): void;
  onInvalid(message: string): void;
}

export function PayPanel({ totalMinor, currency, busy, canSubmit, onPay, onInvalid }: Props) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    const parsed = parseMoneyInput(text, currency);
    setInvalid(!parsed.ok);
    if (parsed.ok) onPay(parsed.minor);
    else onInvalid(parsed.message);
  };

  return (
    <form className="pay" aria-label="Pay cash" onSubmit={submit}>
      <h2>Pay cash</h2>
      <label className="tender">
        <span>Cash tendered</span>
        <input
          aria-label="Cash tendered"
          aria-invalid={invalid}
          inputMode="decimal"
          autoComplete="off"
          placeholder={formatAmount(totalMinor, currency)}
          value={text}
          disabled={busy}
          onChange={(event) => {
            setText(event.target.value);
            setInvalid(false);
          }}
        />
      </label>
      <div className="quick-tenders">
        {quickTenders(totalMinor, currency).map((amount, index) => (
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
      <button type="submit" className="primary" disabled={!canSubmit}>
        Take payment
      </button>
    </form>
  );
}
