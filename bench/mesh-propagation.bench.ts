/**
 * Store mesh latency: three stations on loopback, no central server (one pairs them, then stops). A cashier write at station A;
 * the time until the kitchen window of station B receives order.changed over its WebSocket, beside
 * the time until A's own kitchen window does (the same commits, the same run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import WebSocket from 'ws';
import { parseStationConfig } from '../electron/core/config.js';
import { wsText } from '../electron/core/ipc/ws-text.js';
import { startStation, type Station } from '../electron/core/station.js';
import { startCentralServer } from '../server/main.js';
import { SIGN_IN_DISABLED } from '../electron/core/staff/staff-config.js';

/** Benchmarks measure the till without sign-in, turned off in the words a real config must use. */
const BENCH_STAFF = { signIn: SIGN_IN_DISABLED } as const;

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const TOKEN = 'bench-store-station-token-0123456789abcdef';
const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));

async function kitchenOf(station: Station): Promise<WebSocket> {
  const socket = new WebSocket(`${station.url.replace('http', 'ws')}/ipc`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ t: 'auth', token: station.tokens.kitchen! }));
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
}

/** Resolves with the arrival time of the next order.changed for `orderId` (any order when undefined). */
function orderChanged(socket: WebSocket, orderId: () => string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const at = performance.now();
      const frame = JSON.parse(wsText(data)) as { t: string; name?: string; payload?: { id?: string } };
      if (frame.t !== 'evt' || frame.name !== 'order.changed') return;
      const wanted = orderId();
      if (wanted !== undefined && frame.payload?.id !== wanted) return;
      socket.off('message', onMessage);
      resolve(at);
    };
    socket.on('message', onMessage);
  });
}

const root = mkdtempSync(join(tmpdir(), 'bench-mesh-'));
const stations: Station[] = [];
// The stations pair through the store's server, which then goes away: what follows crosses the mesh only.
const server = await startCentralServer({
  bootstrap: { storeId: 'bench', storeWideStationToken: TOKEN },
  logger: pino({ level: 'silent' }),
});
async function start(name: string, peers: Station[]): Promise<Station> {
  const dataDir = join(root, name);
  const station = await startStation({
    staff: BENCH_STAFF,
    config: parseStationConfig(
      {
        stationId: name,
        http: { host: '127.0.0.1', port: 0 },
        server: { url: server.url, token: TOKEN },
        mesh: { port: 0 },
        peers: peers.map((p) => ({ url: p.peerUrl! })),
        // Listed peers only: the bench measures links it set up itself.
        discovery: { mdns: false },
      },
      'bench',
    ),
    dataDir,
    rendererDir: root,
    manualSync: true,
  });
  stations.push(station);
  while (!station.mesh.paired) await new Promise((r) => setTimeout(r, 10));
  return station;
}

try {
  const a = await start('station-a', []);
  const b = await start('station-b', [a]);
  await start('station-c', [a, b]);
  await server.close();
  for (const s of stations) {
    while (s.mesh.status().peers.filter((p) => p.state === 'connected').length < 2) await new Promise((r) => setTimeout(r, 10));
  }
  const localKitchen = await kitchenOf(a);
  const peerKitchen = await kitchenOf(b);
  const local: number[] = [];
  const peer: number[] = [];
  let orderId: string | undefined;
  for (let i = 0; i < SAMPLES; i++) {
    // A new order's id is known only from the answer: the first order.changed of that write is it.
    let written: string | undefined = orderId;
    const atLocal = orderChanged(localKitchen, () => written);
    const atPeer = orderChanged(peerKitchen, () => written);
    const started = performance.now();
    const added = await a.dispatch('cashier', 'order.addLine', { orderId, itemId: 'espresso' }, 'bench');
    if (!added.ok) throw new Error(added.error.message);
    written = (added.value as { id: string }).id;
    orderId = i % 8 === 7 ? undefined : written;
    local.push((await atLocal) - started);
    peer.push((await atPeer) - started);
  }
  localKitchen.close();
  peerKitchen.close();
  local.sort((x, y) => x - y);
  peer.sort((x, y) => x - y);
  console.log(
    JSON.stringify({
      name: 'mesh-propagation',
      samples: SAMPLES,
      stations: 3,
      sameStationCommitToKitchenP50Ms: pct(local, 50),
      sameStationCommitToKitchenP99Ms: pct(local, 99),
      peerCommitToKitchenP50Ms: pct(peer, 50),
      peerCommitToKitchenP99Ms: pct(peer, 99),
      p50Ratio: Number((pct(peer, 50) / pct(local, 50)).toFixed(2)),
      p99Ratio: Number((pct(peer, 99) / pct(local, 99)).toFixed(2)),
      targetP99Ms: 100,
    }),
  );
} finally {
  for (const s of stations.reverse()) await s.stop();
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
