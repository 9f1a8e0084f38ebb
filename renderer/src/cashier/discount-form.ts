import type { DiscountAmount } from '../../../shared/events.js';
import { parseMoneyInput } from './money-input.js';

/** Reasons cashiers give most; "Other" asks for a few words. Kept on the event for the audit log. */
export const DISCOUNT_REASONS = ['Loyalty', 'Staff meal', 'Service recovery', 'Damaged item', 'Promotion', 'Manager comp'] as const;
export const OTHER_REASON = 'Other';

export type DiscountKind = 'percent' | 'fixed';

export type DiscountParse =
  { ok: true; amount: DiscountAmount; reason: string } | { ok: false; field: 'value' | 'reason'; message: string };

/** "10" or "12.5" percent → basis points, with string arithmetic (12.5 * 100 in floats is not always 1250). */
export function parsePercent(text: string): { ok: true; bp: number } | { ok: false; message: string } {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return { ok: false, message: 'Enter a percentage like 10 or 12.5' };
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (bp <= 0) return { ok: false, message: 'Enter a percentage greater than zero' };
  if (bp > 10_000) return { ok: false, message: 'A discount cannot be more than 100 %' };
  return { ok: true, bp };
}

export function parseDiscount(
  form: { kind: DiscountKind; value: string; reason: string; otherReason: string },
  currency: string,
): DiscountParse {
  let amount: DiscountAmount;
  if (form.kind === 'percent') {
    const parsed = parsePercent(form.value);
    if (!parsed.ok) return { ok: false, field: 'value', message: parsed.message };
    amount = { kind: 'percent', bp: parsed.bp };
  } else {
    const parsed = parseMoneyInput(form.value, currency);
    if (!parsed.ok) return { ok: false, field: 'value', message: parsed.message };
    amount = { kind: 'fixed', amountMinor: parsed.minor };
  }
  const reason = form.reason === OTHER_REASON ? form.otherReason.trim() : form.reason;
  if (!reason) return { ok: false, field: 'reason', message: form.reason === OTHER_REASON ? 'Say why in a few words' : 'Pick a reason' };
  if (reason.length > 200) return { ok: false, field: 'reason', message: 'Keep the reason under 200 characters' };
  return { ok: true, amount, reason };
}

/** "10 %" or "€2.00", as the totals list names a discount. */
export function describeDiscountAmount(amount: DiscountAmount, formatMoney: (minor: number) => string): string {
  if (amount.kind === 'fixed') return formatMoney(amount.amountMinor);
  const whole = Math.floor(amount.bp / 100);
  const fraction = amount.bp % 100;
  return `${fraction === 0 ? whole : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`} %`;
}
