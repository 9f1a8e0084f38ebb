/**
 * Station write path: one paid order = open + 3 lines + cash payment, each its own transaction on
 * a real SQLite file (WAL). Measured at synchronous=FULL (what ships) and NORMAL (for comparison).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openDatabase } from '../electron/core/db/open-database.js';
import { demoCatalog } from '../electron/core/demo-catalog.js';
import { EventStore } from '../electron/core/event-store.js';
import { OrderService } from '../electron/core/orders/order-service.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 400);

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
}

function run(synchronous: 'FULL' | 'NORMAL') {
  const dir = mkdtempSync(join(tmpdir(), 'bench-station-'));
  try {
    const db = openDatabase(join(dir, 'station.sqlite'), silentLogger);
    db.pragma(`synchronous = ${synchronous}`);
    const store = new EventStore({
      db,
      origin: 'station-bench',
      clock: systemClock,
      random: (n) => new Uint8Array(randomBytes(n)),
      logger: silentLogger,
      maxClockDriftMs: 60_000,
    });
    const orders = new OrderService(store, demoCatalog, 'EUR', { kind: 'device', id: 'bench' });
    const perOrderMs: number[] = [];
    const payMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < ORDERS; i++) {
      const t0 = performance.now();
      const opened = orders.open('takeout');
      if (!opened.ok) throw new Error(opened.error.message);
      for (const item of ['espresso', 'croissant', 'club-sandwich'])
        orders.addLine({ orderId: opened.value.id, orderType: 'takeout' }, item, 1);
      const t1 = performance.now();
      const paid = orders.payCash(opened.value.id, 5000);
      if (!paid.ok) throw new Error(paid.error.message);
      const t2 = performance.now();
      perOrderMs.push(t2 - t0);
      payMs.push(t2 - t1);
    }
    const elapsed = (performance.now() - started) / 1000;
    db.close();
    perOrderMs.sort((a, b) => a - b);
    payMs.sort((a, b) => a - b);
    return {
      synchronous,
      paidOrdersPerSec: Math.round(ORDERS / elapsed),
      eventsPerSec: Math.round((ORDERS * 5) / elapsed),
      paidOrderP50Ms: percentile(perOrderMs, 50),
      paidOrderP95Ms: percentile(perOrderMs, 95),
      payCommitP50Ms: percentile(payMs, 50),
      payCommitP95Ms: percentile(payMs, 95),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(JSON.stringify({ name: 'station-write', orders: ORDERS, full: run('FULL'), normal: run('NORMAL') }));
