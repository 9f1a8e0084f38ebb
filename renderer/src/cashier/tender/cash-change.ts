import { parseMoneyInput } from '../money-input.js';

/** What the cash field says as the cashier types: nothing yet, not an amount, change to give, or short. */
export type CashPreview =
  { kind: 'empty' } | { kind: 'invalid' } | { kind: 'change'; changeMinor: number } | { kind: 'short'; shortMinor: number };

/** Live change for the typed cash against what this payment settles; integer arithmetic only. */
export function cashPreview(text: string, dueMinor: number, currency: string): CashPreview {
  if (text.trim() === '') return { kind: 'empty' };
  const parsed = parseMoneyInput(text, currency);
  if (!parsed.ok) return { kind: 'invalid' };
  return parsed.minor >= dueMinor
    ? { kind: 'change', changeMinor: parsed.minor - dueMinor }
    : { kind: 'short', shortMinor: dueMinor - parsed.minor };
}
