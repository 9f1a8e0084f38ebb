import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { eventually } from '../testing/raw-peer.js';
import { startTestStation } from '../testing/station-harness.js';

const TOKENS: Record<string, string> = {
  'station-a': 'station-a-secret-0123456789',
  'station-b': 'station-b-secret-0123456789',
};

describe('store mesh beside the cloud path', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  const stations: Station[] = [];

  beforeEach(async () => {
    dir = tempDir('mesh-cloud');
    server = await startCentralServer({
      bootstrap: { storeId: 'cafe', stations: Object.entries(TOKENS).map(([stationId, token]) => ({ stationId, token })) },
      logger: pino({ level: 'silent' }),
    });
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await server.close();
    dir.remove();
  });

  async function station(name: string, peers: readonly Station[] = []): Promise<Station> {
    const s = await startTestStation(join(dir.path, name), {
      stationId: name,
      server: { url: server.url, token: TOKENS[name]! },
      mesh: { port: 0 },
      peers: peers.map((p) => ({ url: p.peerUrl! })),
    });
    stations.push(s);
    // Each station pairs through the server with its own credential before it dials or accepts peers.
    await eventually(() => s.mesh.paired, 5_000, `${name} paired`);
    return s;
  }

  async function sellOne(s: Station): Promise<OrderView> {
    const added = await s.dispatch('cashier', 'order.addLine', { itemId: 'croissant', quantity: 2 }, 'test');
    if (!added.ok) throw new Error(added.error.message);
    const paid = await s.dispatch('cashier', 'order.payCash', { orderId: (added.value as OrderView).id, tenderedMinor: 2000 }, 'test');
    if (!paid.ok) throw new Error(paid.error.message);
    return (paid.value as { order: OrderView }).order;
  }

  it('only the origin pushes its events; the server copy of a peer-delivered event is a duplicate', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    const sale = await sellOne(a);
    await eventually(() => b.store.getOrder(sale.id)?.status === 'paid', 5_000, 'the sale at B over the mesh');
    const held = b.store.orderEvents(sale.id).length;

    // B has A's events, yet its outbox is empty and a sync round pushes nothing of A's.
    expect(b.store.outboxStats().depth).toBe(0);
    const ownAtB = await sellOne(b);
    expect(new Set(b.store.outboxBatch(10_000).map((e) => e.origin))).toEqual(new Set(['station-b']));
    const fromA = await a.sync!.syncNow();
    const fromB = await b.sync!.syncNow();
    expect(fromB.pushed).toBe(b.store.orderEvents(ownAtB.id).length);
    // The pull carries A's events again (the server does not know B has them): the cursor moves past
    // them, nothing is stored twice (`pulled` counts events stored), the order is unchanged.
    expect(fromA.pushed).toBe(held);
    expect(fromB.pulled).toBe(0);
    expect(b.sync!.pullCursor()).toBeGreaterThanOrEqual(fromA.pushed);
    expect(b.store.orderEvents(sale.id)).toHaveLength(held);
    expect(b.store.getOrder(sale.id)).toEqual(a.store.getOrder(sale.id));
    // And A pulls B's sale from the server even though the mesh brought it first.
    await eventually(() => a.store.getOrder(ownAtB.id)?.status === 'paid', 5_000, 'B sale at A');
    const again = await a.sync!.syncNow();
    expect(again.pushed).toBe(0);
    expect(a.store.orderEvents(ownAtB.id)).toHaveLength(b.store.orderEvents(ownAtB.id).length);
  });
});
