/**
 * Same-station latency from a committed write to the kitchen window's WebSocket message: the cashier
 * adds a line over its WebSocket; the kitchen's socket receives order.changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation } from '../electron/core/station.js';
import { SIGN_IN_DISABLED } from '../electron/core/staff/staff-config.js';

/** Benchmarks measure the till without sign-in, turned off in the words a real config must use. */
const BENCH_STAFF = { signIn: SIGN_IN_DISABLED } as const;

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));

async function connect(url: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ t: 'auth', token }));
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-kds-'));
const station = await startStation({
  staff: BENCH_STAFF,
  config: parseStationConfig({ http: { host: '127.0.0.1', port: 0 } }, 'bench'),
  dataDir: dir,
  rendererDir: dir,
});
try {
  const wsUrl = `${station.url.replace('http', 'ws')}/ipc`;
  const kitchen = await connect(wsUrl, station.tokens.kitchen!);
  const latencies: number[] = [];
  let orderId: string | undefined;
  for (let i = 0; i < SAMPLES; i++) {
    const received = new Promise<number>((resolve) => kitchen.once('message', () => resolve(performance.now())));
    const started = performance.now();
    const added = await station.dispatch('cashier', 'order.addLine', { orderId, itemId: 'espresso' }, 'bench');
    if (!added.ok) throw new Error(added.error.message);
    orderId = i % 8 === 7 ? undefined : (added.value as { id: string }).id;
    latencies.push((await received) - started);
  }
  kitchen.close();
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      name: 'station-kitchen-latency',
      samples: SAMPLES,
      commitToKitchenP50Ms: pct(latencies, 50),
      commitToKitchenP99Ms: pct(latencies, 99),
    }),
  );
} finally {
  await station.stop();
  rmSync(dir, { recursive: true, force: true });
}
