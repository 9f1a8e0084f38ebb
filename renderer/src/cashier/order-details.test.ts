import { describe, expect, it } from 'vitest';
import { detailsChanges, detailsForm, guestOf } from './order-details.js';

describe('order details (table, guest name, note)', () => {
  const seated = { tableNumber: '12', customerName: 'Anna', note: 'birthday' };

  it('fills the form from the order, blanks for what it lacks', () => {
    expect(detailsForm(seated)).toEqual({ table: '12', name: 'Anna', note: 'birthday' });
    expect(detailsForm({})).toEqual({ table: '', name: '', note: '' });
  });

  it('asks only for the commands whose fields changed, trimmed, clearing blanked fields', () => {
    expect(detailsChanges(seated, { table: ' 12 ', name: 'Anna', note: 'birthday ' })).toEqual({});
    expect(detailsChanges(seated, { table: '7', name: 'Anna', note: 'birthday' })).toEqual({ guest: { tableNumber: '7' } });
    expect(detailsChanges(seated, { table: '', name: ' Bo ', note: 'birthday' })).toEqual({
      guest: { tableNumber: null, customerName: 'Bo' },
    });
    expect(detailsChanges(seated, { table: '12', name: 'Anna', note: '  ' })).toEqual({ note: '' });
    expect(detailsChanges({}, { table: '3', name: '', note: 'no ice' })).toEqual({ guest: { tableNumber: '3' }, note: 'no ice' });
  });

  it('names the guest for lists and headings', () => {
    expect(guestOf(seated)).toBe('Table 12 · Anna');
    expect(guestOf({ tableNumber: '4' })).toBe('Table 4');
    expect(guestOf({ customerName: 'Web Bo' })).toBe('Web Bo');
    expect(guestOf({})).toBe('');
    expect(guestOf(undefined)).toBe('');
  });
});
