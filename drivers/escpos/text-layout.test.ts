import { describe, expect, it } from 'vitest';
import { fitLeftRight, sanitizeReceiptText, wrapText } from './text-layout.js';

describe('wrapText', () => {
  it('wraps on words and hard-breaks words longer than a line', () => {
    expect(wrapText('the quick brown fox', 9)).toEqual(['the quick', 'brown fox']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 4)).toEqual(['']);
  });
});

describe('fitLeftRight', () => {
  it('keeps short rows on one line', () => {
    expect(fitLeftRight('TOTAL', '12.50', 20)).toEqual([{ left: 'TOTAL', right: '12.50' }]);
  });

  it('wraps the left text with an indent and keeps the amount on the first row', () => {
    const rows = fitLeftRight('1 x Very long item name', '9.00', 16, 4);
    expect(rows[0]).toEqual({ left: '1 x Very', right: '9.00' });
    expect(rows.slice(1).every((r) => r.left.startsWith('    ') && r.right === '')).toBe(true);
    for (const r of rows) expect(r.left.length + (r.right ? r.right.length + 1 : 0)).toBeLessThanOrEqual(16);
  });

  it('gives a very wide right column its own row', () => {
    const rows = fitLeftRight('Paid by', 'Gift card ending 1234567', 20);
    expect(rows.at(-1)).toEqual({ left: '', right: 'Gift card ending 123' });
  });
});

describe('sanitizeReceiptText', () => {
  it('composes accents, blanks control characters and replaces emoji', () => {
    expect(sanitizeReceiptText('Cafe\u0301\x1b\n🍕')).toBe('Café  ?');
  });
});
