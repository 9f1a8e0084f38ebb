import { describe, expect, it } from 'vitest';
import { cashPreview } from './cash-change.js';

describe('cashPreview', () => {
  it('shows the change while the amount covers what is due', () => {
    expect(cashPreview('20', 1760, 'EUR')).toEqual({ kind: 'change', changeMinor: 240 });
    expect(cashPreview('17,60', 1760, 'EUR')).toEqual({ kind: 'change', changeMinor: 0 });
  });

  it('says how much is missing below what is due', () => {
    expect(cashPreview('10', 1760, 'EUR')).toEqual({ kind: 'short', shortMinor: 760 });
    expect(cashPreview('1', 1760, 'EUR')).toEqual({ kind: 'short', shortMinor: 1660 });
  });

  it('stays quiet on an empty field and flags what is not an amount', () => {
    expect(cashPreview('  ', 1760, 'EUR')).toEqual({ kind: 'empty' });
    expect(cashPreview('12.345', 1760, 'EUR')).toEqual({ kind: 'invalid' });
    expect(cashPreview('abc', 1760, 'EUR')).toEqual({ kind: 'invalid' });
  });

  it('works in currencies without minor digits', () => {
    expect(cashPreview('1000', 730, 'JPY')).toEqual({ kind: 'change', changeMinor: 270 });
  });
});
