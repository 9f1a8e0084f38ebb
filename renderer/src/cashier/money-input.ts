import { minorDigits } from '../../../shared/money.js';

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

/** Upper bound of MinorUnits in shared/money.ts; above it the core would reject the amount anyway. */
const MAX_MINOR = 1_000_000_000_00;

/**
 * Parses what a cashier types ("20", "20.00", "7,5") into integer minor units using only string and
 * integer arithmetic: "7.5" * 100 in floating point is how a till ends up a cent short.
 */
export function parseMoneyInput(text: string, currency: string): MoneyParse {
  const digits = minorDigits(currency);
  const trimmed = text.trim();
  const match = /^(\d*)(?:[.,](\d*))?$/.exec(trimmed);
  const example = digits > 0 ? `20.${'0'.repeat(digits)}` : '2000';
  if (!match || (match[1] === '' && !match[2])) {
    return { ok: false, message: `Enter an amount like ${example}` };
  }
  const major = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      message: digits === 0 ? `${currency} amounts have no decimals` : `Use at most ${digits} decimals, like ${example}`,
    };
  }
  const majorDigits = major.replace(/^0+(?=\d)/, '');
  // Checked on the string first so Number() below only ever sees safe integers.
  if (majorDigits.length > 12) return { ok: false, message: 'That amount is too large' };
  const minor = Number(majorDigits || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor > MAX_MINOR) return { ok: false, message: 'That amount is too large' };
  if (minor <= 0) return { ok: false, message: 'Enter an amount greater than zero' };
  return { ok: true, minor };
}
