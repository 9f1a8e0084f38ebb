import { describe, expect, it } from 'vitest';
import { parseMoneyInput } from './money-input.js';

const minor = (text: string, currency = 'EUR') => {
  const parsed = parseMoneyInput(text, currency);
  return parsed.ok ? parsed.minor : parsed.message;
};

describe('parseMoneyInput', () => {
  it.each([
    ['20', 2000],
    ['20.00', 2000],
    ['7.5', 750],
    ['7,5', 750],
    ['0.01', 1],
    ['.5', 50],
    ['5.', 500],
    [' 12.34 ', 1234],
    ['007.10', 710],
    ['0.29', 29],
    ['1.15', 115],
  ])('"%s" → %i minor units', (text, expected) => {
    expect(minor(text)).toBe(expected);
  });

  it.each(['7.505', 'abc', '-5', '-0.50', '', ' ', '.', '1e3', '1 000', '12.3.4', '+5', '0', '0.00', 'Infinity', '0x10'])(
    'rejects "%s"',
    (text) => {
      const parsed = parseMoneyInput(text, 'EUR');
      expect(parsed.ok).toBe(false);
    },
  );

  it('explains the problem in words a cashier understands', () => {
    expect(minor('7.505')).toBe('Use at most 2 decimals, like 20.00');
    expect(minor('abc')).toBe('Enter an amount like 20.00');
    expect(minor('0')).toBe('Enter an amount greater than zero');
    expect(minor('9999999999999')).toBe('That amount is too large');
  });

  it('follows the currency minor digits', () => {
    expect(minor('1500', 'JPY')).toBe(1500);
    expect(minor('15.5', 'JPY')).toBe('JPY amounts have no decimals');
    expect(minor('1.234', 'KWD')).toBe(1234);
  });
});
