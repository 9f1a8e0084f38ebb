import { describe, expect, it } from 'vitest';
import { makeLine, makeOrder } from '../testing/fake-station.js';
import { summarizeLines } from './labels.js';

describe('summarizeLines', () => {
  it('merges identical lines for display, keeping first-added order', () => {
    const line = (itemId: string, name: string, unitPriceMinor: number, quantity = 1) =>
      makeLine({ itemId, name, unitPriceMinor, quantity });
    const order = makeOrder({
      lines: [line('espresso', 'Espresso', 250), line('water', 'Still water', 150, 2), line('espresso', 'Espresso', 250)],
    });
    expect(summarizeLines(order.lines).map((l) => [l.quantity, l.name, l.totalMinor])).toEqual([
      [2, 'Espresso', 500],
      [2, 'Still water', 300],
    ]);
  });

  it('keeps lines apart when the price differs', () => {
    const base = { itemId: 'latte', name: 'Latte', quantity: 1 };
    const lines = [makeLine({ ...base, unitPriceMinor: 380 }), makeLine({ ...base, unitPriceMinor: 400 })];
    expect(summarizeLines(lines)).toHaveLength(2);
  });
});
