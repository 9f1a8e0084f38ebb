import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { MeshView, PeerView } from '../../../shared/ipc/diagnostics.js';
import type { StationConfigInput } from '../config.js';
import type { Station } from '../station.js';
import { FakeLan } from '../testing/fake-dns-sd.js';
import { tempDir } from '../testing/fixtures.js';
import { eventually } from '../testing/raw-peer.js';
import { startTestStation } from '../testing/station-harness.js';

const TOKEN = 'mesh-discovery-store-token-0123456789';

/** Stations that find each other by DNS-SD on an in-memory LAN: the mesh's side of discovery, without multicast. */
describe('store mesh: peers found on the LAN', () => {
  let dir: ReturnType<typeof tempDir>;
  let stations: Station[];
  let lan: FakeLan;
  // One central server per store: stations pair through theirs at start, then find each other on the LAN.
  const servers = new Map<string, CentralServer>();

  beforeAll(async () => {
    for (const storeId of ['cafe', 'bakery'])
      servers.set(
        storeId,
        await startCentralServer({ bootstrap: { storeId, storeWideStationToken: TOKEN }, logger: pino({ level: 'silent' }) }),
      );
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.close();
  });

  beforeEach(() => {
    dir = tempDir('mesh-discovery');
    stations = [];
    lan = new FakeLan();
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    dir.remove();
  });

  async function station(name: string, storeId: string, config: StationConfigInput = {}): Promise<Station> {
    const s = await startTestStation(
      join(dir.path, name),
      // A station announces itself only when it listens beyond loopback; the in-memory LAN answers from 127.0.0.1.
      {
        stationId: name,
        server: { url: servers.get(storeId)!.url, token: TOKEN },
        mesh: { host: '0.0.0.0', port: 0 },
        discovery: { mdns: true },
        ...config,
      },
      { dnsSd: lan.node('127.0.0.1') },
    );
    stations.push(s);
    await eventually(() => s.mesh.paired, 5_000, `${name} paired`);
    return s;
  }

  const peers = (s: Station): MeshView['peers'] => s.mesh.status().peers;
  const rows = (s: Station) => peers(s).map((p: PeerView) => ({ found: p.found, stationId: p.stationId, state: p.state }));

  it('stations of one store find and connect to each other; another store is never dialled', async () => {
    const a = await station('counter-1', 'cafe');
    const b = await station('counter-2', 'cafe');
    const other = await station('counter-9', 'bakery');
    await eventually(() => rows(a)[0]?.state === 'connected' && rows(b)[0]?.state === 'connected', 5_000, 'a and b connected');
    expect(rows(a)).toEqual([{ found: 'mdns', stationId: 'counter-2', state: 'connected' }]);
    expect(rows(b)).toEqual([{ found: 'mdns', stationId: 'counter-1', state: 'connected' }]);
    expect(peers(a)[0]!.url).toBe(`http://127.0.0.1:${new URL(b.peerUrl!).port}`);
    expect(rows(other)).toEqual([]);

    // The diagnostics window gets the same rows.
    const diagnostics = await a.dispatch('cashier', 'diagnostics.get', {}, 'test');
    expect(diagnostics.ok && (diagnostics.value as { mesh: MeshView }).mesh.peers[0]?.found).toBe('mdns');
  });

  it('a listed peer that is also found on the LAN is dialled once and shows as listed', async () => {
    const a = await station('counter-1', 'cafe');
    // Listed by another spelling of the same endpoint: matched by host and port before any handshake.
    const b = await station('counter-2', 'cafe', { peers: [{ url: `wss://127.0.0.1:${new URL(a.peerUrl!).port}/peer` }] });
    await eventually(() => rows(b).some((r) => r.state === 'connected'), 5_000, 'b connected');
    await new Promise((r) => setTimeout(r, 300));
    expect(rows(b)).toEqual([{ found: 'listed', stationId: 'counter-1', state: 'connected' }]);
    // A keeps whichever single link the pair settled on; it never shows the station twice.
    expect(rows(a)).toHaveLength(1);
    expect(rows(a)[0]).toMatchObject({ stationId: 'counter-2', state: 'connected' });
  });

  it('a found station that leaves with a goodbye and is not reached again is dropped', async () => {
    const a = await station('counter-1', 'cafe');
    const b = await station('counter-2', 'cafe');
    await eventually(() => rows(a)[0]?.state === 'connected', 5_000, 'a connected to b');
    stations.splice(stations.indexOf(b), 1);
    await b.stop();
    await eventually(() => rows(a).length === 0, 5_000, 'b dropped from a');
    expect(a.mesh.summary()).toMatchObject({ connected: 0, peers: [] });
  });

  it('a found station that drops without a goodbye stays and is dialled again', async () => {
    const a = await station('counter-1', 'cafe');
    const b = await station('counter-2', 'cafe');
    await eventually(() => rows(a)[0]?.state === 'connected', 5_000, 'a connected to b');
    // B's mesh closes but its announcement lingers, as after a crash: A keeps the peer and redials with backoff.
    await b.mesh.close();
    await eventually(() => rows(a)[0]?.state !== 'connected', 5_000, 'a sees b drop');
    await new Promise((r) => setTimeout(r, 600));
    expect(rows(a)).toEqual([
      { found: 'mdns', stationId: 'counter-2', state: expect.stringMatching(/^(connecting|disconnected|refused)$/) as string },
    ]);
  });
});
