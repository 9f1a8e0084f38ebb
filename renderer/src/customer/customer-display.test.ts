import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { encodeHlc } from '../../../shared/hlc.js';
import { BASE_TIME_MS, makeLine, makeOrder } from '../testing/fake-station.js';
import { CHANGE_SHOWN_MS, currentOpenOrder, customerDisplayMachine } from './customer-display.js';

const at = (n: number) => encodeHlc({ wallMs: BASE_TIME_MS, counter: n });
const line = () => makeLine({ itemId: 'espresso', name: 'Espresso', unitPriceMinor: 250 });

describe('customer display', () => {
  it('picks the most recently changed open order of this station', () => {
    const older = makeOrder({ lines: [line()], lastHlc: at(1) });
    const newer = makeOrder({ lines: [line()], lastHlc: at(5) });
    const otherStation = makeOrder({ lines: [line()], lastHlc: at(9), openedBy: 'station-2' });
    const web = makeOrder({ lines: [line()], lastHlc: at(10), channel: 'web' });
    const empty = makeOrder({ lastHlc: at(11) });
    expect(currentOpenOrder([older, newer, otherStation, web, empty], 'station-1')?.id).toBe(newer.id);
  });

  it('follows the order, shows the change for 20 s after payment, then the welcome screen', () => {
    vi.useFakeTimers();
    try {
      const actor = createActor(customerDisplayMachine, { input: { stationId: 'station-1' } }).start();
      expect(actor.getSnapshot().value).toBe('idle');
      const open = makeOrder({ lines: [line()], totalMinor: 250, lastHlc: at(1) });
      actor.send({ type: 'ORDER_CHANGED', order: open });
      expect(actor.getSnapshot().value).toBe('ordering');
      actor.send({ type: 'ORDER_CHANGED', order: makeOrder({ lines: [line()], openedBy: 'station-2', lastHlc: at(2) }) });
      expect(actor.getSnapshot().context.order?.id).toBe(open.id);
      actor.send({ type: 'ORDER_CHANGED', order: { ...open, status: 'paid', paidMinor: 250, changeMinor: 250, lastHlc: at(3) } });
      expect(actor.getSnapshot().value).toBe('paid');
      expect(actor.getSnapshot().context.order?.changeMinor).toBe(250);
      vi.advanceTimersByTime(CHANGE_SHOWN_MS - 1);
      expect(actor.getSnapshot().value).toBe('paid');
      vi.advanceTimersByTime(1);
      expect(actor.getSnapshot().value).toBe('idle');
      expect(actor.getSnapshot().context.order).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a new order during the change screen takes over; a cancelled order returns to idle', () => {
    const actor = createActor(customerDisplayMachine, { input: { stationId: 'station-1' } }).start();
    const first = makeOrder({ lines: [line()], lastHlc: at(1) });
    actor.send({ type: 'ORDER_CHANGED', order: first });
    actor.send({ type: 'ORDER_CHANGED', order: { ...first, status: 'paid', lastHlc: at(2) } });
    const next = makeOrder({ lines: [line()], lastHlc: at(3) });
    actor.send({ type: 'ORDER_CHANGED', order: next });
    expect(actor.getSnapshot().value).toBe('ordering');
    actor.send({ type: 'ORDER_CHANGED', order: { ...next, status: 'cancelled', lastHlc: at(4) } });
    expect(actor.getSnapshot().value).toBe('idle');
  });
});

describe('customer display following the cashier', () => {
  it('shows a recalled tab, keeps the change after "New order", and welcomes the next guest after a park', () => {
    const actor = createActor(customerDisplayMachine, { input: { stationId: 'station-1' } }).start();
    // A tab sent to the kitchen is placed, older than anything else: only the cashier's word brings it up.
    const tab = makeOrder({ lines: [line()], status: 'placed', lastHlc: at(1) });
    actor.send({ type: 'ORDER_CHANGED', order: tab });
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send({ type: 'SHOWN', order: tab });
    expect(actor.getSnapshot().value).toBe('ordering');
    expect(actor.getSnapshot().context.order?.id).toBe(tab.id);
    // The kitchen starting the tab is not a payment.
    actor.send({ type: 'ORDER_CHANGED', order: { ...tab, lastHlc: at(2) } });
    expect(actor.getSnapshot().value).toBe('ordering');

    actor.send({ type: 'ORDER_CHANGED', order: { ...tab, status: 'paid', lastHlc: at(3) } });
    expect(actor.getSnapshot().value).toBe('paid');
    actor.send({ type: 'SHOWN', order: null });
    expect(actor.getSnapshot().value).toBe('paid');

    const next = makeOrder({ lines: [line()], lastHlc: at(4) });
    actor.send({ type: 'SHOWN', order: next });
    expect(actor.getSnapshot().value).toBe('ordering');
    actor.send({ type: 'SHOWN', order: null });
    expect(actor.getSnapshot().value).toBe('idle');
  });
});

describe('customer display once the cashier has spoken', () => {
  it('a parked draft does not come back when another order changes; only the cashier opens an order', () => {
    const actor = createActor(customerDisplayMachine, { input: { stationId: 'station-1' } }).start();
    const parked = makeOrder({ lines: [line()], lastHlc: at(1) });
    actor.send({ type: 'SHOWN', order: parked });
    expect(actor.getSnapshot().value).toBe('ordering');
    actor.send({ type: 'SHOWN', order: null });
    expect(actor.getSnapshot().value).toBe('idle');
    // The window re-sends every order on each change of the read model: the parked one stays parked.
    actor.send({ type: 'ACTIVE_LOADED', orders: [parked] });
    actor.send({ type: 'ORDER_CHANGED', order: { ...parked, lastHlc: at(2) } });
    expect(actor.getSnapshot().value).toBe('idle');
    // A new order starts showing when the cashier names it.
    const next = makeOrder({ lines: [line()], lastHlc: at(3) });
    actor.send({ type: 'ORDER_CHANGED', order: next });
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send({ type: 'SHOWN', order: next });
    expect(actor.getSnapshot().context.order?.id).toBe(next.id);
    // Its payment still moves the display on by itself.
    actor.send({ type: 'ORDER_CHANGED', order: { ...next, status: 'paid', lastHlc: at(4) } });
    expect(actor.getSnapshot().value).toBe('paid');
  });
});
