/**
 * Offline catch-up: a station sells ORDERS orders with the server unreachable, then drains its
 * outbox to the central server (embedded PGlite here) and a second, fresh station pulls them all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ManualClock } from '../shared/clock.js';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation } from '../electron/core/station.js';
import { startCentralServer } from '../server/main.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const TOKEN = 'bench-catchup-token-0123456789';

const dir = mkdtempSync(join(tmpdir(), 'bench-catchup-'));
const server = await startCentralServer({ syncToken: TOKEN, logger: pino({ level: 'silent' }) });
const config = (stationId: string) =>
  parseStationConfig({ stationId, http: { host: '127.0.0.1', port: 0 }, server: { url: server.url, token: TOKEN } }, 'bench');
try {
  const counter = await startStation({ config: config('station-counter'), dataDir: join(dir, 'a'), rendererDir: dir, manualSync: true, clock: new ManualClock(Date.now()) });
  const sellStarted = performance.now();
  for (let i = 0; i < ORDERS; i++) {
    let orderId: string | undefined;
    for (const item of ['espresso', 'croissant', 'club-sandwich', 'soup-of-the-day', 'orange-juice', 'cappuccino']) {
      const added = await counter.dispatch('cashier', 'order.addLine', { orderId, itemId: item }, 'bench');
      if (!added.ok) throw new Error(added.error.message);
      orderId = (added.value as { id: string }).id;
    }
    const paid = await counter.dispatch('cashier', 'order.payCash', { orderId, tenderedMinor: 100_000 }, 'bench');
    if (!paid.ok) throw new Error(paid.error.message);
  }
  const sellSeconds = (performance.now() - sellStarted) / 1000;
  const events = counter.store.outboxStats().depth;

  const pushStarted = performance.now();
  const pushed = await counter.sync!.syncNow();
  const pushSeconds = (performance.now() - pushStarted) / 1000;

  const fresh = await startStation({ config: config('station-fresh'), dataDir: join(dir, 'b'), rendererDir: dir, manualSync: true });
  const pullStarted = performance.now();
  const pulled = await fresh.sync!.syncNow();
  const pullSeconds = (performance.now() - pullStarted) / 1000;
  if (pushed.pushed !== events || pulled.pulled !== events) throw new Error(`pushed ${pushed.pushed}, pulled ${pulled.pulled} of ${events}`);
  await counter.stop();
  await fresh.stop();
  console.log(
    JSON.stringify({
      name: 'station-catchup',
      server: 'pglite',
      orders: ORDERS,
      events,
      offlineSellSeconds: Number(sellSeconds.toFixed(2)),
      drainSeconds: Number(pushSeconds.toFixed(2)),
      drainEventsPerSec: Math.round(events / pushSeconds),
      pullSeconds: Number(pullSeconds.toFixed(2)),
      pullEventsPerSec: Math.round(events / pullSeconds),
      endToEndEventsPerSec: Math.round(events / (pushSeconds + pullSeconds)),
    }),
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
