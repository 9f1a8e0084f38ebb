/**
 * Event append through the station core (validate, fold, one transaction, broadcast) against a raw
 * better-sqlite3 single-row transaction with the same durability (WAL, synchronous=FULL), in one run.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openDatabase } from '../electron/core/db/open-database.js';
import { demoCatalog } from '../electron/core/demo-catalog.js';
import { EventStore } from '../electron/core/event-store.js';
import { OrderService } from '../electron/core/order-service.js';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 3000);
const LINES_PER_ORDER = 8;

const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));

function throughCore(dir: string) {
  const db = openDatabase(join(dir, 'core.sqlite'), silentLogger);
  const store = new EventStore({
    db,
    origin: 'station-bench',
    clock: systemClock,
    random: (n) => new Uint8Array(randomBytes(n)),
    logger: silentLogger,
    maxClockDriftMs: 60_000,
  });
  let broadcasts = 0;
  store.onOrderChanged(() => (broadcasts += 1));
  const orders = new OrderService(store, demoCatalog, 'EUR', { kind: 'device', id: 'bench' });
  const latencies: number[] = [];
  let orderId: string | undefined;
  const started = performance.now();
  for (let i = 0; i < APPENDS; i++) {
    const t0 = performance.now();
    const result = orders.addLine({ orderId, orderType: 'takeout' }, 'espresso', 1);
    latencies.push(performance.now() - t0);
    if (!result.ok) throw new Error(result.error.message);
    orderId = (i + 1) % LINES_PER_ORDER === 0 ? undefined : result.value.id;
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  if (broadcasts !== APPENDS) throw new Error('a change was not broadcast');
  latencies.sort((a, b) => a - b);
  return { appendsPerSec: Math.round(APPENDS / seconds), p50Ms: pct(latencies, 50), p99Ms: pct(latencies, 99) };
}

function raw(dir: string) {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO events (id, body) VALUES (?, ?)');
  const write = db.transaction((id: string, body: string) => insert.run(id, body));
  const body = JSON.stringify({ type: 'LineAdded', payload: { itemId: 'espresso', quantity: 1, unitPriceMinor: 250 } });
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < APPENDS; i++) {
    const t0 = performance.now();
    write(randomBytes(16).toString('hex'), body);
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  latencies.sort((a, b) => a - b);
  return { appendsPerSec: Math.round(APPENDS / seconds), p50Ms: pct(latencies, 50), p99Ms: pct(latencies, 99) };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-append-'));
try {
  const rawResult = raw(dir);
  const coreResult = throughCore(dir);
  console.log(
    JSON.stringify({
      name: 'station-append',
      appends: APPENDS,
      linesPerOrder: LINES_PER_ORDER,
      core: coreResult,
      raw: rawResult,
      ratio: Number((coreResult.appendsPerSec / rawResult.appendsPerSec).toFixed(3)),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
