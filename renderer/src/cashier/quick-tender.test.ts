import { describe, expect, it } from 'vitest';
import { quickTenders } from './quick-tender.js';

describe('quickTenders', () => {
  it('offers the exact total, then the next round amounts above it', () => {
    expect(quickTenders(1250, 'EUR')).toEqual([1250, 1300, 1500, 2000]);
    expect(quickTenders(380, 'EUR')).toEqual([380, 400, 500, 1000]);
  });

  it('does not offer a round total twice or the odd step just above it', () => {
    expect(quickTenders(1500, 'EUR')).toEqual([1500, 2000, 5000, 10000]);
  });

  it('works in currencies without minor digits', () => {
    expect(quickTenders(730, 'JPY')).toEqual([730, 740, 750, 800]);
  });

  it('offers nothing for an empty order', () => {
    expect(quickTenders(0, 'EUR')).toEqual([]);
  });
});
