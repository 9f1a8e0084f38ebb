import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { StationConfigInput } from '../config.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { eventually } from '../testing/raw-peer.js';
import { startTestStation } from '../testing/station-harness.js';

const TOKEN = 'store-station-token-0123456789abcdef';

/** Counter 1 has a receipt printer only; the kitchen PC owns the grill printer (a route of its own). */
const COUNTER: StationConfigInput['devices'] = {
  printers: [{ id: 'receipt', transport: { kind: 'virtual' }, drawer: { id: 'drawer', pin: 2 } }],
  routing: { receipt: { printer: 'receipt' } },
};
const KITCHEN_PC: StationConfigInput['devices'] = {
  printers: [
    { id: 'receipt', transport: { kind: 'virtual' } },
    { id: 'grill', transport: { kind: 'virtual' } },
  ],
  routing: { receipt: { printer: 'receipt' }, kitchen: { grill: { printer: 'grill' } } },
};

/** Two real station cores on loopback, replicating over the mesh, each with its own devices section. */
describe('store mesh: a ticket prints at the station that owns its kitchen printer', () => {
  let dir: ReturnType<typeof tempDir>;
  const stations: Station[] = [];
  // The stations pair through it; events then cross the mesh only (no sync runs here).
  let server: CentralServer;
  beforeAll(async () => {
    server = await startCentralServer({ bootstrap: { storeId: 'cafe', storeWideStationToken: TOKEN }, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => server.close());
  beforeEach(() => (dir = tempDir('peer-printing-mesh')));
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    dir.remove();
  });

  async function station(name: string, devices: StationConfigInput['devices'], peers: readonly Station[] = []): Promise<Station> {
    const s = await startTestStation(join(dir.path, name), {
      stationId: name,
      server: { url: server.url, token: TOKEN },
      mesh: { port: 0 },
      peers: peers.map((p) => ({ url: p.peerUrl! })),
      devices,
    });
    stations.push(s);
    await eventually(() => s.mesh.paired, 5_000, `${name} paired`);
    return s;
  }

  const printed = (s: Station, printer: string): string[] =>
    s.devices
      .virtualPrinter(printer)!
      .documents()
      .map((d) => d.lines.join('\n'));

  it('a grill item sold at counter 1 prints at the kitchen PC once; counter 1 prints the receipt only', async () => {
    const counter = await station('counter-1', COUNTER);
    const kitchenPc = await station('kitchen-pc', KITCHEN_PC, [counter]);
    await eventually(() => counter.mesh.status().peers.some((p) => p.state === 'connected'), 5_000, 'the mesh');

    const added = await counter.dispatch('cashier', 'order.addLine', { orderType: 'takeout', itemId: 'club-sandwich', quantity: 1 }, 'a');
    if (!added.ok) throw new Error(added.error.message);
    const paid = await counter.dispatch('cashier', 'order.payCash', { orderId: (added.value as OrderView).id, tenderedMinor: 1000 }, 'b');
    if (!paid.ok) throw new Error(paid.error.message);
    const order = (paid.value as { order: OrderView }).order;

    await expect.poll(() => printed(kitchenPc, 'grill').length, { timeout: 5000 }).toBe(1);
    expect(printed(kitchenPc, 'grill')[0]).toContain('Club sandwich');
    await expect.poll(() => printed(counter, 'receipt').length, { timeout: 5000 }).toBe(1);
    expect(printed(counter, 'receipt')[0]).toContain(`#${order.ticketNumber}`);
    // Give a stray job time to come out: none does, on either side.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printed(counter, 'receipt')).toHaveLength(1);
    expect(printed(kitchenPc, 'grill')).toHaveLength(1);
    expect(printed(kitchenPc, 'receipt')).toEqual([]);
  });
});
