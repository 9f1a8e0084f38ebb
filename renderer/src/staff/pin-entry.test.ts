import { describe, expect, it } from 'vitest';
import { pinComplete, pinKeyFor, pressPinKey } from './pin-entry.js';

describe('the PIN pad', () => {
  it('takes digits up to 8, deletes the last one and clears', () => {
    let pin = '';
    for (const digit of '123456789') pin = pressPinKey(pin, { kind: 'digit', digit });
    expect(pin).toBe('12345678');
    expect(pressPinKey(pin, { kind: 'backspace' })).toBe('1234567');
    expect(pressPinKey(pin, { kind: 'clear' })).toBe('');
    expect(pressPinKey('', { kind: 'backspace' })).toBe('');
    expect(pressPinKey('12', { kind: 'digit', digit: 'x' })).toBe('12');
  });

  it('is complete from 4 digits', () => {
    expect(pinComplete('123')).toBe(false);
    expect(pinComplete('1234')).toBe(true);
  });

  it('maps the keyboard: digits, Backspace, Escape; ignores the rest', () => {
    expect(pinKeyFor('7')).toEqual({ kind: 'digit', digit: '7' });
    expect(pinKeyFor('Backspace')).toEqual({ kind: 'backspace' });
    expect(pinKeyFor('Escape')).toEqual({ kind: 'clear' });
    expect(pinKeyFor('a')).toBeUndefined();
  });
});
