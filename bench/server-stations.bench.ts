/**
 * 200 simulated stations on loopback against one central server process: 40 stores of 5 stations,
 * each station pushing 1 event/s and pulling whenever the live WebSocket pokes it (a poke during a
 * pull schedules one more pull). Runs the full two minutes per backend by default;
 * BENCH_SECONDS shortens it (smoke runs). One JSON line per backend:
 * push latency p50/p99, propagation (push sent → every other station of the store has pulled it)
 * p50/p99, poke-to-pull (poke received → pull answered) p50/p99, errors. Latency on loopback is
 * only as good as the machine is idle, so each line also carries the CPU the server process and
 * this simulator burned during the run (percent of one core) and the load average around it.
 *   npx tsx bench/server-stations.bench.ts          (BENCH_BACKENDS=pglite,postgres BENCH_STATIONS=200 BENCH_SECONDS=120)
 */
import { wsText } from '../server/testing/ws-text.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { DomainEvent } from '../shared/events.js';
import { IssuedCredential } from '../shared/sync/admin.js';
import { LiveMessage, PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { http } from '../server/testing/http.js';
import { makeEvents } from '../server/testing/make-events.js';
import { startPostgresCluster, type PostgresCluster } from '../server/testing/postgres-cluster.js';

const STATIONS = Number(process.env['BENCH_STATIONS'] ?? 200);
const PER_STORE = 5;
const DURATION_MS = Number(process.env['BENCH_SECONDS'] ?? 120) * 1000;
const ADMIN = 'bench-admin-token-0123456789';
const repo = resolve(import.meta.dirname, '..');

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const round = (value: number): number => Math.round(value * 10) / 10;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * The server in its own process, as deployed: the simulated stations must not share its event loop.
 * It logs at warn (request logs would cost it more than the load), so readiness is polled.
 */
async function startServer(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: repo,
    env: { ...process.env, POS_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn', POS_DB_POOL: '20' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, url };
    await new Promise((done) => setTimeout(done, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready within 30 s');
}

/** The server's own CPU seconds, from its Prometheus process metrics. */
async function serverCpuSeconds(url: string): Promise<number> {
  const reply = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const match = /^process_cpu_seconds_total (\S+)$/m.exec(await reply.text());
  if (!reply.ok || !match) throw new Error(`cannot read process_cpu_seconds_total from /metrics (${reply.status})`);
  return Number(match[1]);
}

interface Sim {
  store: string;
  id: string;
  token: string;
  events: DomainEvent[];
  next: number;
  cursor: number;
  pulling: boolean;
  /** When the oldest poke that arrived during a pull came: the next pull answers it. */
  pokedDuringPull: number | undefined;
  ws?: WebSocket;
}

async function run(backend: 'pglite' | 'postgres', cluster: PostgresCluster | undefined): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-bench-'));
  const args = cluster ? ['--database-url', await cluster.createDatabase('stations')] : ['--data-dir', dataDir];
  const { child, url } = await startServer(args);
  const pushMs: number[] = [];
  const propagationMs: number[] = [];
  const pokeToPullMs: number[] = [];
  const errors: string[] = [];
  /** event id → [sent at, stations still to see it] */
  const inFlight = new Map<string, { sentAt: number; waiting: number }>();
  const sims: Sim[] = [];
  let deadline = Number.POSITIVE_INFINITY;
  // Whatever happens to this process, the server process goes with it.
  const killServer = () => child.kill('SIGKILL');
  process.once('exit', killServer);
  try {
    const admin = (path: string, json: unknown) => http(`${url}/v1/admin${path}`, { token: ADMIN, json });
    const stores = Math.ceil(STATIONS / PER_STORE);
    for (let s = 0; s < stores; s++) {
      const store = `store-${s}`;
      await admin('/stores', { id: store, name: store });
      for (let i = 0; i < PER_STORE && sims.length < STATIONS; i++) {
        const id = `station-${i}`;
        const token = IssuedCredential.parse((await admin(`/stores/${store}/stations`, { stationId: id })).body).token;
        sims.push({
          store,
          id,
          token,
          events: makeEvents(id, Math.ceil(DURATION_MS / 1000) + 5),
          next: 0,
          cursor: 0,
          pulling: false,
          pokedDuringPull: undefined,
        });
      }
    }

    // Poke-to-pull is measured from a poke to the end of the first pull that started after it.
    const pull = async (sim: Sim, pokedAt: number): Promise<void> => {
      if (sim.pulling) {
        sim.pokedDuringPull ??= pokedAt;
        return;
      }
      sim.pulling = true;
      try {
        do {
          if (sim.pokedDuringPull !== undefined) {
            pokedAt = sim.pokedDuringPull;
            sim.pokedDuringPull = undefined;
          }
          const reply = await http(`${url}/v1/stores/${sim.store}/sync/pull?cursor=${sim.cursor}&limit=1000`, { token: sim.token });
          if (reply.status !== 200) {
            errors.push(`pull ${reply.status}`);
            return;
          }
          const page = PullResponse.parse(reply.body);
          const now = performance.now();
          pokeToPullMs.push(now - pokedAt);
          sim.cursor = page.nextCursor;
          for (const { event } of page.events) {
            if (event.origin === sim.id) continue;
            const entry = inFlight.get(event.id);
            if (!entry) continue;
            entry.waiting -= 1;
            if (entry.waiting === 0) {
              propagationMs.push(now - entry.sentAt);
              inFlight.delete(event.id);
            }
          }
        } while (sim.pokedDuringPull !== undefined);
      } catch (error) {
        errors.push(`pull: ${(error as Error).message}`);
      } finally {
        sim.pulling = false;
      }
    };

    await Promise.all(
      sims.map(
        (sim) =>
          new Promise<void>((ready, fail) => {
            const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/stores/${sim.store}/live`, {
              headers: { authorization: `Bearer ${sim.token}` },
            });
            sim.ws = ws;
            ws.on('message', (data) => {
              const message = LiveMessage.parse(JSON.parse(wsText(data)));
              if (message.type === 'ready') {
                sim.cursor = message.cursor;
                ready();
              } else if (message.cursor > sim.cursor) void pull(sim, performance.now());
            });
            ws.once('error', fail);
            ws.on('close', () => {
              if (performance.now() < deadline) errors.push(`live connection of ${sim.store}/${sim.id} closed`);
            });
          }),
      ),
    );

    process.stderr.write(`${backend}: ${sims.length} stations connected\n`);
    const loadBefore = loadavg()[0]!;
    const serverCpuBefore = await serverCpuSeconds(url);
    const clientCpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    deadline = startedAt + DURATION_MS;
    // Each station pushes once a second, phase-shifted so the load is spread over the second.
    await Promise.all(
      sims.map(async (sim, index) => {
        await new Promise((done) => setTimeout(done, (index / sims.length) * 1000));
        while (performance.now() < deadline && sim.next < sim.events.length) {
          const tick = performance.now();
          const event = sim.events[sim.next]!;
          inFlight.set(event.id, { sentAt: tick, waiting: Math.min(PER_STORE, sims.filter((s) => s.store === sim.store).length) - 1 });
          try {
            const reply = await http(`${url}/v1/stores/${sim.store}/sync/push`, {
              token: sim.token,
              json: { origin: sim.id, events: [event] },
            });
            pushMs.push(performance.now() - tick);
            const result = reply.status === 200 ? PushResponse.parse(reply.body).results[0] : undefined;
            if (result?.status !== 'accepted') errors.push(`push ${reply.status} ${JSON.stringify(result ?? reply.body).slice(0, 120)}`);
            else sim.next += 1;
          } catch (error) {
            errors.push(`push: ${(error as Error).message}`);
          }
          await new Promise((done) => setTimeout(done, Math.max(0, 1000 - (performance.now() - tick))));
        }
      }),
    );
    // Let the last pokes drain, then count what never arrived.
    await new Promise((done) => setTimeout(done, 2_000));
    const elapsedS = (performance.now() - startedAt) / 1000;
    const serverCpuPercent = (((await serverCpuSeconds(url)) - serverCpuBefore) / elapsedS) * 100;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const clientCpuPercent = ((clientCpu.user + clientCpu.system) / 1e6 / elapsedS) * 100;
    const lost = [...inFlight.values()].filter((e) => e.sentAt < deadline - 2_000).length;
    if (lost > 0) errors.push(`${lost} events not seen by every peer within 2 s`);
    return {
      name: 'server-stations',
      backend,
      stations: sims.length,
      stores: Math.ceil(sims.length / PER_STORE),
      durationS: DURATION_MS / 1000,
      pushes: pushMs.length,
      pushP50Ms: round(percentile(pushMs, 50)),
      pushP99Ms: round(percentile(pushMs, 99)),
      propagationP50Ms: round(percentile(propagationMs, 50)),
      propagationP99Ms: round(percentile(propagationMs, 99)),
      pokeToPullP50Ms: round(percentile(pokeToPullMs, 50)),
      pokeToPullP99Ms: round(percentile(pokeToPullMs, 99)),
      errors: errors.length,
      serverCpuPercent: Math.round(serverCpuPercent),
      simulatorCpuPercent: Math.round(clientCpuPercent),
      loadAverage1m: [round(loadBefore), round(loadavg()[0]!)],
      ...(errors.length > 0 ? { firstErrors: [...new Set(errors)].slice(0, 3) } : {}),
    };
  } finally {
    deadline = 0;
    for (const sim of sims) sim.ws?.terminate();
    process.off('exit', killServer);
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(undefined)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const BACKENDS = (process.env['BENCH_BACKENDS'] ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];

async function main(): Promise<void> {
  const backends = BACKENDS;
  const cluster = backends.includes('postgres') ? await startPostgresCluster() : undefined;
  try {
    for (const backend of backends)
      process.stdout.write(`${JSON.stringify(await run(backend, backend === 'postgres' ? cluster : undefined))}\n`);
  } finally {
    await cluster?.stop();
  }
}

// A hung run must fail, not stall: each backend gets its run plus two minutes for setup and drain.
const deadline = setTimeout(
  () => {
    process.stderr.write('server-stations bench exceeded its time limit\n');
    process.exit(1);
  },
  BACKENDS.length * (DURATION_MS + 120_000),
);
deadline.unref();

main().catch((error: unknown) => {
  process.stderr.write(`server-stations bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
