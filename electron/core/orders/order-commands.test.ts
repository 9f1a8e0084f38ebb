import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { foldOrder } from '../../../shared/order-fold.js';
import type { OrderView } from '../../../shared/order-view.js';
import { OrderService } from './order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  {
    id: 'latte',
    name: 'Latte',
    category: 'Coffee',
    priceMinor: 380,
    currency: 'EUR',
    kitchenStation: 'bar',
    modifierGroups: [
      {
        id: 'milk',
        name: 'Milk',
        minChoices: 1,
        maxChoices: 1,
        options: [
          { id: 'whole', name: 'Whole', priceDeltaMinor: 0 },
          { id: 'oat', name: 'Oat', priceDeltaMinor: 40 },
        ],
      },
    ],
  },
  { id: 'burger', name: 'Burger', category: 'Kitchen', priceMinor: 1290, currency: 'EUR', kitchenStation: 'grill' },
  { id: 'water', name: 'Water', category: 'Drinks', priceMinor: 150, currency: 'EUR' },
];
const oat = { modifiers: [{ groupId: 'milk', optionIds: ['oat'] }] };

function value<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('order and kitchen commands on a real SQLite store', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('order-commands')));
  afterEach(() => dir.remove());

  function service() {
    const opened = openTestStore(join(dir.path, 'orders.sqlite'));
    return { ...opened, orders: new OrderService(opened.store, catalog, 'EUR', actor) };
  }
  /** An order with a latte (bar), a burger (grill) and a water (no kitchen). */
  function threeLines(orders: OrderService): OrderView {
    const order = value(orders.addLine({ orderType: 'takeout' }, 'latte', 1, oat));
    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'burger', 1));
    return value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'water', 1));
  }

  it('validates modifiers against the catalog and records them with the note', () => {
    const { orders, store, db } = service();
    const refused = orders.addLine({ orderType: 'takeout' }, 'latte', 1);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_modifiers', message: expect.stringContaining('Milk: choose at least 1') },
    });
    expect(orders.addLine({ orderType: 'takeout' }, 'latte', 1, { modifiers: [{ groupId: 'milk', optionIds: ['soy'] }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_modifiers', message: expect.stringContaining('no option "soy"') },
    });
    expect(store.listActive()).toEqual([]);
    const order = value(orders.addLine({ orderType: 'takeout' }, 'latte', 2, { ...oat, note: 'extra hot' }));
    expect(order.lines[0]).toMatchObject({ note: 'extra hot', modifiers: [{ optionId: 'oat', priceDeltaMinor: 40 }], totalMinor: 840 });
    db.close();
  });

  it('fires one ticket per kitchen station with the cash payment, in the same write', () => {
    const { orders, store, db } = service();
    const order = threeLines(orders);
    const paid = value(orders.payCash(order.id, 2000)).order;
    expect(paid.status).toBe('paid');
    expect(paid.tickets.map((t) => [t.station, t.status, t.lineIds.length])).toEqual([
      ['bar', 'queued', 1],
      ['grill', 'queued', 1],
    ]);
    expect(paid.lines.find((l) => l.itemId === 'water')?.ticketId).toBeUndefined();
    expect(
      store
        .orderEvents(order.id)
        .map((e) => e.type)
        .slice(-3),
    ).toEqual(['PaymentCaptured', 'TicketFired', 'TicketFired']);
    expect(orders.lifecycle.fire(order.id)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    db.close();
  });

  it('places, fires another round, and walks a ticket through the kitchen', () => {
    const { orders, db } = service();
    const order = threeLines(orders);
    const placed = value(orders.lifecycle.place(order.id));
    expect(placed.status).toBe('placed');
    expect(placed.tickets).toHaveLength(2);
    expect(orders.lifecycle.place(order.id)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('fire it') },
    });
    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'burger', 1));
    const round2 = value(orders.lifecycle.fire(order.id));
    expect(round2.tickets.map((t) => t.station)).toEqual(['bar', 'grill', 'grill']);

    const ticketId = round2.tickets[0]!.ticketId;
    expect(orders.kitchen.recall(order.id, ticketId)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(value(orders.kitchen.start(order.id, ticketId)).tickets[0]!.status).toBe('in_progress');
    expect(value(orders.kitchen.ready(order.id, ticketId)).tickets[0]!.status).toBe('ready');
    expect(orders.kitchen.start(order.id, ticketId)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(value(orders.kitchen.bump(order.id, ticketId)).tickets[0]!.status).toBe('bumped');
    expect(value(orders.kitchen.recall(order.id, ticketId)).tickets[0]!.status).toBe('recalled');
    expect(orders.kitchen.bump(order.id, '018f0000-0000-7000-8000-000000000000')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(orders.kitchen.bump('018f0000-0000-7000-8000-000000000000', ticketId)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(orders.kitchen.acknowledgeCancel(order.id, ticketId)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    db.close();
  });

  it('edits lines and discounts before payment, refuses them after', () => {
    const { orders, store, db } = service();
    const order = threeLines(orders);
    const water = order.lines.find((l) => l.itemId === 'water')!;
    const burger = order.lines.find((l) => l.itemId === 'burger')!;
    expect(value(orders.edits.changeLine(order.id, water.lineId, { quantity: 3, note: 'no ice' })).lines[2]).toMatchObject({
      quantity: 3,
      note: 'no ice',
    });
    expect(value(orders.edits.changeLine(order.id, water.lineId, { note: null })).lines[2]!.note).toBeUndefined();
    const discounted = value(
      orders.edits.applyDiscount(order.id, { kind: 'line', lineId: burger.lineId }, { kind: 'percent', bp: 1000 }, 'regular'),
    );
    expect(discounted.discountMinor).toBe(129);
    expect(orders.edits.applyDiscount(order.id, { kind: 'order' }, { kind: 'fixed', amountMinor: 999_999 }, 'typo')).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    const removed = value(orders.edits.removeDiscount(order.id, discounted.discounts[0]!.discountId));
    expect(removed.discountMinor).toBe(0);
    expect(orders.edits.removeDiscount(order.id, discounted.discounts[0]!.discountId)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(value(orders.edits.setNote(order.id, 'table 4')).note).toBe('table 4');
    expect(value(orders.edits.setType(order.id, 'dine_in')).orderType).toBe('dine_in');

    // Fired lines cannot change (the kitchen cannot un-make them) but can be voided, with the approver kept.
    value(orders.lifecycle.place(order.id));
    expect(orders.edits.changeLine(order.id, burger.lineId, { quantity: 2 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('void it') },
    });
    const voided = value(orders.edits.voidLine(order.id, burger.lineId, 'customer changed mind', 'manager-7'));
    expect(voided.voidedLines[0]).toMatchObject({ reason: 'customer changed mind', approvedBy: 'manager-7' });
    expect(voided.tickets.find((t) => t.station === 'grill')?.voidedLineIds).toEqual([burger.lineId]);
    expect(orders.edits.voidLine(order.id, burger.lineId, 'again')).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    value(orders.payCash(order.id, 5000));
    const before = store.orderEvents(order.id).length;
    expect(orders.edits.voidLine(order.id, water.lineId, 'late')).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('refund') },
    });
    expect(orders.edits.applyDiscount(order.id, { kind: 'order' }, { kind: 'percent', bp: 500 }, 'late')).toMatchObject({ ok: false });
    expect(store.orderEvents(order.id)).toHaveLength(before);
    expect(store.getOrder(order.id)?.conflicts).toEqual([expect.objectContaining({ rule: 'void-after-fired' })]);
    db.close();
  });

  it('cancels: straight away when nothing is cooking, waiting for the cook when it is, and refunds cash', () => {
    const { orders, db } = service();
    const draft = value(orders.addLine({ orderType: 'takeout' }, 'water', 1));
    expect(value(orders.lifecycle.cancel(draft.id, 'walked out')).status).toBe('cancelled');
    expect(orders.lifecycle.cancel(draft.id, 'again')).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    const order = threeLines(orders);
    const paid = value(orders.payCash(order.id, 2000)).order;
    const grill = paid.tickets.find((t) => t.station === 'grill')!;
    value(orders.kitchen.start(order.id, grill.ticketId));
    const requested = value(orders.lifecycle.cancel(order.id, 'customer left'));
    expect(requested.status).toBe('cancel_requested');
    expect(requested.tickets.map((t) => [t.station, t.status])).toEqual([
      ['bar', 'cancelled'],
      ['grill', 'cancel_pending'],
    ]);
    const acknowledged = value(orders.kitchen.acknowledgeCancel(order.id, grill.ticketId));
    expect(acknowledged.status).toBe('refund_pending');
    expect(acknowledged.waste).toMatchObject([{ name: 'Burger' }]);
    expect(orders.lifecycle.refundCash(order.id, 99_999, 'cancelled')).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const half = value(orders.lifecycle.refundCash(order.id, 1000, 'cancelled'));
    expect(half.status).toBe('refund_pending');
    const refunded = value(orders.lifecycle.refundCash(order.id, paid.paidMinor - 1000, 'cancelled'));
    expect(refunded).toMatchObject({ status: 'refunded', refundDueMinor: 0 });
    expect(orders.lifecycle.refundCash(order.id, 1, 'again')).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    db.close();
  });

  it('confirms a cancellation without waiting for the cook, and completes paid orders only', () => {
    const { orders, db } = service();
    const order = value(orders.addLine({ orderType: 'takeout' }, 'burger', 1));
    expect(orders.lifecycle.complete(order.id)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('to pay') },
    });
    expect(orders.lifecycle.confirmCancel(order.id)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const placed = value(orders.lifecycle.place(order.id));
    value(orders.kitchen.start(order.id, placed.tickets[0]!.ticketId));
    expect(value(orders.lifecycle.cancel(order.id, 'wrong order')).status).toBe('cancel_requested');
    expect(value(orders.lifecycle.confirmCancel(order.id)).status).toBe('cancelled');

    const other = value(orders.addLine({ orderType: 'takeout' }, 'water', 1));
    value(orders.payCash(other.id, 150));
    expect(value(orders.lifecycle.complete(other.id)).status).toBe('completed');
    expect(orders.lifecycle.cancel(other.id, 'late')).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('refund') },
    });
    expect(value(orders.lifecycle.refundCash(other.id, 150, 'returned')).status).toBe('refunded');
    db.close();
  });

  it('completes a free order in one command, sending its unfired kitchen lines in the same transaction', () => {
    const { orders, store, db } = service();
    const order = threeLines(orders);
    value(orders.edits.applyDiscount(order.id, { kind: 'order' }, { kind: 'percent', bp: 10_000 }, 'staff meal'));
    const done = value(orders.lifecycle.complete(order.id));
    expect(done).toMatchObject({ status: 'completed', totalMinor: 0, conflicts: [] });
    expect(done.tickets.map((t) => [t.station, t.status])).toEqual([
      ['bar', 'queued'],
      ['grill', 'queued'],
    ]);
    const [latte, burger, water] = done.lines;
    expect([latte!.ticketId, burger!.ticketId, water!.ticketId].map((t) => t !== undefined)).toEqual([true, true, false]);
    const types = store.orderEvents(order.id).map((e) => e.type);
    expect(types.slice(-4)).toEqual(['OrderPlaced', 'TicketFired', 'TicketFired', 'OrderCompleted']);
    expect(done).toEqual(foldOrder(store.orderEvents(order.id)));
    db.close();
  });

  it('fires only the new round when completing a free placed order, and nothing when everything went out', () => {
    const { orders, store, db } = service();
    const order = value(orders.addLine({ orderType: 'takeout' }, 'burger', 1));
    value(orders.edits.applyDiscount(order.id, { kind: 'order' }, { kind: 'percent', bp: 10_000 }, 'staff meal'));
    const placed = value(orders.lifecycle.place(order.id));
    expect(placed.tickets).toHaveLength(1);
    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'latte', 1, oat));
    const done = value(orders.lifecycle.complete(order.id));
    expect(done.status).toBe('completed');
    expect(done.tickets.map((t) => t.station)).toEqual(['grill', 'bar']);
    expect(
      store
        .orderEvents(order.id)
        .slice(-2)
        .map((e) => e.type),
    ).toEqual(['TicketFired', 'OrderCompleted']);

    const plain = value(orders.addLine({ orderType: 'takeout' }, 'water', 1));
    value(orders.edits.applyDiscount(plain.id, { kind: 'order' }, { kind: 'percent', bp: 10_000 }, 'sample'));
    expect(value(orders.lifecycle.complete(plain.id)).tickets).toEqual([]);
    expect(store.orderEvents(plain.id).at(-1)?.type).toBe('OrderCompleted');
    expect(store.orderEvents(plain.id).some((e) => e.type === 'OrderPlaced')).toBe(false);
    db.close();
  });

  it('refuses to complete an order with money due without firing anything', () => {
    const { orders, store, db } = service();
    const order = threeLines(orders);
    const before = store.orderEvents(order.id).length;
    expect(orders.lifecycle.complete(order.id)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringContaining('to pay') },
    });
    expect(store.orderEvents(order.id)).toHaveLength(before);
    db.close();
  });

  it('sets, keeps and clears the table and guest name, and refuses once the order is handed over', () => {
    const { orders, db } = service();
    const order = value(orders.addLine({ orderType: 'dine_in' }, 'water', 1));
    expect(value(orders.edits.setGuest(order.id, { tableNumber: '12', customerName: 'Anna' }))).toMatchObject({
      tableNumber: '12',
      customerName: 'Anna',
    });
    const cleared = value(orders.edits.setGuest(order.id, { tableNumber: null }));
    expect(cleared.customerName).toBe('Anna');
    expect(cleared).not.toHaveProperty('tableNumber');
    expect(orders.edits.setGuest(order.id, {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    value(orders.payCash(order.id, 150));
    expect(value(orders.edits.setGuest(order.id, { tableNumber: '4' })).tableNumber).toBe('4');
    value(orders.lifecycle.complete(order.id));
    expect(orders.edits.setGuest(order.id, { customerName: 'Late' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    db.close();
  });

  it('random command sequences never leave a projection different from a fresh fold, nor a refused event', () => {
    const { orders, store, db } = service();
    const commands = [
      'addLatte',
      'addBurger',
      'addWater',
      'change',
      'void',
      'discount',
      'free',
      'removeDiscount',
      'note',
      'type',
      'guest',
      'place',
      'fire',
      'pay',
      'start',
      'ready',
      'bump',
      'recall',
      'ack',
      'cancel',
      'confirm',
      'complete',
      'refund',
    ] as const;
    // Conflicts a single station may legitimately record: informative resolutions of legal events.
    const informative = new Set(['void-after-fired', 'cancel-after-kitchen-start']);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...commands), fc.nat(50)), { minLength: 1, maxLength: 25 }), (steps) => {
        const first = value(orders.addLine({ orderType: 'takeout' }, 'water', 1));
        const id = first.id;
        for (const [command, pick] of steps) {
          const v = store.getOrder(id)!;
          const line = v.lines[pick % Math.max(1, v.lines.length)];
          const ticket = v.tickets[pick % Math.max(1, v.tickets.length)];
          const target = { orderId: id, orderType: 'takeout' as const };
          switch (command) {
            case 'addLatte':
              orders.addLine(target, 'latte', 1 + (pick % 3), oat);
              break;
            case 'addBurger':
              orders.addLine(target, 'burger', 1);
              break;
            case 'addWater':
              orders.addLine(target, 'water', 1);
              break;
            case 'change':
              if (line) orders.edits.changeLine(id, line.lineId, { quantity: 1 + (pick % 4) });
              break;
            case 'void':
              if (line) orders.edits.voidLine(id, line.lineId, 'test');
              break;
            case 'discount':
              orders.edits.applyDiscount(id, { kind: 'order' }, { kind: 'percent', bp: 100 + pick * 10 }, 'test');
              break;
            case 'removeDiscount':
              if (v.discounts[0]) orders.edits.removeDiscount(id, v.discounts[0].discountId);
              break;
            case 'note':
              orders.edits.setNote(id, `note ${pick}`);
              break;
            case 'type':
              orders.edits.setType(id, pick % 2 ? 'dine_in' : 'takeout');
              break;
            case 'free':
              orders.edits.applyDiscount(id, { kind: 'order' }, { kind: 'percent', bp: 10_000 }, 'on the house');
              break;
            case 'guest':
              orders.edits.setGuest(
                id,
                pick % 3 === 0 ? { tableNumber: null } : { tableNumber: String(pick), customerName: pick % 2 ? 'Ana' : null },
              );
              break;
            case 'place':
              orders.lifecycle.place(id);
              break;
            case 'fire':
              orders.lifecycle.fire(id);
              break;
            case 'pay':
              orders.payCash(id, v.dueMinor + pick);
              break;
            case 'start':
              if (ticket) orders.kitchen.start(id, ticket.ticketId);
              break;
            case 'ready':
              if (ticket) orders.kitchen.ready(id, ticket.ticketId);
              break;
            case 'bump':
              if (ticket) orders.kitchen.bump(id, ticket.ticketId);
              break;
            case 'recall':
              if (ticket) orders.kitchen.recall(id, ticket.ticketId);
              break;
            case 'ack':
              if (ticket) orders.kitchen.acknowledgeCancel(id, ticket.ticketId);
              break;
            case 'cancel':
              orders.lifecycle.cancel(id, 'test');
              break;
            case 'confirm':
              orders.lifecycle.confirmCancel(id);
              break;
            case 'complete':
              orders.lifecycle.complete(id);
              break;
            case 'refund':
              orders.lifecycle.refundCash(id, 1 + pick, 'test');
              break;
          }
        }
        const projected = store.getOrder(id);
        expect(projected).toEqual(foldOrder(store.orderEvents(id)));
        for (const c of projected!.conflicts) expect(informative, `${c.rule}: ${c.outcome}`).toContain(c.rule);
      }),
      { numRuns: 60 },
    );
    db.close();
  });
});
