/**
 * Push throughput of the central server, over real HTTP on loopback, in batches of 500, on embedded
 * PGlite and on PostgreSQL (a throwaway cluster from the distribution's binaries), against the same
 * rows written with a raw multi-row INSERT through the same driver in the same run. Prints one JSON
 * line per backend. Both sides write into the same database, batch by batch in turn; the PostgreSQL
 * cluster runs with fsync off, so the ratio compares the server's work (HTTP, auth, schema checks,
 * per-origin gate, results) with bare INSERTs. The order projection (fold + webhook queue) runs after
 * each push in production; here it is timed separately (`projectionEventsPerSec`).
 *   npx tsx bench/server-push.bench.ts            (BENCH_BACKENDS=pglite,postgres BENCH_EVENTS=20000)
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { openPgliteDatabase } from '../server/db/pglite.js';
import { openPostgresDatabase } from '../server/db/postgres.js';
import type { Database } from '../server/db/database.js';
import type { DomainEvent } from '../shared/events.js';
import { startCentralServer } from '../server/main.js';
import { http } from '../server/testing/http.js';
import { makeEvents } from '../server/testing/make-events.js';
import { startPostgresCluster, type PostgresCluster } from '../server/testing/postgres-cluster.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const BATCH = 500;
const TIME_LIMIT_MS = 240_000;
const TOKEN = 'bench-station-token-0123456789';
const ORIGIN = 'bench-station';
const STORE = 'bench';

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const round = (value: number): number => Math.round(value * 10) / 10;

/** The same rows the server writes, as one bare multi-row INSERT into a copy of the events table. */
async function rawInsert(db: Database, events: readonly DomainEvent[], receivedAt: string): Promise<void> {
  const params: (string | number)[] = [STORE, events[0]!.origin, receivedAt];
  const tuples = events.map((event) => {
    const at = params.length;
    params.push(event.id, event.seq, event.orderId, event.hlc, event.type, event.v, JSON.stringify(event));
    const p = (o: number) => `$${at + o}`;
    return `($1, ${p(1)}::uuid, $2, ${p(2)}, ${p(3)}::uuid, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::text::jsonb, $3::timestamptz)`;
  });
  await db.query(
    `INSERT INTO events_raw (store_id, event_id, origin, seq, order_id, hlc, type, v, body, received_at) VALUES ${tuples.join(', ')}`,
    params,
  );
}

async function run(backend: 'pglite' | 'postgres', cluster: PostgresCluster | undefined): Promise<Record<string, unknown>> {
  const databaseUrl = cluster ? await cluster.createDatabase('bench') : undefined;
  // One database for both sides: the server's own PGlite, or a second pool on the same PostgreSQL database.
  const serverDb = databaseUrl ? undefined : await openPgliteDatabase();
  const server = await startCentralServer({
    ...(databaseUrl ? { databaseUrl } : { database: serverDb! }),
    bootstrap: { storeId: STORE, stations: [{ stationId: ORIGIN, token: TOKEN }] },
    logger: pino({ level: 'silent' }),
    rateLimit: false,
    // Projection is asynchronous, not part of a push; it is measured on its own below.
    workers: false,
  });
  const rawDb = serverDb ?? (await openPostgresDatabase({ connectionString: databaseUrl! }));
  let pushMs = 0;
  let rawMs = 0;
  let pullMs = 0;
  let projectMs = 0;
  const batchMs: number[] = [];
  try {
    await rawDb.query('CREATE TABLE events_raw (LIKE events INCLUDING ALL)');
    const events = makeEvents(ORIGIN, EVENTS);
    const rawEvents = makeEvents(`${ORIGIN}-raw`, EVENTS);
    // Interleaved batch by batch, so both sides see the same machine load.
    for (let from = 0; from < EVENTS; from += BATCH) {
      const body = JSON.stringify({ origin: ORIGIN, events: events.slice(from, from + BATCH) });
      const started = performance.now();
      const reply = await http(`${server.url}/v1/stores/${STORE}/sync/push`, { token: TOKEN, rawBody: body });
      const elapsed = performance.now() - started;
      batchMs.push(elapsed);
      pushMs += elapsed;
      if (reply.status !== 200) throw new Error(`push failed with ${reply.status}: ${JSON.stringify(reply.body)}`);
      const refused = PushResponse.parse(reply.body).results.filter((r) => r.status !== 'accepted');
      if (refused.length > 0) throw new Error(`push not accepted: ${JSON.stringify(refused[0])}`);

      const rawStarted = performance.now();
      await rawInsert(rawDb, rawEvents.slice(from, from + BATCH), new Date().toISOString());
      rawMs += performance.now() - rawStarted;
    }

    let pulled = 0;
    let cursor = 0;
    const pullStart = performance.now();
    for (;;) {
      const page = PullResponse.parse(
        (await http(`${server.url}/v1/stores/${STORE}/sync/pull?cursor=${cursor}&limit=1000`, { token: TOKEN })).body,
      );
      pulled += page.events.length;
      cursor = page.nextCursor;
      if (page.upToDate) break;
    }
    pullMs = performance.now() - pullStart;
    if (pulled !== EVENTS) throw new Error(`pulled ${pulled} events, pushed ${EVENTS}`);

    const projectStart = performance.now();
    await server.projectNow();
    projectMs = performance.now() - projectStart;
  } finally {
    await server.close();
    if (databaseUrl) await rawDb.close();
  }
  const pushRate = EVENTS / (pushMs / 1000);
  const rawRate = EVENTS / (rawMs / 1000);
  return {
    name: 'server-push',
    backend,
    events: EVENTS,
    batch: BATCH,
    pushEventsPerSec: Math.round(pushRate),
    rawInsertEventsPerSec: Math.round(rawRate),
    ratio: Math.round((pushRate / rawRate) * 100) / 100,
    pullEventsPerSec: Math.round(EVENTS / (pullMs / 1000)),
    projectionEventsPerSec: Math.round(EVENTS / (projectMs / 1000)),
    pushBatchP50Ms: round(percentile(batchMs, 50)),
    pushBatchP95Ms: round(percentile(batchMs, 95)),
  };
}

async function main(): Promise<void> {
  const backends = (process.env['BENCH_BACKENDS'] ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
  const cluster = backends.includes('postgres') ? await startPostgresCluster() : undefined;
  try {
    for (const backend of backends)
      process.stdout.write(`${JSON.stringify(await run(backend, backend === 'postgres' ? cluster : undefined))}\n`);
  } finally {
    await cluster?.stop();
  }
}

// A hung server must fail the bench run, not stall CI.
const deadline = setTimeout(() => {
  process.stderr.write(`server-push bench exceeded ${TIME_LIMIT_MS} ms\n`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

main().catch((error: unknown) => {
  process.stderr.write(`server-push bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
