import { describe, expect, it } from 'vitest';
import { makeOrder, testId } from '../testing/fake-station.js';
import { summarizeLines } from './labels.js';

describe('summarizeLines', () => {
  it('merges identical lines for display, keeping first-added order', () => {
    const line = (itemId: string, name: string, unitPriceMinor: number, quantity = 1) => ({
      lineId: testId(),
      itemId,
      name,
      quantity,
      unitPriceMinor,
      totalMinor: unitPriceMinor * quantity,
    });
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
    const lines = [
      { ...base, lineId: testId(), unitPriceMinor: 380, totalMinor: 380 },
      { ...base, lineId: testId(), unitPriceMinor: 400, totalMinor: 400 },
    ];
    expect(summarizeLines(lines)).toHaveLength(2);
  });
});
