import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { Actor, DomainEvent } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { Scenario } from '../../../shared/scenario.js';
import { demoCatalog } from '../demo-catalog.js';
import { createOrderPeripherals } from '../devices/order-peripherals.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, openTestStoreData, tempDir } from '../testing/fixtures.js';
import { startChannelFiring } from './channel-firing.js';
import { KitchenRoutingSettings } from './routing-handlers.js';

const START_MS = 1_700_000_000_000;

/**
 * Two counter stations of one store that both pull the same web order and both fire it before either
 * hears of the other's firing (a partition, or simply two pulls racing): the store-wide decision.
 */
describe('two stations firing the same web order', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('store-wide-firing')));
  afterEach(() => dir.remove());

  function station(origin: string, clockMs: number, ownsKitchenPrinters: boolean) {
    const { db, store, clock } = openTestStore(join(dir.path, `${origin}.sqlite`), origin);
    clock.set(clockMs);
    const actor: Actor = { kind: 'device', id: origin };
    const orders = new OrderService(store, demoCatalog, 'EUR', actor);
    const queue: (() => void)[] = [];
    const stop = startChannelFiring({
      onOrderChanged: (listener) => store.onOrderChanged(listener),
      listActive: () => store.listActive(),
      kitchen: orders.kitchen,
      routing: new KitchenRoutingSettings(openTestStoreData({ db, store, clock }), demoCatalog, silentLogger),
      logger: silentLogger,
      defer: (run) => queue.push(run),
    });
    const fireWaiting = () => queue.splice(0).forEach((run) => run());
    const own = (orderId: string): DomainEvent[] => store.orderEvents(orderId).filter((e) => e.origin === origin);
    // The kitchen print jobs this station queued, by print key: a key queued before queues nothing (as in the job store).
    const printed: string[] = [];
    const devices = {
      printKitchen: (_doc: unknown, options: { keyPrefix?: string }) => {
        const key = options.keyPrefix ?? '?';
        if (!printed.includes(key)) printed.push(key);
        return { jobs: [], errors: [] };
      },
      display: () => undefined,
    } as unknown as DeviceManager;
    const peripherals = createOrderPeripherals({
      devices,
      store: { name: 'Test', addressLines: [] },
      stationId: origin,
      clock,
      logger: silentLogger,
      hasKitchenRoutes: ownsKitchenPrinters,
    });
    store.onCommitted((commit) => peripherals.committed(commit));
    return { store, fireWaiting, own, printed, stop };
  }

  /** A web order as the server relays it: a club sandwich for the grill, two cappuccinos for the bar, water. */
  function webOrder(): DomainEvent[] {
    const sc = new Scenario({ startMs: START_MS });
    sc.open('web', { channel: 'web', orderType: 'takeout', ticketNumber: 7 });
    sc.line('web', { name: 'Club sandwich', priceMinor: 890, station: 'grill' });
    sc.line('web', { name: 'Cappuccino', priceMinor: 350, quantity: 2, station: 'bar' });
    sc.line('web', { name: 'Water', priceMinor: 200 });
    sc.place('web');
    return sc.events;
  }

  it.each([
    ['A first in merge order, B hears of it first', 1_000, 2_000, 'b-first'],
    ['B first in merge order, A hears of it first', 2_000, 1_000, 'a-first'],
  ] as const)('converge to the same tickets with no conflicts (%s)', (_name, aOffset, bOffset, delivery) => {
    // B owns the kitchen printers (a kitchen PC); A routes no kitchen ticket to a printer of its own.
    const a = station('station-a', START_MS + aOffset, false);
    const b = station('station-b', START_MS + bOffset, true);
    const order = webOrder();
    const orderId = order[0]!.orderId;
    a.store.applyRemote(order);
    b.store.applyRemote(order);
    a.fireWaiting();
    b.fireWaiting();

    const firedByA = a.own(orderId);
    const firedByB = b.own(orderId);
    expect(firedByA.map((e) => e.type)).toEqual(['TicketFired', 'TicketFired']);
    // Computed apart, the same decision: the same ticket ids, stations and lines.
    expect(firedByB.map((e) => e.payload)).toEqual(firedByA.map((e) => e.payload));

    const [first, second] = delivery === 'a-first' ? [a, b] : [b, a];
    first.store.applyRemote(second === a ? firedByA : firedByB);
    second.store.applyRemote(second === a ? firedByB : firedByA);

    const viewA = a.store.getOrder(orderId)!;
    const viewB = b.store.getOrder(orderId)!;
    expect(viewA).toEqual(viewB);
    expect(viewA.conflicts).toEqual([]);
    expect(a.store.listConflicts()).toEqual([]);
    expect(b.store.listConflicts()).toEqual([]);
    expect(viewA.tickets.map((t) => [t.ticketId, t.station, t.status])).toEqual(
      firedByA.map((e) => [e.type === 'TicketFired' && e.payload.ticketId, e.type === 'TicketFired' && e.payload.station, 'queued']),
    );
    expect(viewA.lines.filter((l) => l.ticketId === undefined).map((l) => l.name)).toEqual(['Water']);

    // Printing stays per station: the tickets print at the owner of their kitchen printers only, once
    // each, under the per-ticket keys, whichever firing it heard of first; A printed nothing.
    const keys = firedByA.map((e) => `kitchen-ticket:${e.type === 'TicketFired' ? e.payload.ticketId : ''}`);
    expect(a.printed).toEqual([]);
    expect(b.printed).toEqual(keys);

    // Nothing is left to fire on either station; each pushes only its own events, as before.
    a.fireWaiting();
    b.fireWaiting();
    expect(a.own(orderId)).toHaveLength(2);
    expect(b.own(orderId)).toHaveLength(2);
    a.stop();
    b.stop();
  });
});
