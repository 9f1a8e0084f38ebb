import { describe, expect, it } from 'vitest';
import { OrderView } from './order-view.js';

describe('OrderView', () => {
  it('reads a projection stored by the first release, before the lifecycle and money grew', () => {
    const stored = {
      id: '018bcfe5-6800-7000-8000-000000000001',
      status: 'open',
      channel: 'counter',
      orderType: 'takeout',
      currency: 'EUR',
      ticketNumber: 3,
      openedBy: 'station-1',
      openedAt: '001700000000000-00000',
      lines: [
        {
          lineId: '018bcfe5-6801-7000-8000-000000000002',
          itemId: 'espresso',
          name: 'Espresso',
          quantity: 2,
          unitPriceMinor: 250,
          totalMinor: 500,
        },
      ],
      totalMinor: 500,
      paidMinor: 0,
      changeMinor: 0,
      eventCount: 2,
      lastHlc: '001700000000001-00000',
      conflicts: [],
    };
    const view = OrderView.parse(JSON.parse(JSON.stringify(stored)));
    expect(view).toMatchObject({ status: 'open', subtotalMinor: 500, totalMinor: 500, dueMinor: 500, payments: [], tickets: [] });
    expect(view.lines[0]).toMatchObject({ netMinor: 500, discountMinor: 0, modifiers: [], tax: { ratePpm: 0, included: true } });
    expect(OrderView.parse(view)).toEqual(view);
  });
});
