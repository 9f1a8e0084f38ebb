import { describe, expect, it } from 'vitest';
import { resolveOrderFilter } from './diagnostics-format.js';

const orders = [
  { id: '0190a000-0000-7000-8000-000000000001', ticketNumber: 12 },
  { id: '0190a000-0000-7000-8000-000000000002', ticketNumber: 7 },
  { id: '0190a000-0000-7000-8000-000000000003', ticketNumber: 12 },
];

describe('order filter', () => {
  it('is empty for blank input', () => {
    expect(resolveOrderFilter('  ', orders)).toEqual({ kind: 'all' });
  });
  it('maps a ticket number (with or without #) to the newest order carrying it', () => {
    expect(resolveOrderFilter('#7', orders)).toEqual({ kind: 'order', orderId: orders[1]!.id });
    expect(resolveOrderFilter('12', orders)).toEqual({ kind: 'order', orderId: orders[2]!.id });
  });
  it('says unknown for a number no order has, and passes anything else through as an order id', () => {
    expect(resolveOrderFilter('99', orders)).toEqual({ kind: 'unknown' });
    expect(resolveOrderFilter(' 0190a000-0000-7000-8000-00000000abcd ', orders)).toEqual({
      kind: 'order',
      orderId: '0190a000-0000-7000-8000-00000000abcd',
    });
  });
});
