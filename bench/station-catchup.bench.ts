/**
 * Offline catch-up: a station sells ORDERS orders with the server unreachable, then drains its
 * outbox to the central server while a second, fresh station pulls them as they arrive; end to end
 * runs from the start of the drain until the second station holds every event. The central server
 * and the second station each run in their own process, as deployed. The offline selling is done
 * once; a copy of that station's database then drains to each server backend: embedded PGlite
 * and a throwaway PostgreSQL cluster (Debian's binaries, see server/testing/postgres-cluster.ts;
 * skipped with a note when they are not installed). BENCH_CATCHUP_SERVERS=pglite,postgres picks.
 */
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ManualClock } from '../shared/clock.js';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation } from '../electron/core/station.js';
import { startCentralServer } from '../server/main.js';
import { spawnRoleChild, type RoleChild } from './support/role-child.js';
import { sellOffline as sellBacklog } from './support/sell-offline.js';
import { findPostgresBinaries, startPostgresCluster } from '../server/testing/postgres-cluster.js';
import { SIGN_IN_DISABLED } from '../electron/core/staff/staff-config.js';

/** Benchmarks measure the till without sign-in, turned off in the words a real config must use. */
const BENCH_STAFF = { signIn: SIGN_IN_DISABLED } as const;

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const SERVERS = (process.env.BENCH_CATCHUP_SERVERS ?? 'pglite,postgres').split(',').filter(Boolean);
/** BENCH_PUSH_WINDOW: push batches in flight (default: the engine's). */
const PUSH_WINDOW = process.env['BENCH_PUSH_WINDOW'] === undefined ? undefined : Number(process.env['BENCH_PUSH_WINDOW']);
const TOKEN = 'bench-catchup-token-0123456789';

/** The stations' scratch space (made by the parent; the children are given their part). */
const dir = process.env['BENCH_CATCHUP_ROLE'] !== undefined ? '' : mkdtempSync(join(tmpdir(), 'bench-catchup-'));
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

function sellOffline(): Promise<{ sellSeconds: number; events: number }> {
  return sellBacklog(config('station-counter', 'http://127.0.0.1:9'), dir, ORDERS);
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/**
 * BENCH_CATCHUP_PROFILE=dir writes V8 CPU profiles of the three processes during the catch-up
 * (`<dir>/{counter,puller,server}-<backend>.cpuprofile`; open them in Chrome DevTools or speedscope).
 */
async function startProfiler(): Promise<{ stop(name: string): Promise<void> } | undefined> {
  const out = process.env['BENCH_CATCHUP_PROFILE'];
  if (!out) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(join(out, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * The server and the second station each run in their own process, as deployed (three machines):
 * no one's event loop waits behind another's work, and the two cores are shared by the OS.
 */
function spawnRole(role: 'server' | 'puller', env: Record<string, string>): RoleChild {
  return spawnRoleChild(fileURLToPath(import.meta.url), 'BENCH_CATCHUP_ROLE', role, env);
}

/** Epoch milliseconds with sub-millisecond resolution, comparable between processes. */
const nowMs = () => performance.timeOrigin + performance.now();

async function runServerChild(): Promise<void> {
  const databaseUrl = process.env['BENCH_CATCHUP_DATABASE_URL'];
  const server = await startCentralServer({
    syncToken: TOKEN,
    logger: pino({ level: 'silent' }),
    rateLimit: false,
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const started = process.cpuUsage();
  // The first CPU reading marks the start of the drain, the second its end: the profiled span.
  let profiler: Promise<Awaited<ReturnType<typeof startProfiler>>> | undefined;
  process.on('message', (message) => {
    if (message === 'cpu') {
      if (profiler === undefined) profiler = startProfiler();
      else void profiler.then((running) => running?.stop(`server-${process.env['BENCH_CATCHUP_BACKEND']}`));
      process.send!({ cpuMicros: cpuMicros(started) });
    }
    if (message === 'stop') void server.close().then(() => process.disconnect());
  });
  process.send!({ url: server.url });
}

/**
 * The second station, synced as deployed: the server's live pokes start its pull rounds (the slow
 * poll is only a backup). It reports the moment its pull cursor reached the head the parent names
 * once the drain is over, and how many events it then holds.
 */
async function runPullerChild(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (value === undefined) throw new Error(`${name} is not set`);
    return value;
  };
  const dataDir = env('BENCH_CATCHUP_DATA_DIR');
  const fresh = await startStation({
    staff: BENCH_STAFF,
    config: config('station-fresh', env('BENCH_CATCHUP_SERVER_URL')),
    dataDir,
    rendererDir: dataDir,
  });
  const sync = fresh.sync!;
  /** When the cursor last moved: once it is at the head, the moment the station caught up. */
  let cursor = sync.pullCursor();
  let cursorMovedAtMs = nowMs();
  sync.onStatus((status) => {
    if (status.pullCursor === cursor) return;
    cursor = status.pullCursor;
    cursorMovedAtMs = nowMs();
  });
  let profiler: Awaited<ReturnType<typeof startProfiler>>;
  let cpu = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'stop') void fresh.stop().then(() => process.disconnect());
    if (message === 'go') {
      void startProfiler().then((started) => (profiler = started));
      cpu = process.cpuUsage();
    }
    const head = (message as { head?: number }).head;
    if (head === undefined) return;
    void (async () => {
      while (cursor < head) await new Promise((resolve) => setTimeout(resolve, 5));
      const used = cpuMicros(cpu);
      await profiler?.stop(`puller-${process.env['BENCH_CATCHUP_BACKEND']}`);
      const db = new Database(fresh.databasePath, { readonly: true });
      const pulled = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n ?? 0;
      db.close();
      process.send!({ pulled, doneAtMs: cursorMovedAtMs, cpuMicros: used });
    })();
  });
  process.send!({ ready: true });
}

async function drainTo(backend: string, events: number) {
  const cluster = backend === 'postgres' ? await startPostgresCluster() : undefined;
  const databaseUrl = cluster ? await cluster.createDatabase('catchup') : undefined;
  const server = spawnRole('server', {
    BENCH_CATCHUP_BACKEND: backend,
    ...(databaseUrl ? { BENCH_CATCHUP_DATABASE_URL: databaseUrl } : {}),
  });
  let puller: RoleChild | undefined;
  const counterDir = join(dir, `counter-${backend}`);
  cpSync(join(dir, 'offline'), counterDir, { recursive: true });
  try {
    const { url } = await server.next<{ url: string }>();
    const freshDir = join(dir, `fresh-${backend}`);
    mkdirSync(freshDir);
    puller = spawnRole('puller', { BENCH_CATCHUP_BACKEND: backend, BENCH_CATCHUP_SERVER_URL: url, BENCH_CATCHUP_DATA_DIR: freshDir });
    await puller.next<{ ready: true }>();
    const counter = await startStation({
      staff: BENCH_STAFF,
      config: config('station-counter', url),
      dataDir: counterDir,
      rendererDir: dir,
      manualSync: true,
      clock: new ManualClock(Date.now()),
      ...(PUSH_WINDOW === undefined ? {} : { syncTuning: { pushWindow: PUSH_WINDOW } }),
    });
    const serverCpu = async () => {
      server.send('cpu');
      return (await server.next<{ cpuMicros: number }>()).cpuMicros;
    };
    const profiler = await startProfiler();
    const serverCpuBefore = await serverCpu();
    const startedMs = nowMs();
    const counterCpu = process.cpuUsage();
    puller.send('go');
    // Drained when the outbox is empty; the counter's round then also pulls its own events back.
    // A cheap look (is anything left?) on a read-only connection, not the station's full outbox stats.
    let drainedAtMs: number | undefined;
    const outbox = new Database(counter.databasePath, { readonly: true });
    const anyLeft = outbox.prepare<[], { left: number }>('SELECT EXISTS (SELECT 1 FROM outbox) AS left');
    const watch = setInterval(() => {
      if (drainedAtMs === undefined && anyLeft.get()?.left === 0) drainedAtMs = nowMs();
    }, 10);
    const pushed = await counter.sync!.syncNow();
    clearInterval(watch);
    outbox.close();
    const roundSeconds = (nowMs() - startedMs) / 1000;
    const drainSeconds = ((drainedAtMs ?? nowMs()) - startedMs) / 1000;
    const counterCpuMicros = cpuMicros(counterCpu);
    await profiler?.stop(`counter-${backend}`);
    // The counter's last pull page told the head, which holds every drained event.
    const head = counter.sync!.getStatus().serverHead;
    if (head === null) throw new Error('the counter never learned the server head');
    puller.send({ head });
    const pulled = await puller.next<{ pulled: number; doneAtMs: number; cpuMicros: number }>();
    const endToEndSeconds = (Math.max(pulled.doneAtMs, startedMs + drainSeconds * 1000) - startedMs) / 1000;
    const serverCpuMicros = (await serverCpu()) - serverCpuBefore;
    if (pushed.pushed !== events || pulled.pulled !== events)
      throw new Error(`${backend}: pushed ${pushed.pushed}, pulled ${pulled.pulled} of ${events}`);
    await counter.stop();
    return {
      server: backend === 'postgres' ? 'postgresql (throwaway cluster: fsync=off, synchronous_commit=off)' : 'pglite (in memory)',
      /** From the start of the drain until the counter's outbox is empty. */
      drainSeconds: Number(drainSeconds.toFixed(2)),
      drainEventsPerSec: Math.round(events / drainSeconds),
      /** The counter's whole sync round: the drain, then pulling the store's log (its own events included). */
      counterRoundSeconds: Number(roundSeconds.toFixed(2)),
      /** From the start of the drain until the second station, pulling meanwhile, holds every event. */
      endToEndSeconds: Number(endToEndSeconds.toFixed(2)),
      endToEndEventsPerSec: Math.round(events / endToEndSeconds),
      /**
       * CPU per event of each process: draining station, pulling station, server (with PGlite the
       * database too; PostgreSQL's own processes are not counted). Steadier than wall time on a
       * shared machine.
       */
      drainingStationCpuMicrosPerEvent: Math.round(counterCpuMicros / events),
      pullingStationCpuMicrosPerEvent: Math.round(pulled.cpuMicros / events),
      serverCpuMicrosPerEvent: Math.round(serverCpuMicros / events),
    };
  } finally {
    await puller?.stop();
    await server.stop();
    await cluster?.stop();
  }
}

/**
 * BENCH_CATCHUP_OFFLINE_CACHE=dir keeps the offline station's database there and reuses it on the
 * next run with the same BENCH_ORDERS (selling 10,000 orders takes most of a minute): for iterating
 * on the drain, not for reported numbers.
 */
async function offlineStation(): Promise<{ sellSeconds: number | null; events: number }> {
  const cache = process.env['BENCH_CATCHUP_OFFLINE_CACHE'];
  const cached = cache === undefined ? undefined : join(cache, `orders-${ORDERS}`);
  if (cached !== undefined && existsSync(join(cached, 'events.json'))) {
    cpSync(cached, join(dir, 'offline'), { recursive: true });
    return { sellSeconds: null, events: (JSON.parse(readFileSync(join(cached, 'events.json'), 'utf8')) as { events: number }).events };
  }
  const sold = await sellOffline();
  if (cached !== undefined) {
    cpSync(join(dir, 'offline'), cached, { recursive: true });
    writeFileSync(join(cached, 'events.json'), JSON.stringify({ events: sold.events }));
  }
  return sold;
}

async function main(): Promise<void> {
  try {
    const { sellSeconds, events } = await offlineStation();
    const runs = [];
    for (const backend of SERVERS) {
      if (backend === 'postgres' && findPostgresBinaries() === undefined) {
        runs.push({ server: 'postgresql', skipped: 'PostgreSQL binaries not found (apt-get install postgresql, or set POS_PG_BIN)' });
        continue;
      }
      runs.push(await drainTo(backend, events));
    }
    console.log(
      JSON.stringify({
        name: 'station-catchup',
        orders: ORDERS,
        events,
        offlineSellSeconds: sellSeconds === null ? 'cached' : Number(sellSeconds.toFixed(2)),
        runs,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.env['BENCH_CATCHUP_ROLE'];
if (role === 'server') await runServerChild();
else if (role === 'puller') await runPullerChild();
else await main();
