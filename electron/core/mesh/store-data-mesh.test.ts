import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { KitchenRouting, KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';
import type { DiagnosticsView } from '../../../shared/ipc/diagnostics.js';
import type { StationConfigInput } from '../config.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { eventually, pairRaw, RawPeer, rawIdentity } from '../testing/raw-peer.js';
import { startTestStation } from '../testing/station-harness.js';

const STORE = 'store-data-mesh-cafe';
const TOKEN = 'store-data-mesh-token-0123456789abcdef';

describe('store data over the store mesh, the central server used only for pairing (no sync)', () => {
  let dir: ReturnType<typeof tempDir>;
  let stations: Station[];
  // The stations pair through it at start and never sync with it (manual sync): the mesh carries the data.
  let server: CentralServer;
  beforeAll(async () => {
    server = await startCentralServer({ bootstrap: { storeId: STORE, storeWideStationToken: TOKEN }, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    dir = tempDir('store-data-mesh');
    stations = [];
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    dir.remove();
  });

  async function station(name: string, peers: readonly Station[] = [], config: StationConfigInput = {}): Promise<Station> {
    const s = await startTestStation(join(dir.path, name), {
      stationId: name,
      mesh: { port: 0 },
      peers: peers.map((p) => ({ url: p.peerUrl! })),
      server: { url: server.url, token: TOKEN },
      ...config,
    });
    stations.push(s);
    await eventually(() => s.mesh.paired, 5_000, `${name} paired`);
    return s;
  }
  async function stop(s: Station): Promise<void> {
    stations.splice(stations.indexOf(s), 1);
    await s.stop();
  }
  async function call<T>(s: Station, command: string, args: unknown): Promise<T> {
    const result = await s.dispatch('diagnostics', command, args, 'test');
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  }
  const routingOf = async (s: Station) => (await call<KitchenRoutingView>(s, 'kitchen.routing', {})).routing;
  const setRouting = (s: Station, routing: KitchenRouting) => call<KitchenRoutingView>(s, 'kitchen.setRouting', { routing });
  const connected = (s: Station, n: number) => s.mesh.status().peers.filter((p) => p.state === 'connected').length >= n;
  const same = (x: KitchenRouting, y: KitchenRouting) => JSON.stringify(x) === JSON.stringify(y);
  /** Polls an answer through the station's own IPC until it holds (real sockets, real timers). */
  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('a routing edit at A reaches B at once, and C that joins later catches up on connecting', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    await eventually(() => connected(b, 1), 5_000, 'a–b');
    const pushes: unknown[] = [];
    b.onPush((name, payload) => name === 'kitchen.routingChanged' && pushes.push(payload));

    const edited: KitchenRouting = { ...(await routingOf(a)), byCategory: { Drinks: null }, fireChannelOrders: false };
    await setRouting(a, edited);
    await eventually(() => pushes.length > 0, 5_000, 'the routing at B');
    expect(await routingOf(b)).toEqual(edited);
    expect((pushes[0] as KitchenRoutingView).routing).toEqual(edited);
    // A still waits to push it to the server (which is down); B never will: it did not write it.
    expect((await call<DiagnosticsView>(a, 'diagnostics.get', {})).storeData?.documents).toEqual([
      expect.objectContaining({ author: 'station-a', waitingForServer: true }),
    ]);
    expect((await call<DiagnosticsView>(b, 'diagnostics.get', {})).storeData?.documents).toEqual([
      expect.objectContaining({ author: 'station-a', waitingForServer: false }),
    ]);

    // C connects only to B: the summaries swapped on connecting bring it A's document.
    const c = await station('station-c', [b]);
    await eventually(() => connected(c, 1), 5_000, 'b–c');
    await until(async () => same(await routingOf(c), edited), 'the routing at C');
    expect((await call<DiagnosticsView>(c, 'diagnostics.get', {})).storeData?.documents).toEqual([
      expect.objectContaining({ author: 'station-a', version: 1 }),
    ]);
  });

  it('routing edited at two partitioned stations converges on one winner when they meet', async () => {
    const a = await station('station-a');
    let b = await station('station-b');
    const base = await routingOf(a);
    await setRouting(a, { ...base, fireChannelOrders: false });
    await setRouting(b, { ...base, byCategory: { Drinks: null } });
    // B restarts knowing A: the partition heals.
    await stop(b);
    b = await station('station-b', [a]);
    const healed = b;
    const held = async (s: Station) =>
      JSON.stringify(
        (await call<DiagnosticsView>(s, 'diagnostics.get', {})).storeData?.documents.map(({ kind, hlc, author }) => [kind, hlc, author]),
      );
    await until(async () => (await held(a)) === (await held(healed)), 'one winner at both');
    expect(await routingOf(a)).toEqual(await routingOf(healed));
    // The later edit (B's, made second) is the one both follow; only B still has it to push.
    expect((await routingOf(a)).byCategory).toEqual({ Drinks: null });
    expect((await call<DiagnosticsView>(a, 'diagnostics.get', {})).storeData?.documents).toEqual([
      expect.objectContaining({ author: 'station-b', waitingForServer: false }),
    ]);
    expect((await call<DiagnosticsView>(healed, 'diagnostics.get', {})).storeData?.documents).toEqual([
      expect.objectContaining({ author: 'station-b', waitingForServer: true }),
    ]);
  });

  it('a document a peer sends that does not validate is kept out and reported; the routing in use stays', async () => {
    const a = await station('station-a');
    const before = await routingOf(a);
    // A paired member of the store sending a document this build cannot read.
    const rogue = new RawPeer(a.peerUrl!, await pairRaw(server.url, TOKEN, STORE, await rawIdentity('station-x')));
    await rogue.handshake({ storeId: STORE });
    expect(await rogue.next('data-have')).toEqual({ t: 'data-have', have: {} });
    rogue.send({
      t: 'data',
      documents: [
        {
          kind: 'kitchen-routing',
          version: 9,
          hlc: `${String(Date.now()).padStart(15, '0')}-00000`,
          author: 'station-x',
          body: { stations: ['grill'], byCategory: {}, byItem: { burger: 'oven' }, fireChannelOrders: true },
        },
      ],
    });
    let view: DiagnosticsView | undefined;
    await until(async () => {
      view = await call<DiagnosticsView>(a, 'diagnostics.get', {});
      return (view.storeData?.rejected.length ?? 0) > 0;
    }, 'the refusal in diagnostics');
    expect(view?.storeData?.rejected).toEqual([
      expect.objectContaining({
        kind: 'kitchen-routing',
        author: 'station-x',
        source: 'peer:station-x',
        reason: expect.stringContaining('byItem.burger') as unknown,
      }),
    ]);
    expect(await routingOf(a)).toEqual(before);
    expect(view?.storeData?.documents).toEqual([]);
    rogue.close();
  });
});
