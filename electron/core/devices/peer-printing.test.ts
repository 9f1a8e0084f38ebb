import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { ManualClock } from '../../../shared/clock.js';
import type { DomainEvent } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { Scenario } from '../../../shared/scenario.js';
import { followCommits } from '../after-commit.js';
import type { Db } from '../db/open-database.js';
import { demoCatalog } from '../demo-catalog.js';
import type { EventStore } from '../event-store.js';
import { startChannelFiring } from '../kitchen/channel-firing.js';
import { KitchenRoutingSettings } from '../kitchen/routing-handlers.js';
import { OrderService } from '../orders/order-service.js';
import type { Commit } from '../store/commit-notice.js';
import { openTestStore, openTestStoreData, tempDir } from '../testing/fixtures.js';
import { DevicesConfig, type DevicesConfigInput } from './device-config.js';
import { kitchenStationsOwned } from './kitchen-prints.js';
import { createOrderPeripherals } from './order-peripherals.js';
import { startDevices } from './station-devices.js';

const NOW = 1_760_000_000_000;

/** Counter 1: a receipt printer with its drawer, and no kitchen printer (no kitchen route). */
const COUNTER: DevicesConfigInput = {
  printers: [{ id: 'receipt', transport: { kind: 'virtual' }, drawer: { id: 'drawer', pin: 2 } }],
  routing: { receipt: { printer: 'receipt' } },
};
/** The kitchen PC: a receipt printer too, and the grill printer the grill tickets of the whole store go to. */
const KITCHEN_PC: DevicesConfigInput = {
  printers: [
    { id: 'receipt', transport: { kind: 'virtual' }, drawer: { id: 'drawer', pin: 2 } },
    { id: 'grill', transport: { kind: 'virtual' } },
  ],
  routing: { receipt: { printer: 'receipt' }, kitchen: { grill: { printer: 'grill' } } },
};

interface TestStation {
  name: string;
  db: Db;
  store: EventStore;
  clock: ManualClock;
  orders: OrderService;
  devices: DeviceManager;
  /** Every commit the store announced that came from elsewhere, to hand to the peripherals again. */
  remoteCommits: Commit[];
  peripherals: ReturnType<typeof createOrderPeripherals>;
  fireWaiting: () => void;
  stop: () => Promise<void>;
}

/**
 * Two real stations of one store, each with its own database, print-job store, virtual printers and
 * peripherals wired as the station core wires them (every commit through `followCommits`). Pages go
 * between them as the mesh delivers them (`applyPeerPage`), so a partition is simply not
 * delivering yet.
 */
describe('kitchen tickets print at the station that owns the kitchen printer, once', () => {
  let dir: ReturnType<typeof tempDir>;
  const running: TestStation[] = [];
  beforeEach(() => (dir = tempDir('peer-printing')));
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
    dir.remove();
  });

  async function station(name: string, devicesInput: DevicesConfigInput): Promise<TestStation> {
    const { db, store, clock } = openTestStore(join(dir.path, `${name}.sqlite`), name);
    clock.set(NOW);
    const config = DevicesConfig.parse(devicesInput);
    const devices = await startDevices({ config, db, logger: silentLogger, clock });
    const peripherals = createOrderPeripherals({
      devices,
      store: { name: 'Test', addressLines: [] },
      stationId: name,
      clock,
      logger: silentLogger,
      hasKitchenRoutes: !!(config.routing.kitchenDefault || Object.keys(config.routing.kitchen ?? {}).length),
      ownsKitchenStation: kitchenStationsOwned(config),
    });
    const stopCommits = followCommits({ store, sync: undefined, peripherals, pushOrderChanged: () => undefined });
    const remoteCommits: Commit[] = [];
    const stopRecording = store.onCommitted((commit) => {
      if (commit.source === 'remote') remoteCommits.push(commit);
    });
    const orders = new OrderService(store, demoCatalog, 'EUR', { kind: 'device', id: name });
    const waiting: (() => void)[] = [];
    const stopFiring = startChannelFiring({
      onOrderChanged: (listener) => store.onOrderChanged(listener),
      listActive: () => store.listActive(),
      kitchen: orders.kitchen,
      routing: new KitchenRoutingSettings(openTestStoreData({ db, store, clock }), demoCatalog, silentLogger),
      logger: silentLogger,
      defer: (run) => waiting.push(run),
    });
    const s: TestStation = {
      name,
      db,
      store,
      clock,
      orders,
      devices,
      remoteCommits,
      peripherals,
      fireWaiting: () => waiting.splice(0).forEach((run) => run()),
      stop: async () => {
        running.splice(running.indexOf(s), 1);
        stopFiring();
        stopRecording();
        stopCommits();
        peripherals.stop();
        await devices.stop();
        db.close();
      },
    };
    running.push(s);
    return s;
  }

  /** A's events of these orders, delivered to B as one peer page; answers how many B stored. */
  const deliver = (from: TestStation, to: TestStation, orderIds: readonly string[]): number =>
    to.store.applyPeerPage(
      orderIds.flatMap((id) => from.store.orderEvents(id)),
      () => true,
    ).inserted;

  /** The print jobs a station queued, by key (durable: the rows of its print-job store). */
  const jobKeys = (s: TestStation): string[] =>
    s.db
      .prepare<[], { idempotency_key: string }>('SELECT idempotency_key FROM print_jobs ORDER BY seq')
      .all()
      .map((r) => r.idempotency_key);
  const kicks = (s: TestStation): number => s.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM drawer_kicks').get()!.n;
  const printedText = (s: TestStation, printer: string): string[] =>
    s.devices
      .virtualPrinter(printer)!
      .documents()
      .map((d) => d.lines.join('\n'));

  it('a sale at counter 1 prints its grill ticket at the kitchen PC once; re-delivery and a restart print nothing more', async () => {
    const counter = await station('counter-1', COUNTER);
    let kitchenPc = await station('kitchen-pc', KITCHEN_PC);

    const added = counter.orders.addLine({ orderType: 'takeout' }, 'club-sandwich', 1);
    if (!added.ok) throw new Error(added.error.message);
    const paid = counter.orders.payCash(added.value.id, 1000);
    if (!paid.ok) throw new Error(paid.error.message);
    const order = paid.value.order;
    const [ticket] = order.tickets;
    expect(ticket?.station).toBe('grill');

    // Counter 1 prints the receipt and opens its drawer; the grill ticket is not its to print.
    await expect.poll(() => printedText(counter, 'receipt').length, { timeout: 5000 }).toBe(1);
    expect(jobKeys(counter)).toEqual([`receipt:${order.id}`]);
    expect(kicks(counter)).toBe(1);

    // The kitchen PC hears of it from its peer: the grill printer prints it, nothing else moves.
    expect(deliver(counter, kitchenPc, [order.id])).toBeGreaterThan(0);
    await expect.poll(() => printedText(kitchenPc, 'grill').length, { timeout: 5000 }).toBe(1);
    expect(printedText(kitchenPc, 'grill')[0]).toContain('Club sandwich');
    const ticketKey = `kitchen-ticket:${ticket!.ticketId}:${order.id}:grill`;
    expect(jobKeys(kitchenPc)).toEqual([ticketKey]);
    expect(printedText(kitchenPc, 'receipt')).toEqual([]);
    expect(kicks(kitchenPc)).toBe(0);

    // The same page again stores nothing; the same announcement again (a relay that repeats it) is
    // keyed on the ticket: no second job.
    expect(deliver(counter, kitchenPc, [order.id])).toBe(0);
    for (const commit of kitchenPc.remoteCommits) kitchenPc.peripherals.committed(commit);
    const heard = [...kitchenPc.remoteCommits];
    expect(jobKeys(kitchenPc)).toEqual([ticketKey]);

    // After a restart the key is still on disk: the page again, and its announcement again, print nothing.
    await kitchenPc.stop();
    kitchenPc = await station('kitchen-pc', KITCHEN_PC);
    expect(deliver(counter, kitchenPc, [order.id])).toBe(0);
    for (const commit of heard) kitchenPc.peripherals.committed(commit);
    expect(jobKeys(kitchenPc)).toEqual([ticketKey]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printedText(kitchenPc, 'grill')).toEqual([]);
    expect(printedText(kitchenPc, 'receipt')).toEqual([]);
    expect(kicks(kitchenPc)).toBe(0);
  });

  it('both stations fire the same web order while partitioned: the kitchen PC prints it once, counter 1 never', async () => {
    const counter = await station('counter-1', COUNTER);
    const kitchenPc = await station('kitchen-pc', KITCHEN_PC);
    // A web order as the server relays it to both: a club sandwich for the grill, a cappuccino for the bar.
    const sc = new Scenario({ startMs: NOW - 60_000 });
    sc.open('web', { channel: 'web', orderType: 'takeout', ticketNumber: 12 });
    sc.line('web', { name: 'Club sandwich', priceMinor: 890, station: 'grill' });
    sc.line('web', { name: 'Cappuccino', priceMinor: 350, station: 'bar' });
    sc.place('web');
    const web: DomainEvent[] = sc.events;
    const orderId = web[0]!.orderId;
    counter.store.applyRemote(web);
    kitchenPc.store.applyRemote(web);

    // Partitioned: each fires it on its own, to the same tickets.
    counter.fireWaiting();
    kitchenPc.fireWaiting();
    const grill = kitchenPc.store.getOrder(orderId)!.tickets.find((t) => t.station === 'grill')!;
    expect(counter.store.getOrder(orderId)!.tickets.map((t) => t.ticketId)).toContain(grill.ticketId);
    const grillKey = `kitchen-ticket:${grill.ticketId}:${orderId}:grill`;
    expect(jobKeys(kitchenPc)).toEqual([grillKey]);
    expect(jobKeys(counter)).toEqual([]);

    // The partition heals: each gets the other's firing of the same tickets.
    expect(deliver(counter, kitchenPc, [orderId])).toBeGreaterThan(0);
    expect(deliver(kitchenPc, counter, [orderId])).toBeGreaterThan(0);
    expect(kitchenPc.store.getOrder(orderId)!.tickets).toEqual(counter.store.getOrder(orderId)!.tickets);
    expect(jobKeys(kitchenPc)).toEqual([grillKey]);
    expect(jobKeys(counter)).toEqual([]);
    await expect.poll(() => printedText(kitchenPc, 'grill').length, { timeout: 5000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printedText(kitchenPc, 'grill')).toHaveLength(1);
    // A web order has no receipt here, and the bar has no printer in this store: nobody prints it.
    expect(printedText(kitchenPc, 'receipt')).toEqual([]);
    expect(printedText(counter, 'receipt')).toEqual([]);
  });

  it('a ticket fired at counter 1 while the kitchen PC was away a long time does not print when it comes back', async () => {
    const counter = await station('counter-1', COUNTER);
    const kitchenPc = await station('kitchen-pc', KITCHEN_PC);
    const added = counter.orders.addLine({ orderType: 'takeout' }, 'club-sandwich', 1);
    if (!added.ok) throw new Error(added.error.message);
    const paid = counter.orders.payCash(added.value.id, 1000);
    if (!paid.ok) throw new Error(paid.error.message);
    // The kitchen PC comes back two hours later and replays the day's history: the kitchen screens
    // show the ticket, no paper comes out for it.
    kitchenPc.clock.advance(2 * 60 * 60_000);
    expect(deliver(counter, kitchenPc, [paid.value.order.id])).toBeGreaterThan(0);
    expect(kitchenPc.store.getOrder(paid.value.order.id)?.tickets.map((t) => t.station)).toEqual(['grill']);
    expect(jobKeys(kitchenPc)).toEqual([]);
  });
});
