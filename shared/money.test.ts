import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney } from './money.js';

describe('money formatting from integer minor units', () => {
  it('formats without floating point', () => {
    expect(formatMoney(1250, 'EUR')).toBe('€12.50');
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
    expect(formatMoney(-730, 'USD')).toBe('-$7.30');
    expect(formatMoney(1500, 'JPY')).toBe('JPY 1500');
    expect(formatMoney(1234, 'KWD')).toBe('KWD 1.234');
    expect(formatAmount(900719925474099, 'EUR')).toBe('9007199254740.99');
    expect(formatAmount(0, 'EUR')).toBe('0.00');
  });

  it('refuses fractional minor units', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(RangeError);
  });
});
