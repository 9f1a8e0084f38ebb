/**
 * Peer catch-up (issue #13): a station rejoins the store after its peers took ORDERS orders (about
 * ten events each) and catches up from one peer over the store mesh on loopback; beside it, in the
 * same run, a fresh station pulls the same backlog from the central server (embedded PGlite). Each
 * side runs in its own process (the serving peer, the rejoining station, the server, the pulling
 * station), so the CPU each reports (process.cpuUsage) is its own. Target: the peer path's rate at
 * least the server path's.
 *
 * The backlog is sold once by an offline station, as in station-catchup.bench.ts
 * (BENCH_CATCHUP_OFFLINE_CACHE is honoured the same way, for iterating only). The mesh peer serves a
 * copy of that database; the server is filled by draining another copy into it (not measured here:
 * station-catchup.bench.ts measures the drain), then a fresh station pulls it all in one sync round.
 * Both serving sides stay up for BENCH_ROUNDS rounds (default 3), the paths alternating, each round
 * with a fresh receiving station; the median round is reported (the two cores are shared).
 */
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ManualClock } from '../shared/clock.js';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation, type Station } from '../electron/core/station.js';
import { startCentralServer } from '../server/main.js';
import { spawnRoleChild, type RoleChild } from './support/role-child.js';
import { sellOffline as sellBacklog } from './support/sell-offline.js';
import { SIGN_IN_DISABLED } from '../electron/core/staff/staff-config.js';

/** Benchmarks measure the till without sign-in, turned off in the words a real config must use. */
const BENCH_STAFF = { signIn: SIGN_IN_DISABLED } as const;

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
/** BENCH_ROUNDS: catch-ups per path (alternating), the median reported: the machine is shared. */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const TOKEN = 'bench-catchup-token-0123456789';
const ORIGIN = 'station-counter';
const ROLE_ENV = 'BENCH_MESH_CATCHUP_ROLE';

const repo = resolve(import.meta.dirname, '..');
/** Scratch space (made by the parent; each child is given its part). */
const dir = process.env[ROLE_ENV] !== undefined ? '' : mkdtempSync(join(tmpdir(), 'bench-mesh-catchup-'));
/** No kitchen routing and no display: a backlog of tickets printing is not what this measures. */
const NO_DEVICES = {
  printers: [{ id: 'receipt', name: 'Receipt printer', transport: { kind: 'virtual' }, profile: 'epson-tm-t88' }],
  routing: { receipt: { printer: 'receipt' } },
  scanners: [],
  displays: [],
};
/** Offline: the configured server URL answers nothing (the port is closed). */
const OFFLINE_URL = 'http://127.0.0.1:9';
const config = (stationId: string, extra: Record<string, unknown>) =>
  parseStationConfig({ stationId, http: { host: '127.0.0.1', port: 0 }, devices: NO_DEVICES, ...extra }, 'bench');

const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const cpuMicros = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};
const countEvents = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n ?? 0;
  } finally {
    db.close();
  }
};

function sellOffline(): Promise<{ sellSeconds: number; events: number }> {
  return sellBacklog(config(ORIGIN, { server: { url: OFFLINE_URL, token: TOKEN } }), dir, ORDERS);
}

/** Same cache layout as station-catchup.bench.ts, so one sold backlog serves both while iterating. */
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

type Role = 'server' | 'puller' | 'peer' | 'rejoiner';

function spawnRole(role: Role, roleEnv: Record<string, string>): RoleChild {
  return spawnRoleChild(fileURLToPath(import.meta.url), ROLE_ENV, role, roleEnv);
}

/** The serving side's CPU since it was up, read before and after a catch-up. */
async function servingCpu(child: RoleChild): Promise<number> {
  child.send('cpu');
  return (await child.next<{ cpuMicros: number }>()).cpuMicros;
}

/** Answers 'cpu' with its CPU since `started`; closes on 'stop'. */
function serveCpu(started: NodeJS.CpuUsage, close: () => Promise<void>): void {
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpuMicros: cpuMicros(started) });
    if (message === 'stop') void close().then(() => process.disconnect());
  });
}

/** Serving side of the server path: the central server with embedded PGlite. */
async function runServerChild(): Promise<void> {
  const server = await startCentralServer({ syncToken: TOKEN, logger: pino({ level: 'silent' }), rateLimit: false });
  serveCpu(process.cpuUsage(), () => server.close());
  process.send!({ url: server.url });
}

/** Until the station holds its store-signed certificate (one request to the server). */
async function paired(station: Station): Promise<void> {
  while (!station.mesh.paired) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Serving side of the mesh path: the station that took the orders, with the mesh on and no peer
 * listed. It pairs through the central server (the server path's own) and never syncs with it.
 */
async function runPeerChild(): Promise<void> {
  const station = await startStation({
    staff: BENCH_STAFF,
    config: config(ORIGIN, { server: { url: env('BENCH_MESH_CATCHUP_URL'), token: TOKEN }, mesh: { port: 0 }, discovery: { mdns: false } }),
    dataDir: env('BENCH_MESH_CATCHUP_DATA_DIR'),
    rendererDir: repo,
    manualSync: true,
  });
  await paired(station);
  serveCpu(process.cpuUsage(), () => station.stop());
  process.send!({ url: station.peerUrl });
}

interface CaughtUp {
  held: number;
  seconds: number;
  cpuMicros: number;
  /** Rejoiner only: how long its own start took (not counted in `seconds`). */
  startSeconds?: number;
}

/** Receiving side of the server path: a fresh station; on 'go', one sync round pulls the whole log. */
async function runPullerChild(): Promise<void> {
  const dataDir = env('BENCH_MESH_CATCHUP_DATA_DIR');
  const fresh = await startStation({
    staff: BENCH_STAFF,
    config: config('station-fresh', { server: { url: env('BENCH_MESH_CATCHUP_URL'), token: TOKEN } }),
    dataDir,
    rendererDir: dataDir,
    manualSync: true,
  });
  process.on('message', (message) => {
    if (message === 'stop') void fresh.stop().then(() => process.disconnect());
    if (message !== 'go') return;
    void (async () => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await fresh.sync!.syncNow();
      const seconds = (performance.now() - started) / 1000;
      const used = cpuMicros(cpu);
      process.send!({ held: countEvents(fresh.databasePath), seconds, cpuMicros: used } satisfies CaughtUp);
    })();
  });
  process.send!({ ready: true });
}

/**
 * Receiving side of the mesh path: on 'go' it starts with the peer listed (as a station rejoining
 * the store does) and reports when its version vector holds the origin through `seq`. Timed from
 * the end of its own start: the dial, the handshake, the vectors and every page.
 */
async function runRejoinerChild(): Promise<void> {
  const dataDir = env('BENCH_MESH_CATCHUP_DATA_DIR');
  let stop = () => Promise.resolve();
  process.on('message', (message) => {
    if (message === 'stop') void stop().then(() => process.disconnect());
    const go = message as { url?: string; seq?: number };
    if (go.url === undefined || go.seq === undefined) return;
    const { url, seq } = go;
    void (async () => {
      const startedStart = performance.now();
      // Paired through the server while it is up (counted in its start), then it takes every event from the peer only.
      const fresh = await startStation({
        staff: BENCH_STAFF,
        config: config('station-rejoining', {
          server: { url: env('BENCH_MESH_CATCHUP_URL'), token: TOKEN },
          mesh: { port: 0 },
          peers: [{ url }],
          discovery: { mdns: false },
        }),
        dataDir,
        rendererDir: dataDir,
        manualSync: true,
      });
      stop = () => fresh.stop();
      await paired(fresh);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const startSeconds = (started - startedStart) / 1000;
      while ((fresh.mesh.status().vector[ORIGIN] ?? 0) < seq) await new Promise((resolve) => setTimeout(resolve, 5));
      const seconds = (performance.now() - started) / 1000;
      const used = cpuMicros(cpu);
      process.send!({ held: countEvents(fresh.databasePath), seconds, cpuMicros: used, startSeconds } satisfies CaughtUp);
    })();
  });
  process.send!({ ready: true });
}

const perEvent = (micros: number, events: number) => Math.round(micros / events);

/** One catch-up: seconds, and CPU per event of the serving and the receiving process. */
interface Round {
  seconds: number;
  servingMicros: number;
  receivingMicros: number;
  startSeconds: number;
}

/** A fresh receiving station (its own process) catches up from `serving`; `go` starts it. */
async function catchUp(serving: RoleChild, receiving: RoleChild, go: unknown, events: number, what: string): Promise<Round> {
  try {
    await receiving.next<{ ready: true }>();
    const before = await servingCpu(serving);
    receiving.send(go);
    const caught = await receiving.next<CaughtUp>();
    const servingMicros = (await servingCpu(serving)) - before;
    if (caught.held !== events) throw new Error(`${what}: the receiving station holds ${caught.held} of ${events}`);
    return { seconds: caught.seconds, servingMicros, receivingMicros: caught.cpuMicros, startSeconds: caught.startSeconds ?? 0 };
  } finally {
    await receiving.stop();
  }
}

/** The median round by wall time, with every round's rate beside it. */
function summarise(rounds: Round[], events: number) {
  const sorted = [...rounds].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    seconds: Number(median.seconds.toFixed(2)),
    eventsPerSec: Math.round(events / median.seconds),
    servingCpuMicrosPerEvent: perEvent(median.servingMicros, events),
    receivingStationCpuMicrosPerEvent: perEvent(median.receivingMicros, events),
    eachRoundEventsPerSec: rounds.map((r) => Math.round(events / r.seconds)),
  };
}

/**
 * The serving side of each path stays up for every round: the peer that took the orders, and the
 * central server, filled from a copy of the backlog (the counter's drain, not measured as catch-up:
 * see station-catchup). Each round a fresh station catches up on each path, the paths alternating.
 */
async function catchUps(events: number, seq: number) {
  const servingDir = join(dir, 'mesh-peer');
  cpSync(join(dir, 'offline'), servingDir, { recursive: true });
  const server = spawnRole('server', {});
  const { url: serverUrl } = await server.next<{ url: string }>();
  const peer = spawnRole('peer', { BENCH_MESH_CATCHUP_DATA_DIR: servingDir, BENCH_MESH_CATCHUP_URL: serverUrl });
  try {
    const { url: peerUrl } = await peer.next<{ url: string }>();
    const counterDir = join(dir, 'server-counter');
    cpSync(join(dir, 'offline'), counterDir, { recursive: true });
    const counter = await startStation({
      staff: BENCH_STAFF,
      config: config(ORIGIN, { server: { url: serverUrl, token: TOKEN } }),
      dataDir: counterDir,
      rendererDir: dir,
      manualSync: true,
      clock: new ManualClock(Date.now()),
    });
    const fillStarted = performance.now();
    const pushed = await counter.sync!.syncNow();
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    await counter.stop();
    if (pushed.pushed !== events) throw new Error(`server: pushed ${pushed.pushed} of ${events}`);

    const meshRounds: Round[] = [];
    const serverRounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const meshDir = join(dir, `mesh-rejoining-${round}`);
      const pullDir = join(dir, `server-fresh-${round}`);
      mkdirSync(meshDir);
      mkdirSync(pullDir);
      const mesh = () =>
        catchUp(
          peer,
          spawnRole('rejoiner', { BENCH_MESH_CATCHUP_DATA_DIR: meshDir, BENCH_MESH_CATCHUP_URL: serverUrl }),
          { url: peerUrl, seq },
          events,
          'mesh',
        );
      const pull = () =>
        catchUp(
          server,
          spawnRole('puller', { BENCH_MESH_CATCHUP_DATA_DIR: pullDir, BENCH_MESH_CATCHUP_URL: serverUrl }),
          'go',
          events,
          'server',
        );
      if (round % 2 === 0) {
        meshRounds.push(await mesh());
        serverRounds.push(await pull());
      } else {
        serverRounds.push(await pull());
        meshRounds.push(await mesh());
      }
    }
    const meshSummary = summarise(meshRounds, events);
    const serverSummary = summarise(serverRounds, events);
    return {
      peer: {
        path: 'peer over the store mesh (loopback TLS WebSocket, pages of 200)',
        ...meshSummary,
        /** Not in `seconds`: the rejoining station's own start (fresh database, pairing) before it dials. */
        receivingStationStartSeconds: Number(Math.max(...meshRounds.map((r) => r.startSeconds)).toFixed(2)),
      },
      server: {
        path: 'central server pull (embedded PGlite, one sync round, pages pipelined)',
        ...serverSummary,
        fillSeconds: Number(fillSeconds.toFixed(2)),
      },
      ratio: Number((meshSummary.eventsPerSec / serverSummary.eventsPerSec).toFixed(2)),
    };
  } finally {
    await server.stop();
    await peer.stop();
  }
}

async function main(): Promise<void> {
  try {
    const { sellSeconds, events } = await offlineStation();
    const db = new Database(join(dir, 'offline', 'station.sqlite'), { readonly: true });
    let seq: number;
    try {
      seq = db.prepare<[string], { s: number | null }>('SELECT max(seq) AS s FROM events WHERE origin = ?').get(ORIGIN)?.s ?? 0;
    } finally {
      db.close();
    }
    const { peer, server, ratio } = await catchUps(events, seq);
    console.log(
      JSON.stringify({
        name: 'mesh-catchup',
        orders: ORDERS,
        events,
        offlineSellSeconds: sellSeconds === null ? 'cached' : Number(sellSeconds.toFixed(2)),
        /** Each figure is the median round's (by wall time); CPU per event is the serving and the receiving process's. */
        rounds: ROUNDS,
        peer,
        server,
        ratio,
        target: '>= 1',
        durability: {
          stations:
            'production settings: SQLite WAL, synchronous=FULL for local writes, NORMAL for pulled and peer pages (recoverable commits), on the disk under ' +
            tmpdir(),
          server:
            'WARNING: PGLITE RUNS IN MEMORY WITH NO FSYNC CONTROL: NOT PRODUCTION DURABILITY; the server path is flattered (PostgreSQL: see station-catchup)',
        },
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.env[ROLE_ENV];
if (role === 'server') await runServerChild();
else if (role === 'peer') await runPeerChild();
else if (role === 'puller') await runPullerChild();
else if (role === 'rejoiner') await runRejoinerChild();
else await main();
