import { z } from 'zod';

/** ISO 4217 code. Amounts are always integer minor units (cents) of this currency. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code like EUR');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

export const MinorUnits = z.int().min(-1_000_000_000_00).max(1_000_000_000_00);

const MINOR_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3, TND: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Formats integer minor units without ever going through floating point. */
export function formatMoney(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount must be an integer of minor units, got ${amountMinor}`);
  const digits = minorDigits(currency);
  const negative = amountMinor < 0;
  const abs = Math.abs(amountMinor)
    .toString()
    .padStart(digits + 1, '0');
  const major = abs.slice(0, abs.length - digits) || '0';
  const minor = digits > 0 ? `.${abs.slice(abs.length - digits)}` : '';
  const symbol = currency === 'EUR' ? '€' : currency === 'USD' ? '$' : currency === 'GBP' ? '£' : `${currency} `;
  return `${negative ? '-' : ''}${symbol}${major}${minor}`;
}

/** The same amount as a plain number string for printers and logs: "12.50". */
export function formatAmount(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = amountMinor < 0;
  const abs = Math.abs(amountMinor)
    .toString()
    .padStart(digits + 1, '0');
  const major = abs.slice(0, abs.length - digits) || '0';
  return `${negative ? '-' : ''}${major}${digits > 0 ? '.' + abs.slice(abs.length - digits) : ''}`;
}
