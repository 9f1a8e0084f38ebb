import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startCentralServer } from '../../server/main.js';
import { foldOrder } from '../../shared/order-fold.js';
import { type PullResponse } from '../../shared/sync/protocol.js';
import { openTestStore, tempDir } from './testing/fixtures.js';
import { SyncClient } from './sync/sync-client.js';

/** CI runs a reduced count; `npm run test:kill` runs the full 200. */
const ITERATIONS = Number(process.env.KILL_ITERATIONS ?? 12);
const ORIGIN = 'station-crash';
const TOKEN = 'crash-test-token-0123456789';
const worker = resolve(import.meta.dirname, 'testing', 'kill-worker.ts');

/** Runs the worker until it has committed something, then SIGKILLs it after a random delay. */
function runAndKill(dataDir: string, serverUrl: string, committed: Map<string, number>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, dataDir, serverUrl, TOKEN, ORIGIN], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [orderId, count] = line.split(' ');
        if (orderId && count) committed.set(orderId, Math.max(committed.get(orderId) ?? 0, Number(count)));
        if (!armed) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), 5 + Math.random() * 150);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`worker exited ${code}: ${stderr}`))));
  });
}

describe('crash recovery', () => {
  it(`loses no committed event and pushes none twice across ${ITERATIONS} SIGKILLs`, async () => {
    const dir = tempDir('crash');
    const server = await startCentralServer({ syncToken: TOKEN, logger: pino({ level: 'silent' }) });
    try {
      const committed = new Map<string, number>();
      const dbPath = join(dir.path, 'station.sqlite');
      for (let i = 0; i < ITERATIONS; i++) {
        await runAndKill(dir.path, server.url, committed);
        const { db, store } = openTestStore(dbPath, ORIGIN);
        try {
          // Every commit the worker reported is on disk.
          for (const [orderId, count] of committed) expect(store.getOrder(orderId)?.eventCount ?? 0).toBeGreaterThanOrEqual(count);
          // Every projection equals a fresh fold of its events.
          const views = db.prepare<[], { order_id: string; view: string }>('SELECT order_id, view FROM order_view').all();
          for (const row of views) expect(JSON.parse(row.view)).toEqual(foldOrder(store.orderEvents(row.order_id)));
          // Local seqs stay gapless.
          const seqs = db
            .prepare<[], { seq: number }>('SELECT seq FROM events ORDER BY seq')
            .all()
            .map((r) => r.seq);
          expect(seqs).toEqual(seqs.map((_, index) => index + 1));
        } finally {
          db.close();
        }
      }

      // Drain what is left, then compare the server's copy with the local log.
      const { db, store } = openTestStore(dbPath, ORIGIN);
      const client = new SyncClient(server.url, TOKEN);
      for (let batch = store.outboxBatch(500); batch.length > 0; batch = store.outboxBatch(500)) {
        store.recordPushResults((await client.push({ origin: ORIGIN, events: batch })).results);
      }
      const local = db.prepare<[], { id: string; seq: number }>('SELECT id, seq FROM events ORDER BY seq').all();
      const remote: { id: string; seq: number }[] = [];
      for (let cursor = 0; ;) {
        const page: PullResponse = await client.pull(cursor);
        remote.push(...page.events.map((e) => ({ id: e.event.id, seq: e.event.seq })));
        cursor = page.nextCursor;
        if (page.upToDate) break;
      }
      expect(store.outboxStats()).toMatchObject({ depth: 0, deadLetters: 0 });
      expect(remote.sort((a, b) => a.seq - b.seq)).toEqual(local);
      expect(local.length).toBeGreaterThan(ITERATIONS);
      db.close();
    } finally {
      await server.close();
      dir.remove();
    }
  }, 600_000);
});
