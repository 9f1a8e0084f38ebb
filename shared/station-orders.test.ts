import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc.js';
import { BASE_TIME_MS, makeLine, makeOrder } from '../renderer/src/testing/fake-station.js';
import { stationOrders } from './station-orders.js';

const at = (offsetMs: number) => encodeHlc({ wallMs: BASE_TIME_MS + offsetMs, counter: 0 });
const line = makeLine({ itemId: 'espresso', name: 'Espresso', unitPriceMinor: 250 });

describe('open orders list', () => {
  it("lists this station's drafts, sent tabs and paid orders, oldest first", () => {
    const late = makeOrder({ ticketNumber: 3, openedAt: at(5_000), lines: [line], status: 'placed' });
    const early = makeOrder({ ticketNumber: 9, openedAt: at(0), lines: [line] });
    const paid = makeOrder({ ticketNumber: 4, openedAt: at(1_000), lines: [line], status: 'paid' });
    expect(stationOrders([late, paid, early], 'station-1').map((o) => o.ticketNumber)).toEqual([9, 4, 3]);
  });

  it('leaves out empty drafts, finished orders and other stations', () => {
    const orders = [
      makeOrder({ lines: [] }),
      makeOrder({ lines: [line], status: 'cancel_requested' }),
      makeOrder({ lines: [line], status: 'completed' }),
      makeOrder({ lines: [line], openedBy: 'station-2' }),
    ];
    expect(stationOrders(orders, 'station-1')).toEqual([]);
    // Without a welcome frame (Electron IPC) every counter order on this core is this station's.
    expect(stationOrders(orders, null)).toHaveLength(1);
  });

  it('lists web and mobile orders at every counter: they are collected and paid at pickup', () => {
    const web = makeOrder({ ticketNumber: 7, lines: [line], channel: 'web', openedBy: 'web', status: 'placed' });
    const mobileDone = makeOrder({ ticketNumber: 8, lines: [line], channel: 'mobile', openedBy: 'mobile', status: 'completed' });
    expect(stationOrders([web, mobileDone], 'station-1').map((o) => o.ticketNumber)).toEqual([7]);
  });
});
