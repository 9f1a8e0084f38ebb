/**
 * Integer minor units as a plain amount string ("12.50"), never through floating point. A local copy
 * of the domain's rule so the drivers depend only on the stable parts of shared/ (barcode, logger, clock).
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3, TND: 3 };

export function formatMinorUnits(amountMinor: number, currency: string, field = 'amount'): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`${field} must be an integer of minor units, got ${amountMinor}`);
  const digits = MINOR_DIGITS[currency] ?? 2;
  const abs = Math.abs(amountMinor)
    .toString()
    .padStart(digits + 1, '0');
  const major = abs.slice(0, abs.length - digits) || '0';
  return `${amountMinor < 0 ? '-' : ''}${major}${digits > 0 ? `.${abs.slice(abs.length - digits)}` : ''}`;
}

/** The symbol printers and displays can show; other currencies print their ISO code. */
export function currencyMark(currency: string): string {
  return ({ EUR: '€', GBP: '£', USD: '$' } as Readonly<Record<string, string>>)[currency] ?? currency;
}
