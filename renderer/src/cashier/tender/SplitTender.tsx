import { useState, type FormEvent, type JSX } from 'react';
import { formatMoney } from '../../../../shared/money.js';
import type { SplitPart } from './tender-machine.js';
import { customParts, equalParts, MAX_PARTS } from './split-parts.js';

interface Props {
  dueMinor: number;
  currency: string;
  parts: SplitPart[];
  selectedPartId: string | null;
  busy: boolean;
  onSplit: (partsMinor: number[]) => void;
  onSelect: (partId: string) => void;
  onInvalid: (message: string) => void;
}

/** Split tender: set up N equal parts or custom amounts, then pick the part the next payment pays. */
export function SplitTender({ dueMinor, currency, parts, selectedPartId, busy, onSplit, onSelect, onInvalid }: Props): JSX.Element {
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'equal' | 'custom'>('equal');
  const [count, setCount] = useState('2');
  const [amounts, setAmounts] = useState('');

  if (parts.length > 0) {
    return (
      <fieldset className="split-parts" disabled={busy}>
        <legend>Split parts</legend>
        {parts.map((part, index) => {
          const left = part.amountMinor - part.paidMinor;
          return (
            <label key={part.partId} className={left === 0 ? 'split-part split-part-paid' : 'split-part'}>
              <input
                type="radio"
                name="split-part"
                value={part.partId}
                checked={selectedPartId === part.partId}
                disabled={left === 0}
                onChange={() => onSelect(part.partId)}
              />
              Part {index + 1}: {formatMoney(part.amountMinor, currency)}{' '}
              {left === 0 ? '— paid' : part.paidMinor > 0 ? `— ${formatMoney(left, currency)} left` : ''}
            </label>
          );
        })}
        <p className="split-remaining">Remaining due {formatMoney(dueMinor, currency)}</p>
      </fieldset>
    );
  }

  if (!open) {
    return (
      <button type="button" className="split-open" disabled={busy || dueMinor < 2} onClick={() => setOpen(true)}>
        Split payment
      </button>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const plan = mode === 'equal' ? equalParts(dueMinor, Number(count)) : customParts(amounts, dueMinor, currency);
    if (!plan.ok) return onInvalid(plan.message);
    onSplit(plan.partsMinor);
  };

  return (
    <form className="split-setup" aria-label="Split payment" onSubmit={submit}>
      <fieldset disabled={busy}>
        <legend>Split {formatMoney(dueMinor, currency)}</legend>
        <label>
          <input type="radio" name="split-mode" checked={mode === 'equal'} onChange={() => setMode('equal')} /> Equal parts
        </label>
        <label>
          <input type="radio" name="split-mode" checked={mode === 'custom'} onChange={() => setMode('custom')} /> Custom amounts
        </label>
        {mode === 'equal' ? (
          <label>
            <span>Number of parts</span>
            <input
              aria-label="Number of parts"
              type="number"
              min={2}
              max={MAX_PARTS}
              value={count}
              onChange={(e) => setCount(e.target.value)}
            />
          </label>
        ) : (
          <label>
            <span>Amounts (the rest is the last part)</span>
            <input
              aria-label="Part amounts"
              inputMode="decimal"
              placeholder="10.00 12.50"
              value={amounts}
              onChange={(e) => setAmounts(e.target.value)}
            />
          </label>
        )}
        <button type="submit" className="primary">
          Split
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Don’t split
        </button>
      </fieldset>
    </form>
  );
}
