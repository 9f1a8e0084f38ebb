/**
 * Central sync server throughput over real HTTP on loopback, in-memory PGlite:
 * push N events in batches, then pull them all back in pages. Prints one JSON object on stdout.
 *   npx tsx bench/server-sync.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { startCentralServer } from '../server/main.js';
import { http } from '../server/testing/http.js';
import { makeEvents } from '../server/testing/make-events.js';

const EVENTS = 5000;
const PUSH_BATCH = 100;
const PULL_PAGE = 500;
const TIME_LIMIT_MS = 60_000;
const TOKEN = 'bench-sync-token-0123456789';
const ORIGIN = 'bench-station';

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round = (value: number): number => Math.round(value * 10) / 10;

async function main(): Promise<void> {
  const events = makeEvents(ORIGIN, EVENTS);
  const server = await startCentralServer({ syncToken: TOKEN, logger: pino({ level: 'silent' }) });
  try {
    const batchMs: number[] = [];
    const pushStart = performance.now();
    for (let from = 0; from < EVENTS; from += PUSH_BATCH) {
      const started = performance.now();
      const reply = await http(`${server.url}/v1/sync/push`, { token: TOKEN, json: { origin: ORIGIN, events: events.slice(from, from + PUSH_BATCH) } });
      batchMs.push(performance.now() - started);
      if (reply.status !== 200) throw new Error(`push failed with ${reply.status}: ${JSON.stringify(reply.body)}`);
      const notAccepted = PushResponse.parse(reply.body).results.filter((r) => r.status !== 'accepted');
      if (notAccepted.length > 0) throw new Error(`push not accepted: ${JSON.stringify(notAccepted[0])}`);
    }
    const pushMs = performance.now() - pushStart;

    let pulled = 0;
    let cursor = 0;
    const pullStart = performance.now();
    for (;;) {
      const reply = await http(`${server.url}/v1/sync/pull?cursor=${cursor}&limit=${PULL_PAGE}`, { token: TOKEN });
      if (reply.status !== 200) throw new Error(`pull failed with ${reply.status}: ${JSON.stringify(reply.body)}`);
      const page = PullResponse.parse(reply.body);
      pulled += page.events.length;
      cursor = page.nextCursor;
      if (page.upToDate) break;
    }
    const pullMs = performance.now() - pullStart;
    if (pulled !== EVENTS) throw new Error(`pulled ${pulled} events, pushed ${EVENTS}`);

    process.stdout.write(
      `${JSON.stringify({
        name: 'server-sync',
        events: EVENTS,
        pushEventsPerSec: Math.round(EVENTS / (pushMs / 1000)),
        pullEventsPerSec: Math.round(EVENTS / (pullMs / 1000)),
        pushBatchP50Ms: round(percentile(batchMs, 50)),
        pushBatchP95Ms: round(percentile(batchMs, 95)),
      })}\n`,
    );
  } finally {
    await server.close();
  }
}

// A hung server must fail the bench run, not stall CI.
const deadline = setTimeout(() => {
  process.stderr.write(`server-sync bench exceeded ${TIME_LIMIT_MS} ms\n`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

main().catch((error: unknown) => {
  process.stderr.write(`server-sync bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
