import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { IpcError } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import { FakeStation, makeOrder } from '../testing/fake-station.js';
import { cartMachine, type CartActorRef } from './cart-machine.js';

const WATER = '4006381333931';

function start(station = new FakeStation()) {
  const reported: IpcError[] = [];
  const published: OrderView[] = [];
  const closed: OrderView[] = [];
  const machine = cartMachine.provide({
    actions: {
      reportError: (_, params) => reported.push(params.error),
      publishOrder: (_, params) => published.push(params.order),
      reportClosed: (_, params) => closed.push(params.order),
    },
  });
  const actor = createActor(machine, { input: { bridge: station } });
  actor.start();
  return { actor, station, reported, published, closed };
}

/** What the tender panel does: takes the cash on the station, then tells the cart. */
async function pay(actor: CartActorRef, station: FakeStation, tenderedMinor: number) {
  const paid = await station.invoke('order.payCash', { orderId: actor.getSnapshot().context.order!.id, tenderedMinor });
  if (!paid.ok) throw new Error(paid.error.message);
  actor.send({ type: 'PAID', order: paid.value.order, changeMinor: paid.value.changeMinor });
  return paid.value;
}

/** Order types of the adds that opened a new order (no orderId: the core opens one atomically). */
function openings(station: FakeStation): unknown[] {
  return station.calls
    .filter((c) => (c.command === 'order.addLine' || c.command === 'order.addBarcode') && !(c.args as { orderId?: string }).orderId)
    .map((c) => (c.args as { orderType?: string }).orderType);
}

const settled = (actor: CartActorRef) => waitFor(actor, (s) => !s.matches('adding'));

async function ringUp(actor: CartActorRef) {
  actor.send({ type: 'ADD_ITEM', itemId: 'espresso', quantity: 2 });
  await settled(actor);
}

describe('cart machine', () => {
  it('opens an order on the first scan, then adds the scanned line', async () => {
    const { actor, station, published } = start();
    actor.send({ type: 'SCAN', barcode: WATER });
    expect(actor.getSnapshot().value).toBe('adding');
    const snapshot = await settled(actor);

    expect(snapshot.value).toBe('ordering');
    expect(station.calls.map((c) => c.command)).toEqual(['order.addBarcode']);
    const order = snapshot.context.order!;
    expect(station.callsOf('order.addBarcode')).toEqual([{ orderType: 'takeout', barcode: WATER }]);
    expect(order.lines.map((l) => [l.quantity, l.name])).toEqual([[1, 'Still water']]);
    expect(published.at(-1)).toEqual(order);
  });

  it('adds to the open order without opening another', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    const snapshot = await settled(actor);
    expect(openings(station)).toHaveLength(1);
    expect(station.callsOf('order.addLine')[1]).toMatchObject({ orderId: snapshot.context.order!.id, itemId: 'latte' });
    expect(snapshot.context.order!.lines.map((l) => l.itemId)).toEqual(['espresso', 'latte']);
    expect(snapshot.context.order!.totalMinor).toBe(880);
  });

  it('leaves the cart unchanged and surfaces the error when a barcode is bad', async () => {
    const { actor, reported } = start();
    await ringUp(actor);
    const before = actor.getSnapshot().context.order;

    actor.send({ type: 'SCAN', barcode: '4006381333932' });
    const snapshot = await settled(actor);

    expect(snapshot.value).toBe('ordering');
    expect(snapshot.context.order).toEqual(before);
    expect(snapshot.context.error?.code).toBe('invalid_barcode');
    expect(reported.map((e) => e.code)).toEqual(['invalid_barcode']);
  });

  it('reports an unknown barcode and stays idle when it was the first scan', async () => {
    const { actor, station } = start();
    actor.send({ type: 'SCAN', barcode: '96385074' });
    const snapshot = await settled(actor);
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.error?.code).toBe('unknown_barcode');
    expect(snapshot.context.order).toBeNull();
    const listed = await station.invoke('orders.listActive', {});
    expect(listed.ok && listed.value.orders).toEqual([]); // the refused scan left no empty order behind

    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    const next = await settled(actor);
    expect(openings(station)).toHaveLength(2);
    expect(next.value).toBe('ordering');
    expect(next.context.error).toBeNull();
  });

  it('queues taps made while a call is in flight: no line lost, none duplicated', async () => {
    const { actor, station } = start();
    station.holding = true;
    actor.send({ type: 'ADD_ITEM', itemId: 'espresso' });
    actor.send({ type: 'ADD_ITEM', itemId: 'espresso' });
    actor.send({ type: 'SCAN', barcode: WATER });
    expect(actor.getSnapshot().context.queue).toHaveLength(3);

    // Each queued add is answered in turn; keep releasing until the queue drains.
    while (!actor.getSnapshot().matches('ordering')) {
      station.release();
      station.holding = true;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    station.release();

    const order = actor.getSnapshot().context.order!;
    expect(openings(station)).toHaveLength(1);
    expect(order.lines.map((l) => l.itemId)).toEqual(['espresso', 'espresso', 'water']);
    expect(actor.getSnapshot().context.queue).toEqual([]);
  });

  it('shows the change once the tender panel reports the payment', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    await pay(actor, station, 2000);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('paid');
    expect(snapshot.context.changeMinor).toBe(1500);
    expect(snapshot.context.order!.status).toBe('paid');
  });

  it('ignores a payment report for another order', async () => {
    const { actor } = start();
    await ringUp(actor);
    actor.send({ type: 'PAID', order: makeOrder({ status: 'paid' }), changeMinor: 100 });
    expect(actor.getSnapshot().value).toBe('ordering');
    expect(actor.getSnapshot().context.changeMinor).toBeNull();
  });

  it('starts a fresh order when the next item is scanned after payment', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    const paidId = (await pay(actor, station, 500)).order.id;

    actor.send({ type: 'SCAN', barcode: WATER });
    const snapshot = await settled(actor);

    expect(snapshot.value).toBe('ordering');
    expect(openings(station)).toHaveLength(2);
    expect(snapshot.context.order!.id).not.toBe(paidId);
    expect(snapshot.context.order!.lines.map((l) => l.itemId)).toEqual(['water']);
    expect(snapshot.context.changeMinor).toBeNull();
  });

  it('NEW_ORDER after payment returns to an empty cart', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    await pay(actor, station, 500);
    actor.send({ type: 'NEW_ORDER' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.order).toBeNull();
  });

  it('rejects adds while a card payment is authorized but not captured', async () => {
    const { actor, station, reported } = start();
    await ringUp(actor);
    const order = actor.getSnapshot().context.order!;
    const authorizing: OrderView = {
      ...order,
      eventCount: order.eventCount + 1,
      payments: [
        {
          paymentId: 'p1',
          method: 'card',
          status: 'authorized',
          amountMinor: 500,
          tipMinor: 0,
          refundedMinor: 0,
          roundingMinor: 0,
          changeMinor: 0,
        },
      ],
    };
    actor.send({ type: 'ORDER_CHANGED', order: authorizing });
    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    expect(actor.getSnapshot().value).toBe('ordering');
    expect(reported.map((e) => e.message)).toEqual(['Finish taking payment before adding items']);
    expect(station.callsOf('order.addLine')).toHaveLength(1);
  });

  it('drops adds still queued when the payment lands, and says so', async () => {
    const { actor, station, reported } = start();
    await ringUp(actor);
    station.holding = true;
    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    actor.send({ type: 'SCAN', barcode: WATER });
    const order = actor.getSnapshot().context.order!;
    const paidView: OrderView = { ...order, status: 'paid', paidMinor: 500, eventCount: order.eventCount + 1 };
    actor.send({ type: 'PAID', order: paidView, changeMinor: 0 });
    expect(actor.getSnapshot().value).toBe('paid');
    expect(actor.getSnapshot().context.queue).toEqual([]);
    expect(reported.at(-1)?.message).toBe(`Payment finished before barcode ${WATER} was added: add it again`);
    station.release();
  });

  it('moves to paid when a push shows the payment went through despite a lost answer', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    const order = actor.getSnapshot().context.order!;
    const paidView: OrderView = { ...order, status: 'paid', paidMinor: 500, changeMinor: 500, eventCount: order.eventCount + 1 };

    actor.send({ type: 'ORDER_CHANGED', order: { ...paidView, eventCount: order.eventCount - 1 } });
    expect(actor.getSnapshot().value).toBe('ordering');

    actor.send({ type: 'ORDER_CHANGED', order: paidView });
    expect(actor.getSnapshot().value).toBe('paid');
    expect(actor.getSnapshot().context.changeMinor).toBe(500);
    expect(station.callsOf('order.payCash')).toHaveLength(0);
  });

  it('ignores views of other orders', async () => {
    const { actor } = start();
    actor.send({ type: 'ORDER_CHANGED', order: makeOrder() });
    expect(actor.getSnapshot().context.order).toBeNull();
    await ringUp(actor);
    const current = actor.getSnapshot().context.order;
    actor.send({ type: 'ORDER_CHANGED', order: makeOrder({ eventCount: 99 }) });
    expect(actor.getSnapshot().context.order).toEqual(current);
  });

  it('uses the chosen order type for the next order and keeps a paid order on screen', async () => {
    const { actor, station } = start();
    actor.send({ type: 'SET_ORDER_TYPE', orderType: 'dine_in' });
    await ringUp(actor);
    expect(openings(station)).toEqual(['dine_in']);
    await pay(actor, station, 500);
    actor.send({ type: 'SET_ORDER_TYPE', orderType: 'takeout' });
    expect(actor.getSnapshot().context.order?.status).toBe('paid');
    await ringUp(actor);
    expect(openings(station)).toEqual(['dine_in', 'takeout']);
  });

  it('returns to the default order type once an order is paid, parked or sent, and keeps a type chosen for the next guest', async () => {
    const { actor, station } = start();
    actor.send({ type: 'SET_ORDER_TYPE', orderType: 'dine_in' });
    await ringUp(actor);
    await pay(actor, station, 500);
    // The paid table's Dine in is not the next guest's.
    expect(actor.getSnapshot().context.orderType).toBe('takeout');
    await ringUp(actor);
    actor.send({ type: 'NEW_ORDER' });
    expect(actor.getSnapshot().context.orderType).toBe('takeout');
    actor.send({ type: 'SET_ORDER_TYPE', orderType: 'dine_in' });
    await ringUp(actor);
    actor.send({ type: 'NEW_ORDER' });
    expect(actor.getSnapshot().context.orderType).toBe('takeout');
    expect(openings(station)).toEqual(['dine_in', 'takeout', 'dine_in']);
  });

  it('opens with the store default it is given', () => {
    const actor = createActor(cartMachine, { input: { bridge: new FakeStation(), orderType: 'dine_in' } });
    actor.start();
    expect(actor.getSnapshot().context.orderType).toBe('dine_in');
  });

  it('ignores empty scans and impossible quantities', async () => {
    const { actor, station } = start();
    actor.send({ type: 'SCAN', barcode: '   ' });
    actor.send({ type: 'ADD_ITEM', itemId: 'espresso', quantity: 0 });
    actor.send({ type: 'ADD_ITEM', itemId: 'espresso', quantity: 1.5 });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(station.calls).toEqual([]);
  });

  it('sends the chosen modifiers and the line note with the item', async () => {
    const { actor, station } = start();
    actor.send({ type: 'ADD_ITEM', itemId: 'latte', modifiers: [{ groupId: 'milk', optionIds: ['oat'] }], note: '  extra hot ' });
    actor.send({ type: 'ADD_ITEM', itemId: 'espresso', note: '   ' });
    await settled(actor);
    expect(station.callsOf('order.addLine')).toEqual([
      { orderType: 'takeout', itemId: 'latte', quantity: 1, modifiers: [{ groupId: 'milk', optionIds: ['oat'] }], note: 'extra hot' },
      expect.not.objectContaining({ note: expect.anything() }),
    ]);
  });

  it('parks the order on NEW_ORDER and recalls it later, adding to it rather than opening another', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    const parked = actor.getSnapshot().context.order!;
    actor.send({ type: 'NEW_ORDER' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.order).toBeNull();

    actor.send({ type: 'RECALL', order: { ...parked, status: 'placed', orderType: 'dine_in' } });
    expect(actor.getSnapshot().value).toBe('ordering');
    expect(actor.getSnapshot().context.orderType).toBe('dine_in');
    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    await settled(actor);
    expect(openings(station)).toHaveLength(1);
    expect(station.callsOf('order.addLine').at(-1)).toMatchObject({ orderId: parked.id });
  });

  it('parks only after the adds in flight have landed on the order', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    const order = actor.getSnapshot().context.order!;
    station.holding = true;
    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    actor.send({ type: 'NEW_ORDER' });
    expect(actor.getSnapshot().value).toBe('adding');
    station.release();
    const snapshot = await waitFor(actor, (s) => s.matches('idle'));
    expect(snapshot.context.order).toBeNull();
    expect(snapshot.context.parkRequested).toBe(false);
    expect(station.orders.get(order.id)!.lines.map((l) => l.itemId)).toEqual(['espresso', 'latte']);
  });

  it('shows the order paid when a payment push lands while an add is in flight', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    const order = actor.getSnapshot().context.order!;
    station.holding = true;
    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    // Paid from another window (or the answer to this window's payment was lost): the push arrives first.
    actor.send({ type: 'ORDER_CHANGED', order: { ...order, status: 'paid', changeMinor: 250, eventCount: order.eventCount + 5 } });
    station.release();
    const snapshot = await settled(actor);
    expect(snapshot.value).toBe('paid');
    expect(snapshot.context.changeMinor).toBe(250);
  });

  it('does not recall an order that can no longer take lines', () => {
    const { actor } = start();
    actor.send({ type: 'RECALL', order: makeOrder({ status: 'paid' }) });
    actor.send({ type: 'RECALL', order: makeOrder({ status: 'cancelled' }) });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.order).toBeNull();
  });

  it('treats a completed view of a comped order as settled, with no change due', async () => {
    const { actor, closed } = start();
    await ringUp(actor);
    const order = actor.getSnapshot().context.order!;
    actor.send({
      type: 'ORDER_CHANGED',
      order: { ...order, status: 'completed', totalMinor: 0, dueMinor: 0, eventCount: order.eventCount + 2 },
    });
    expect(actor.getSnapshot().value).toBe('paid');
    expect(actor.getSnapshot().context.changeMinor).toBe(0);
    expect(closed).toEqual([]);
  });

  it('clears the screen and says so when the order is cancelled elsewhere', async () => {
    const { actor, closed } = start();
    await ringUp(actor);
    const order = actor.getSnapshot().context.order!;
    const cancelled: OrderView = { ...order, status: 'cancelled', eventCount: order.eventCount + 1 };
    actor.send({ type: 'ORDER_CHANGED', order: cancelled });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.order).toBeNull();
    expect(closed).toEqual([cancelled]);
  });

  it('stops showing "Paid" when the paid order on screen is cancelled or fully refunded', async () => {
    for (const status of ['refund_pending', 'cancel_requested', 'refunded'] as const) {
      const { actor, station, closed } = start();
      await ringUp(actor);
      const { order } = await pay(actor, station, 500);
      const closedView: OrderView = { ...order, status, eventCount: order.eventCount + 1 };
      actor.send({ type: 'ORDER_CHANGED', order: closedView });
      expect(actor.getSnapshot().value).toBe('idle');
      expect(actor.getSnapshot().context).toMatchObject({ order: null, changeMinor: null });
      expect(closed).toEqual([closedView]);
    }
  });

  it('keeps a paid order on screen while it is only handed over or annotated', async () => {
    const { actor, station, closed } = start();
    await ringUp(actor);
    const { order } = await pay(actor, station, 500);
    const completed: OrderView = { ...order, status: 'completed', eventCount: order.eventCount + 1 };
    actor.send({ type: 'ORDER_CHANGED', order: completed });
    expect(actor.getSnapshot().value).toBe('paid');
    expect(actor.getSnapshot().context.order).toEqual(completed);
    expect(closed).toEqual([]);
  });
});
