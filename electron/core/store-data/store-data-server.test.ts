import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import { ManualClock } from '../../../shared/clock.js';
import type { KitchenRouting, KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';
import type { DiagnosticsView } from '../../../shared/ipc/diagnostics.js';
import { silentLogger } from '../../../shared/logger.js';
import { openDatabase } from '../db/open-database.js';
import type { Station } from '../station.js';
import { SyncClient } from '../sync/sync-client.js';
import { tempDir } from '../testing/fixtures.js';
import { eventually } from '../testing/raw-peer.js';
import { startTestStation } from '../testing/station-harness.js';

const STORE = 'cafe';
const TOKENS: Record<string, string> = {
  'station-a': 'station-a-secret-0123456789abcdef',
  'station-b': 'station-b-secret-0123456789abcdef',
};
const bootstrap = { storeId: STORE, stations: Object.entries(TOKENS).map(([stationId, token]) => ({ stationId, token })) };

/** Kitchen routing through the central server: edited at one station, followed by every other. */
describe('store data ⇄ central server', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  const stations: Station[] = [];

  beforeEach(async () => {
    dir = tempDir('store-data-server');
    server = await startCentralServer({ bootstrap, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await server.close();
    dir.remove();
  });

  async function station(name: string, clock = new ManualClock(Date.now())): Promise<Station> {
    const s = await startTestStation(
      join(dir.path, name),
      { stationId: name, server: { url: server.url, token: TOKENS[name]! } },
      { clock },
    );
    stations.push(s);
    return s;
  }
  async function call<T>(s: Station, command: string, args: unknown): Promise<T> {
    const result = await s.dispatch('diagnostics', command, args, 'test');
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  }
  const routingOf = async (s: Station) => (await call<KitchenRoutingView>(s, 'kitchen.routing', {})).routing;
  const setRouting = (s: Station, routing: KitchenRouting) => call<KitchenRoutingView>(s, 'kitchen.setRouting', { routing });

  it('an edit at A reaches B through the server, and B windows hear of it', async () => {
    const a = await station('station-a');
    const b = await station('station-b');
    const defaults = await routingOf(b);
    const edited: KitchenRouting = { ...defaults, byCategory: { Pastries: null }, fireChannelOrders: false };
    await setRouting(a, edited);
    const pushes: string[] = [];
    b.onPush((name) => pushes.push(name));

    await a.sync!.syncNow();
    await b.sync!.syncNow();
    expect(await routingOf(b)).toEqual(edited);
    expect(pushes).toContain('kitchen.routingChanged');
    // A's edit left A's queue once the server had it; B never pushes what it did not write.
    const view = await call<DiagnosticsView>(a, 'diagnostics.get', {});
    expect(view.storeData?.documents).toEqual([expect.objectContaining({ author: 'station-a', version: 1, waitingForServer: false })]);
    expect((await call<DiagnosticsView>(b, 'diagnostics.get', {})).storeData?.documents).toEqual([
      expect.objectContaining({ author: 'station-a', waitingForServer: false }),
    ]);
  });

  it('concurrent edits at two stations end with both following the same winner', async () => {
    const a = await station('station-a');
    // B's clock is a little ahead of A's (within the drift bound).
    const b = await station('station-b', new ManualClock(Date.now() + 5_000));
    const base = await routingOf(a);
    // Both edit while neither has synced (two stations cut from the server).
    await setRouting(a, { ...base, fireChannelOrders: false });
    await setRouting(b, { ...base, byCategory: { Drinks: null } });
    await a.sync!.syncNow();
    await b.sync!.syncNow(); // B's push wins on the server
    await a.sync!.syncNow(); // A pulls it
    expect(await routingOf(a)).toEqual(await routingOf(b));
    expect((await routingOf(a)).byCategory).toEqual({ Drinks: null });
    // A's losing edit is not pushed again.
    const view = await call<DiagnosticsView>(a, 'diagnostics.get', {});
    expect(view.storeData?.documents).toEqual([expect.objectContaining({ author: 'station-b', waitingForServer: false })]);
  });

  it('the live channel says when store data changed, with a cursor a station compares with its own', async () => {
    const a = await station('station-a');
    const client = new SyncClient(server.url, TOKENS['station-b']!);
    const heard: number[] = [];
    const live = client.subscribeLive({ onPoke: () => undefined, onStoreData: (cursor) => heard.push(cursor) });
    try {
      await new Promise((r) => setTimeout(r, 300));
      await setRouting(a, { ...(await routingOf(a)), fireChannelOrders: false });
      await a.sync!.syncNow();
      await eventually(() => heard.length > 0, 5_000, 'a store-data message');
      const page = await client.pullStoreData(0);
      expect(heard.at(-1)).toBe(page.cursor);
      expect(page.documents.map((d) => d.author)).toEqual(['station-a']);
    } finally {
      live.close();
    }
  });

  it('an upgraded station keeps the routing it had in its settings and publishes it to the store', async () => {
    const kept: KitchenRouting = { stations: ['bar', 'grill'], byCategory: { Coffee: 'bar' }, byItem: {}, fireChannelOrders: true };
    // The station's database as the previous version left it: routing in the settings table.
    const db = openDatabase(join(dir.path, 'station-a', 'station.sqlite'), silentLogger);
    db.prepare("INSERT INTO settings (key, value) VALUES ('kitchen.routing', ?)").run(JSON.stringify(kept));
    db.close();
    const a = await station('station-a');
    expect(await routingOf(a)).toEqual(kept);
    const b = await station('station-b');
    await a.sync!.syncNow();
    await b.sync!.syncNow();
    expect(await routingOf(b)).toEqual(kept);
  });
});
