import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { OrderView } from '../../../shared/order-view.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';

const catalog: CatalogItem[] = [
  { id: 'burger', name: 'Burger', category: 'Kitchen', priceMinor: 1290, currency: 'EUR', kitchenStation: 'grill' },
  { id: 'fries', name: 'Fries', category: 'Kitchen', priceMinor: 450, currency: 'EUR', kitchenStation: 'grill' },
  { id: 'latte', name: 'Latte', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
];

function value<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('ticket.lineDone / ticket.lineUndone on a real store', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('ticket-lines')));
  afterEach(() => dir.remove());

  /** A paid burger + fries (grill) and latte (bar) order, fired by the payment. */
  function paidOrder() {
    const { store } = openTestStore(join(dir.path, 'orders.sqlite'));
    const orders = new OrderService(store, catalog, 'EUR', { kind: 'device', id: 'kds-1' });
    const open = value(orders.addLine({ orderType: 'takeout' }, 'burger', 1));
    value(orders.addLine({ orderId: open.id, orderType: 'takeout' }, 'fries', 1));
    value(orders.addLine({ orderId: open.id, orderType: 'takeout' }, 'latte', 1));
    const { order } = value(orders.payCash(open.id, 5000));
    const grill = order.tickets.find((t) => t.station === 'grill')!;
    const bar = order.tickets.find((t) => t.station === 'bar')!;
    const [burger, fries] = grill.lineIds as [string, string];
    const ticket = (view: OrderView, id = grill.ticketId) => view.tickets.find((t) => t.ticketId === id)!;
    return { store, orders, order, grill, bar, burger, fries, ticket };
  }

  it('the first tick on a new ticket starts it; ticks and un-ticks show in the view', () => {
    const { orders, order, grill, burger, fries, ticket } = paidOrder();
    let view = value(orders.kitchen.lineDone(order.id, grill.ticketId, fries));
    expect(ticket(view)).toMatchObject({ status: 'in_progress', doneLineIds: [fries] });
    view = value(orders.kitchen.lineDone(order.id, grill.ticketId, burger));
    expect(ticket(view).doneLineIds).toEqual([burger, fries]);
    view = value(orders.kitchen.lineUndone(order.id, grill.ticketId, fries));
    expect(ticket(view).doneLineIds).toEqual([burger]);
    expect(view.conflicts).toEqual([]);
  });

  it('a repeated tick writes nothing and is not an error', () => {
    const { store, orders, order, grill, burger } = paidOrder();
    value(orders.kitchen.lineDone(order.id, grill.ticketId, burger));
    const before = store.getOrder(order.id)!.eventCount;
    value(orders.kitchen.lineDone(order.id, grill.ticketId, burger));
    expect(store.getOrder(order.id)!.eventCount).toBe(before);
  });

  it('refuses a line of another ticket, an unknown ticket, an un-tick on a new ticket and any tick after the bump', () => {
    const { orders, order, grill, bar, burger, fries, ticket } = paidOrder();
    expect(orders.kitchen.lineDone(order.id, bar.ticketId, burger)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(orders.kitchen.lineDone(order.id, 'nope', burger)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(orders.kitchen.lineUndone(order.id, grill.ticketId, burger)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('queued') },
    });
    const bumped = value(orders.kitchen.bump(order.id, grill.ticketId));
    expect(ticket(bumped).doneLineIds).toEqual([burger, fries]);
    expect(orders.kitchen.lineUndone(order.id, grill.ticketId, fries)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('bumped (recall it first)') },
    });
    const recalled = value(orders.kitchen.recall(order.id, grill.ticketId));
    expect(ticket(value(orders.kitchen.lineUndone(recalled.id, grill.ticketId, fries))).doneLineIds).toEqual([burger]);
  });
});
