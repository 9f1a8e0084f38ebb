import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { OrderView } from '../../../shared/order-view.js';
import { FakeStation } from '../testing/fake-station.js';
import { kdsActionsMachine } from './kds-actions-machine.js';

async function paidOrderWithTickets(station: FakeStation): Promise<OrderView> {
  const added = await station.invoke('order.addLine', { itemId: 'espresso' });
  if (!added.ok) throw new Error('add failed');
  const paid = await station.invoke('order.payCash', { orderId: added.value.id, tenderedMinor: 500 });
  if (!paid.ok) throw new Error('pay failed');
  return station.fireTickets(added.value.id);
}

describe('kitchen ticket actions', () => {
  it('starts, readies, bumps and recalls a ticket through the station, publishing each answer', async () => {
    const station = new FakeStation();
    const order = await paidOrderWithTickets(station);
    const ticketId = order.tickets[0]!.ticketId;
    expect(order.tickets[0]!.station).toBe('bar');
    const published: OrderView[] = [];
    const actor = createActor(kdsActionsMachine.provide({ actions: { publishOrder: (_, { order }) => void published.push(order) } }), {
      input: { bridge: station },
    }).start();
    for (const command of ['ticket.start', 'ticket.ready', 'ticket.bump', 'ticket.recall'] as const)
      actor.send({ type: 'ACT', action: { command, orderId: order.id, ticketId } });
    await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0 && published.length === 4);
    expect(published.map((o) => o.tickets[0]!.status)).toEqual(['in_progress', 'ready', 'bumped', 'recalled']);
  });

  it('drops a double press of the same action and reports a refusal', async () => {
    const station = new FakeStation();
    const order = await paidOrderWithTickets(station);
    const ticketId = order.tickets[0]!.ticketId;
    const errors: string[] = [];
    station.holding = true;
    const actor = createActor(kdsActionsMachine.provide({ actions: { reportError: (_, { error }) => void errors.push(error.code) } }), {
      input: { bridge: station },
    }).start();
    actor.send({ type: 'ACT', action: { command: 'ticket.bump', orderId: order.id, ticketId } });
    actor.send({ type: 'ACT', action: { command: 'ticket.bump', orderId: order.id, ticketId } });
    actor.send({ type: 'ACT', action: { command: 'ticket.acknowledgeCancel', orderId: order.id, ticketId } });
    station.release();
    await waitFor(actor, (s) => s.matches('idle') && s.context.queue.length === 0 && errors.length === 1);
    expect(station.callsOf('ticket.bump')).toHaveLength(1);
    expect(errors).toEqual(['invalid_state']);
  });

  it('a cancellation after the kitchen started flashes until acknowledged', async () => {
    const station = new FakeStation();
    const order = await paidOrderWithTickets(station);
    const ticketId = order.tickets[0]!.ticketId;
    await station.invoke('ticket.start', { orderId: order.id, ticketId });
    const cancelled = station.cancelOrder(order.id);
    expect(cancelled.tickets[0]).toMatchObject({ status: 'cancel_pending', flashCancelled: true });
    const ack = await station.invoke('ticket.acknowledgeCancel', { orderId: order.id, ticketId });
    expect(ack.ok && ack.value.tickets[0]!.status).toBe('cancelled');
  });
});
