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
  const machine = cartMachine.provide({
    actions: {
      reportError: (_, params) => reported.push(params.error),
      publishOrder: (_, params) => published.push(params.order),
    },
  });
  const actor = createActor(machine, { input: { bridge: station } });
  actor.start();
  return { actor, station, reported, published };
}

/** Order types of the adds that opened a new order (no orderId: the core opens one atomically). */
function openings(station: FakeStation): unknown[] {
  return station.calls
    .filter((c) => (c.command === 'order.addLine' || c.command === 'order.addBarcode') && !(c.args as { orderId?: string }).orderId)
    .map((c) => (c.args as { orderType?: string }).orderType);
}

const settled = (actor: CartActorRef) => waitFor(actor, (s) => !s.matches('adding') && !s.matches('paying'));

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

  it('rejects a payment below the total and keeps the order open', async () => {
    const { actor, reported } = start();
    await ringUp(actor);
    actor.send({ type: 'PAY', tenderedMinor: 400 });
    expect(actor.getSnapshot().value).toBe('paying');
    const snapshot = await settled(actor);

    expect(snapshot.value).toBe('ordering');
    expect(snapshot.context.error?.code).toBe('insufficient_tender');
    expect(snapshot.context.order!.status).toBe('open');
    expect(snapshot.context.changeMinor).toBeNull();
    expect(reported.map((e) => e.code)).toEqual(['insufficient_tender']);
  });

  it('takes cash and shows the change due', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    actor.send({ type: 'PAY', tenderedMinor: 2000 });
    const snapshot = await settled(actor);

    expect(snapshot.value).toBe('paid');
    expect(snapshot.context.changeMinor).toBe(1500);
    expect(snapshot.context.order!.status).toBe('paid');
    expect(station.callsOf('order.payCash')).toEqual([{ orderId: snapshot.context.order!.id, tenderedMinor: 2000 }]);
  });

  it('starts a fresh order when the next item is scanned after payment', async () => {
    const { actor, station } = start();
    await ringUp(actor);
    actor.send({ type: 'PAY', tenderedMinor: 500 });
    const paid = await settled(actor);
    const paidId = paid.context.order!.id;

    actor.send({ type: 'SCAN', barcode: WATER });
    const snapshot = await settled(actor);

    expect(snapshot.value).toBe('ordering');
    expect(openings(station)).toHaveLength(2);
    expect(snapshot.context.order!.id).not.toBe(paidId);
    expect(snapshot.context.order!.lines.map((l) => l.itemId)).toEqual(['water']);
    expect(snapshot.context.changeMinor).toBeNull();
  });

  it('NEW_ORDER after payment returns to an empty cart', async () => {
    const { actor } = start();
    await ringUp(actor);
    actor.send({ type: 'PAY', tenderedMinor: 500 });
    await settled(actor);
    actor.send({ type: 'NEW_ORDER' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.order).toBeNull();
  });

  it('rejects adds while a payment is in flight', async () => {
    const { actor, station, reported } = start();
    await ringUp(actor);
    station.holding = true;
    actor.send({ type: 'PAY', tenderedMinor: 500 });
    actor.send({ type: 'ADD_ITEM', itemId: 'latte' });
    expect(reported.map((e) => e.code)).toEqual(['invalid_state']);
    station.release();
    const snapshot = await settled(actor);
    expect(snapshot.value).toBe('paid');
    expect(station.callsOf('order.addLine')).toHaveLength(1);
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
    actor.send({ type: 'PAY', tenderedMinor: 500 });
    await settled(actor);
    actor.send({ type: 'SET_ORDER_TYPE', orderType: 'takeout' });
    expect(actor.getSnapshot().context.order?.status).toBe('paid');
    await ringUp(actor);
    expect(openings(station)).toEqual(['dine_in', 'takeout']);
  });

  it('ignores empty scans and invalid tenders', async () => {
    const { actor, station } = start();
    actor.send({ type: 'SCAN', barcode: '   ' });
    expect(actor.getSnapshot().value).toBe('idle');
    await ringUp(actor);
    actor.send({ type: 'PAY', tenderedMinor: 0 });
    actor.send({ type: 'PAY', tenderedMinor: 12.5 });
    expect(actor.getSnapshot().value).toBe('ordering');
    expect(station.callsOf('order.payCash')).toHaveLength(0);
  });
});
