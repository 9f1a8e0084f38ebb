import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../shared/hlc.js';
import type { TicketView } from '../../../shared/order-view.js';
import { BASE_TIME_MS, makeLine, makeOrder } from '../testing/fake-station.js';
import { isReadyToHandOver, orderAge } from './open-orders.js';

const line = makeLine({ itemId: 'espresso', name: 'Espresso', unitPriceMinor: 250 });
const ticket = (status: TicketView['status']): TicketView => ({
  ticketId: `t-${status}`,
  station: 'grill',
  status,
  lineIds: [],
  voidedLineIds: [],
  doneLineIds: [],
  firedAt: encodeHlc({ wallMs: BASE_TIME_MS, counter: 0 }),
  flashCancelled: false,
});

describe('open orders: age and hand-over', () => {
  it('says how long the guest has waited', () => {
    const order = makeOrder({ openedAt: encodeHlc({ wallMs: BASE_TIME_MS, counter: 0 }), lines: [line] });
    expect(orderAge(order, BASE_TIME_MS + 30_000)).toBe('just now');
    expect(orderAge(order, BASE_TIME_MS + 4 * 60_000 + 59_000)).toBe('4 min');
    expect(orderAge(order, BASE_TIME_MS + 65 * 60_000)).toBe('1 h 05 min');
    // A station clock behind the order's stamp never shows a negative wait.
    expect(orderAge(order, BASE_TIME_MS - 60_000)).toBe('just now');
  });

  it('is ready to hand over once paid and nothing is left in the kitchen', () => {
    expect(isReadyToHandOver(makeOrder({ status: 'paid', lines: [line] }))).toBe(true);
    expect(isReadyToHandOver(makeOrder({ status: 'paid', lines: [line], tickets: [ticket('ready'), ticket('bumped')] }))).toBe(true);
    expect(isReadyToHandOver(makeOrder({ status: 'paid', lines: [line], tickets: [ticket('ready'), ticket('in_progress')] }))).toBe(false);
    expect(isReadyToHandOver(makeOrder({ status: 'paid', lines: [line], tickets: [ticket('queued')] }))).toBe(false);
    expect(isReadyToHandOver(makeOrder({ status: 'placed', lines: [line] }))).toBe(false);
  });
});
