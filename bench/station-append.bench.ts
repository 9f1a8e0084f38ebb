/**
 * Event append through the station core (validate, fold, one transaction, broadcast) against a raw
 * better-sqlite3 single-row transaction with the same durability (WAL, synchronous=FULL), in one run,
 * interleaved in blocks.
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
/**
 * Core and raw appends alternate in blocks of this many, so both see the same machine: on a shared
 * box a load spike during one half of a sequential run would skew the ratio either way.
 */
const BLOCK = 100;

const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));

interface Side {
  append(i: number): void;
  close(): void;
  readonly latencies: number[];
  elapsedMs: number;
  cpuMicros: number;
}

function throughCore(dir: string): Side & { broadcasts(): number } {
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
  let orderId: string | undefined;
  return {
    latencies: [],
    elapsedMs: 0,
    cpuMicros: 0,
    append(i) {
      const result = orders.addLine({ orderId, orderType: 'takeout' }, 'espresso', 1);
      if (!result.ok) throw new Error(result.error.message);
      orderId = (i + 1) % LINES_PER_ORDER === 0 ? undefined : result.value.id;
    },
    close: () => db.close(),
    broadcasts: () => broadcasts,
  };
}

function raw(dir: string): Side {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO events (id, body) VALUES (?, ?)');
  const write = db.transaction((id: string, body: string) => insert.run(id, body));
  const body = JSON.stringify({ type: 'LineAdded', payload: { itemId: 'espresso', quantity: 1, unitPriceMinor: 250 } });
  return {
    latencies: [],
    elapsedMs: 0,
    cpuMicros: 0,
    append: () => write(randomBytes(16).toString('hex'), body),
    close: () => db.close(),
  };
}

function runBlock(side: Side, from: number, to: number): void {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let i = from; i < to; i++) {
    const t0 = performance.now();
    side.append(i);
    side.latencies.push(performance.now() - t0);
  }
  side.elapsedMs += performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  side.cpuMicros += cpu.user + cpu.system;
}

function summary(side: Side) {
  const sorted = [...side.latencies].sort((a, b) => a - b);
  return {
    appendsPerSec: Math.round(APPENDS / (side.elapsedMs / 1000)),
    p50Ms: pct(sorted, 50),
    p99Ms: pct(sorted, 99),
    /** CPU per append (user + system): the part of the cost that does not wait on the disk. */
    cpuUsPerAppend: Math.round(side.cpuMicros / APPENDS),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-append-'));
try {
  const rawSide = raw(dir);
  const coreSide = throughCore(dir);
  for (let from = 0; from < APPENDS; from += BLOCK) {
    const to = Math.min(APPENDS, from + BLOCK);
    runBlock(rawSide, from, to);
    runBlock(coreSide, from, to);
  }
  rawSide.close();
  coreSide.close();
  if (coreSide.broadcasts() !== APPENDS) throw new Error('a change was not broadcast');
  const coreResult = summary(coreSide);
  const rawResult = summary(rawSide);
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
