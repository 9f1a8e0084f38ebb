import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, DomainEvent } from '../../../shared/events.js';
import type { KitchenRouting } from '../../../shared/ipc/commands/kitchen.js';
import { silentLogger } from '../../../shared/logger.js';
import { Scenario } from '../../../shared/scenario.js';
import { demoCatalog } from '../demo-catalog.js';
import { OrderService } from '../orders/order-service.js';
import type { StoreData } from '../store-data/store-data.js';
import { openTestStore, openTestStoreData, tempDir } from '../testing/fixtures.js';
import { startChannelFiring } from './channel-firing.js';
import { KitchenRoutingSettings } from './routing-handlers.js';

const START_MS = 1_700_000_000_000;

/**
 * Routing is store data: the same document at every station once replicated, so every station that
 * pulls a web order fires it alike, and the firings are one set of tickets whoever fired first.
 */
describe('channel orders fired store-wide under replicated routing', () => {
  let dir: ReturnType<typeof tempDir>;
  const closers: (() => void)[] = [];
  beforeEach(() => (dir = tempDir('replicated-routing')));
  afterEach(() => {
    for (const close of closers.splice(0)) close();
    dir.remove();
  });

  function station(origin: string, clockMs: number) {
    const opened = openTestStore(join(dir.path, `${origin}.sqlite`), origin);
    opened.clock.set(clockMs);
    const data = openTestStoreData(opened);
    const routing = new KitchenRoutingSettings(data, demoCatalog, silentLogger, opened.store);
    const actor: Actor = { kind: 'device', id: origin };
    const orders = new OrderService(opened.store, demoCatalog, 'EUR', actor, { kitchenStationFor: (item) => routing.stationFor(item) });
    const queue: (() => void)[] = [];
    const stop = startChannelFiring({
      onOrderChanged: (listener) => opened.store.onOrderChanged(listener),
      listActive: () => opened.store.listActive(),
      kitchen: orders.kitchen,
      routing,
      logger: silentLogger,
      defer: (run) => queue.push(run),
    });
    closers.push(() => {
      stop();
      opened.db.close();
    });
    const fireWaiting = () => queue.splice(0).forEach((run) => run());
    const own = (orderId: string): DomainEvent[] => opened.store.orderEvents(orderId).filter((e) => e.origin === origin);
    return { store: opened.store, data, routing, fireWaiting, own };
  }

  /** What the mesh (or the server) does between two stations: each sends the documents the other lacks. */
  function exchange(x: StoreData, y: StoreData): void {
    for (const document of x.newerThan(y.summary())) y.applyRemote(document, 'peer:x');
    for (const document of y.newerThan(x.summary())) x.applyRemote(document, 'peer:y');
  }

  function webOrder(ticketNumber: number, startMs = START_MS): DomainEvent[] {
    const sc = new Scenario({ startMs });
    sc.open('web', { channel: 'web', orderType: 'takeout', ticketNumber });
    sc.line('web', { name: 'Club sandwich', priceMinor: 890, station: 'grill' });
    sc.line('web', { name: 'Cappuccino', priceMinor: 350, quantity: 2, station: 'bar' });
    sc.line('web', { name: 'Water', priceMinor: 200 });
    sc.place('web');
    return sc.events;
  }

  const tickets = (events: readonly DomainEvent[]) =>
    events.flatMap((e) => (e.type === 'TicketFired' ? [[e.payload.ticketId, e.payload.station, e.payload.lineIds] as const] : []));

  /** A routing no catalog default gives: the sandwich to the cold side, the water with the coffees. */
  const storeRouting: KitchenRouting = {
    stations: ['bar', 'cold', 'grill'],
    byCategory: {},
    byItem: { 'club-sandwich': 'cold', water: 'bar' },
    fireChannelOrders: true,
  };

  it.each([
    ['A first in merge order', 1_000, 2_000, 'a-first'],
    ['B first in merge order', 2_000, 1_000, 'b-first'],
  ] as const)('two stations fire the same web order into the same tickets, with no conflicts (%s)', (_name, aAt, bAt, merge) => {
    const a = station('station-a', START_MS + aAt);
    const b = station('station-b', START_MS + bAt);
    // A manager sets the store's routing at A; it reaches B (over the mesh or through the server).
    expect(a.routing.replace(storeRouting).ok).toBe(true);
    exchange(a.data, b.data);
    expect(b.routing.current).toEqual(storeRouting);
    expect(b.routing.document).toEqual(a.routing.document);

    const order = webOrder(7);
    const orderId = order[0]!.orderId;
    a.store.applyRemote(order);
    b.store.applyRemote(order);
    a.fireWaiting();
    b.fireWaiting();
    const firedByA = a.own(orderId);
    const firedByB = b.own(orderId);
    // Computed apart, the same decision under the store's routing: same ticket ids, stations and lines.
    expect(tickets(firedByA).map(([, station]) => station)).toEqual(['cold', 'bar']);
    expect(firedByB.map((e) => e.payload)).toEqual(firedByA.map((e) => e.payload));

    const [first, second] = merge === 'a-first' ? [a, b] : [b, a];
    first.store.applyRemote(second === a ? firedByA : firedByB);
    second.store.applyRemote(second === a ? firedByB : firedByA);
    const viewA = a.store.getOrder(orderId)!;
    expect(viewA).toEqual(b.store.getOrder(orderId));
    expect(viewA.conflicts).toEqual([]);
    expect(a.store.listConflicts()).toEqual([]);
    expect(b.store.listConflicts()).toEqual([]);
    expect(viewA.tickets.map((t) => [t.ticketId, t.station])).toEqual(tickets(firedByA).map(([id, station]) => [id, station]));
    expect(viewA.lines.every((l) => l.ticketId !== undefined)).toBe(true);
  });

  it('routing changed at two partitioned stations: after the exchange both hold the winner, and fire alike', () => {
    const a = station('station-a', START_MS + 1_000);
    const b = station('station-b', START_MS + 1_000);
    // The same millisecond at both: the author decides, the same way at both.
    expect(a.routing.replace({ ...storeRouting, byItem: { 'club-sandwich': 'cold' } }).ok).toBe(true);
    expect(b.routing.replace({ ...storeRouting, byItem: { water: 'bar' } }).ok).toBe(true);
    const heardAtA: KitchenRouting[] = [];
    a.routing.onChange((routing) => heardAtA.push(routing));
    expect(a.routing.document!.hlc).toBe(b.routing.document!.hlc);

    exchange(a.data, b.data);
    exchange(b.data, a.data);
    expect(a.routing.document).toEqual(b.routing.document);
    expect(a.routing.document?.author).toBe('station-b');
    expect(a.routing.current).toEqual({ ...storeRouting, byItem: { water: 'bar' } });
    expect(heardAtA).toEqual([a.routing.current]);

    const order = webOrder(8, START_MS + 500);
    const orderId = order[0]!.orderId;
    a.store.applyRemote(order);
    b.store.applyRemote(order);
    a.fireWaiting();
    b.fireWaiting();
    expect(b.own(orderId).map((e) => e.payload)).toEqual(a.own(orderId).map((e) => e.payload));
    a.store.applyRemote(b.own(orderId));
    b.store.applyRemote(a.own(orderId));
    expect(a.store.getOrder(orderId)).toEqual(b.store.getOrder(orderId));
    expect(a.store.getOrder(orderId)!.conflicts).toEqual([]);
  });
});
