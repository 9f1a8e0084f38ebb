/**
 * Offline catch-up: a station sells ORDERS orders with the server unreachable, then drains its
 * outbox to the central server and a second, fresh station pulls them all. The offline selling is
 * done once; a copy of that station's database then drains to each server backend: embedded PGlite
 * and a throwaway PostgreSQL cluster (Debian's binaries, see server/testing/postgres-cluster.ts;
 * skipped with a note when they are not installed). BENCH_CATCHUP_SERVERS=pglite,postgres picks.
 */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ManualClock } from '../shared/clock.js';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation } from '../electron/core/station.js';
import { startCentralServer } from '../server/main.js';
import { findPostgresBinaries, startPostgresCluster } from '../server/testing/postgres-cluster.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const SERVERS = (process.env.BENCH_CATCHUP_SERVERS ?? 'pglite,postgres').split(',').filter(Boolean);
const TOKEN = 'bench-catchup-token-0123456789';
const ITEMS = ['espresso', 'croissant', 'club-sandwich', 'soup-of-the-day', 'orange-juice', 'cappuccino'];

const dir = mkdtempSync(join(tmpdir(), 'bench-catchup-'));
/** Offline: the configured server URL answers nothing (the port is closed). */
/** No kitchen routing and no display: a backlog of tickets printing is not what this measures. */
const NO_DEVICES = {
  printers: [{ id: 'receipt', name: 'Receipt printer', transport: { kind: 'virtual' }, profile: 'epson-tm-t88' }],
  routing: { receipt: { printer: 'receipt' } },
  scanners: [],
  displays: [],
};
const config = (stationId: string, url: string) =>
  parseStationConfig({ stationId, http: { host: '127.0.0.1', port: 0 }, server: { url, token: TOKEN }, devices: NO_DEVICES }, 'bench');

async function sellOffline(): Promise<{ sellSeconds: number; events: number }> {
  const counter = await startStation({
    config: config('station-counter', 'http://127.0.0.1:9'),
    dataDir: join(dir, 'offline'),
    rendererDir: dir,
    manualSync: true,
    clock: new ManualClock(Date.now()),
  });
  const started = performance.now();
  for (let i = 0; i < ORDERS; i++) {
    let orderId: string | undefined;
    for (const itemId of ITEMS) {
      const added = await counter.dispatch('cashier', 'order.addLine', { orderId, itemId }, 'bench');
      if (!added.ok) throw new Error(added.error.message);
      orderId = (added.value as { id: string }).id;
    }
    const paid = await counter.dispatch('cashier', 'order.payCash', { orderId, tenderedMinor: 100_000 }, 'bench');
    if (!paid.ok) throw new Error(paid.error.message);
  }
  const sellSeconds = (performance.now() - started) / 1000;
  const events = counter.store.outboxStats().depth;
  // Receipts print while the cashier sells; let the backlog finish so it does not run during the drain.
  const db = new Database(counter.databasePath, { readonly: true });
  try {
    const pending = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM print_jobs WHERE state IN ('queued', 'sending')");
    while ((pending.get()?.n ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    db.close();
  }
  await counter.stop();
  return { sellSeconds, events };
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

async function drainTo(backend: string, events: number) {
  const cluster = backend === 'postgres' ? await startPostgresCluster() : undefined;
  const databaseUrl = cluster ? await cluster.createDatabase('catchup') : undefined;
  const server = await startCentralServer({
    syncToken: TOKEN,
    logger: pino({ level: 'silent' }),
    rateLimit: false,
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const counterDir = join(dir, `counter-${backend}`);
  cpSync(join(dir, 'offline'), counterDir, { recursive: true });
  try {
    const counter = await startStation({ config: config('station-counter', server.url), dataDir: counterDir, rendererDir: dir, manualSync: true, clock: new ManualClock(Date.now()) });
    const pushStarted = performance.now();
    const pushCpu = process.cpuUsage();
    const pushed = await counter.sync!.syncNow();
    const pushSeconds = (performance.now() - pushStarted) / 1000;
    const pushCpuMicros = cpuMicros(pushCpu);

    const fresh = await startStation({ config: config('station-fresh', server.url), dataDir: join(dir, `fresh-${backend}`), rendererDir: dir, manualSync: true });
    const pullStarted = performance.now();
    const pullCpu = process.cpuUsage();
    const pulled = await fresh.sync!.syncNow();
    const pullSeconds = (performance.now() - pullStarted) / 1000;
    const pullCpuMicros = cpuMicros(pullCpu);
    if (pushed.pushed !== events || pulled.pulled !== events) throw new Error(`${backend}: pushed ${pushed.pushed}, pulled ${pulled.pulled} of ${events}`);
    await counter.stop();
    await fresh.stop();
    return {
      server: backend === 'postgres' ? 'postgresql (throwaway cluster: fsync=off, synchronous_commit=off)' : 'pglite (in memory)',
      drainSeconds: Number(pushSeconds.toFixed(2)),
      drainEventsPerSec: Math.round(events / pushSeconds),
      pullSeconds: Number(pullSeconds.toFixed(2)),
      pullEventsPerSec: Math.round(events / pullSeconds),
      endToEndEventsPerSec: Math.round(events / (pushSeconds + pullSeconds)),
      /**
       * This process's CPU per event (both stations, and the server too when it is PGlite): steadier
       * than wall time on a shared machine, and the ceiling on events/s when nothing else runs.
       */
      drainCpuMicrosPerEvent: Math.round(pushCpuMicros / events),
      pullCpuMicrosPerEvent: Math.round(pullCpuMicros / events),
    };
  } finally {
    await server.close();
    await cluster?.stop();
  }
}

try {
  const { sellSeconds, events } = await sellOffline();
  const runs = [];
  for (const backend of SERVERS) {
    if (backend === 'postgres' && findPostgresBinaries() === undefined) {
      runs.push({ server: 'postgresql', skipped: 'PostgreSQL binaries not found (apt-get install postgresql, or set POS_PG_BIN)' });
      continue;
    }
    runs.push(await drainTo(backend, events));
  }
  console.log(JSON.stringify({ name: 'station-catchup', orders: ORDERS, events, offlineSellSeconds: Number(sellSeconds.toFixed(2)), runs }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
