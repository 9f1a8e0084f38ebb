import { describe, expect, it } from 'vitest';
import { foldOrder } from '../order-fold.js';
import { realisticOrder } from './realistic-order.js';

describe('the benchmark order generator', () => {
  it.each([10, 50, 200, 1000])('writes exactly %i well-formed events that fold without conflicts', (size) => {
    const events = realisticOrder(size, 3);
    expect(events).toHaveLength(size);
    const view = foldOrder(events)!;
    expect(view.conflicts).toEqual([]);
    if (size >= 50) expect(view.tickets.length).toBeGreaterThan(1);
    expect(view.discountMinor).toBeGreaterThan(0);
  });
});
