import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/money.js';
import { describeDiscountAmount, parseDiscount, parsePercent } from './discount-form.js';

describe('discount form', () => {
  it('turns percentages into basis points without floating point', () => {
    expect(parsePercent('10')).toEqual({ ok: true, bp: 1000 });
    expect(parsePercent('12,5')).toEqual({ ok: true, bp: 1250 });
    expect(parsePercent('0.01')).toEqual({ ok: true, bp: 1 });
    expect(parsePercent('100')).toEqual({ ok: true, bp: 10_000 });
    expect(parsePercent('100.5').ok).toBe(false);
    expect(parsePercent('0').ok).toBe(false);
    expect(parsePercent('ten').ok).toBe(false);
  });

  it('requires a reason, free text when "Other" is picked', () => {
    const base = { kind: 'fixed' as const, value: '2', otherReason: '' };
    expect(parseDiscount({ ...base, reason: 'Loyalty' }, 'EUR')).toEqual({
      ok: true,
      amount: { kind: 'fixed', amountMinor: 200 },
      reason: 'Loyalty',
    });
    expect(parseDiscount({ ...base, reason: '' }, 'EUR')).toEqual({ ok: false, field: 'reason', message: 'Pick a reason' });
    expect(parseDiscount({ ...base, reason: 'Other', otherReason: '  ' }, 'EUR')).toMatchObject({ ok: false, field: 'reason' });
    expect(parseDiscount({ ...base, reason: 'Other', otherReason: ' regular since 2019 ' }, 'EUR')).toMatchObject({
      ok: true,
      reason: 'regular since 2019',
    });
    expect(parseDiscount({ ...base, value: '2.555', reason: 'Loyalty' }, 'EUR')).toMatchObject({ ok: false, field: 'value' });
  });

  it('names a discount for the totals', () => {
    const eur = (minor: number) => formatMoney(minor, 'EUR');
    expect(describeDiscountAmount({ kind: 'percent', bp: 1000 }, eur)).toBe('10 %');
    expect(describeDiscountAmount({ kind: 'percent', bp: 1250 }, eur)).toBe('12.5 %');
    expect(describeDiscountAmount({ kind: 'percent', bp: 1205 }, eur)).toBe('12.05 %');
    expect(describeDiscountAmount({ kind: 'fixed', amountMinor: 200 }, eur)).toBe('€2.00');
  });
});
