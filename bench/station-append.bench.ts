/**
 * Event append through the station core (validate, fold, one transaction, broadcast) against a raw
 * better-sqlite3 single-row transaction with the same durability (WAL, synchronous=FULL), in one run,
 * interleaved in blocks.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openDatabase } from '../electron/core/db/open-database.js';
import { demoCatalog } from '../electron/core/demo-catalog.js';
import { EventStore } from '../electron/core/event-store.js';
import { OrderService } from '../electron/core/orders/order-service.js';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 3000);
const LINES_PER_ORDER = 8;
/**
 * Core and raw appends alternate in blocks of this many, so both see the same machine: on a shared
 * box a load spike during one half of a sequential run would skew the ratio either way.
 */
const BLOCK = 100;
/** Appends per side in the untimed pass that counts the pages each commit writes to the WAL. */
const PAGE_COUNT_APPENDS = 200;

const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));

interface Side {
  readonly db: Database.Database;
  readonly path: string;
  append(i: number): void;
  close(): void;
  readonly latencies: number[];
  elapsedMs: number;
  cpuMicros: number;
}

function throughCore(dir: string): Side & { broadcasts(): number } {
  const path = join(dir, 'core.sqlite');
  const db = openDatabase(path, silentLogger);
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
    db,
    path,
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
  const path = join(dir, 'raw.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO events (id, body) VALUES (?, ?)');
  const write = db.transaction((id: string, body: string) => insert.run(id, body));
  const body = JSON.stringify({ type: 'LineAdded', payload: { itemId: 'espresso', quantity: 1, unitPriceMinor: 250 } });
  return {
    db,
    path,
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

const WAL_HEADER_BYTES = 32;
const WAL_FRAME_HEADER_BYTES = 24;

/**
 * Pages one commit writes to the WAL, on average (what the disk must make durable per append), in
 * all and per B-tree (table or index; page 1, which holds the database size, counts as
 * sqlite_schema; "free" is a page written and then freed). Counted after the timed run, from an
 * emptied WAL with automatic checkpoints paused, so counting costs the timed appends nothing.
 */
function walPages(side: Side, from: number): { walPagesPerCommit: number; walPagesByBtree: Record<string, number> } {
  side.db.pragma('wal_checkpoint(TRUNCATE)');
  const autocheckpoint = side.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  side.db.pragma('wal_autocheckpoint = 0');
  for (let i = from; i < from + PAGE_COUNT_APPENDS; i++) side.append(i);
  const pageSize = side.db.pragma('page_size', { simple: true }) as number;
  const wal = readFileSync(`${side.path}-wal`);
  // Each frame is a 24-byte header, whose first 4 bytes are the page number (big-endian), then the page.
  const framesByPage = new Map<number, number>();
  let frames = 0;
  const frameBytes = WAL_FRAME_HEADER_BYTES + pageSize;
  for (let offset = WAL_HEADER_BYTES; offset + frameBytes <= wal.length; offset += frameBytes) {
    const page = wal.readUInt32BE(offset);
    framesByPage.set(page, (framesByPage.get(page) ?? 0) + 1);
    frames += 1;
  }
  const pages = side.db.prepare<[], { name: string; pageno: number }>('SELECT name, pageno FROM dbstat').all();
  const owner = new Map(pages.map((r) => [r.pageno, r.name]));
  side.db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  const byBtree = new Map<string, number>();
  for (const [page, count] of framesByPage) {
    const name = owner.get(page) ?? 'free';
    byBtree.set(name, (byBtree.get(name) ?? 0) + count);
  }
  const perCommit = (n: number) => Number((n / PAGE_COUNT_APPENDS).toFixed(2));
  return {
    walPagesPerCommit: perCommit(frames),
    walPagesByBtree: Object.fromEntries([...byBtree].sort((a, b) => b[1] - a[1]).map(([name, n]) => [name, perCommit(n)])),
  };
}

function summary(side: Side) {
  const sorted = [...side.latencies].sort((a, b) => a - b);
  return {
    appendsPerSec: Math.round(APPENDS / (side.elapsedMs / 1000)),
    p50Ms: pct(sorted, 50),
    p99Ms: pct(sorted, 99),
    /** The tail beyond p99 (checkpoints land here): reported so a better p99 cannot hide a worse tail. */
    p999Ms: pct(sorted, 99.9),
    maxMs: Number(sorted[sorted.length - 1]!.toFixed(3)),
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
  if (coreSide.broadcasts() !== APPENDS) throw new Error('a change was not broadcast');
  const coreResult = { ...summary(coreSide), ...walPages(coreSide, APPENDS) };
  const rawResult = { ...summary(rawSide), ...walPages(rawSide, APPENDS) };
  rawSide.close();
  coreSide.close();
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
