import { openWork } from '../shared/station-orders.js';
/**
 * Closing a busy shift: N paid cash orders (3 lines each) on a real SQLite file, then the X/Z report
 * computation (event scan + projections), which a cashier waits for at close. Also sign-in by PIN
 * alone against the production scrypt cost for a small and a large staff list (off the main thread).
 * Target: the report of a 2,000-order shift in well under a second.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openDatabase } from '../electron/core/db/open-database.js';
import { demoCatalog } from '../electron/core/demo-catalog.js';
import { EventStore } from '../electron/core/event-store.js';
import { OrderService } from '../electron/core/orders/order-service.js';
import { ShiftService } from '../electron/core/shifts/shift-service.js';
import { ShiftStore } from '../electron/core/shifts/shift-store.js';
import { hashPin } from '../electron/core/staff/pin-hash.js';
import { PinLockouts } from '../electron/core/staff/pin-lockouts.js';
import { StaffSessions } from '../electron/core/staff/staff-session.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const alex = { id: 'alex', name: 'Alex', role: 'cashier' as const };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(2));
}

function shiftReport() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-shift-'));
  try {
    const db = openDatabase(join(dir, 'station.sqlite'), silentLogger);
    const clock = new ManualClock(1_800_000_000_000);
    const store = new EventStore({
      db,
      origin: 'station-bench',
      clock,
      random: (n) => new Uint8Array(randomBytes(n)),
      logger: silentLogger,
      maxClockDriftMs: 60_000,
    });
    const orders = new OrderService(store, demoCatalog, 'EUR', { kind: 'staff', id: 'alex' });
    const shifts = new ShiftService({
      shifts: new ShiftStore(db, 'station-bench', (id, name) => ({ id, name, role: 'cashier' })),
      stationId: 'station-bench',
      storeName: 'Bench',
      currency: 'EUR',
      clock,
      logger: silentLogger,
      newId: () => store.newId(),
      signedIn: () => alex,
      print: () => ({ jobId: 'none' }),
      openWork: () => openWork(store.listActive(), 'station-bench'),
    });
    if (!shifts.open(20_000).ok) throw new Error('shift did not open');
    for (let i = 0; i < ORDERS; i++) {
      clock.advance(1_000);
      const opened = orders.addLine({ orderType: 'takeout' }, 'espresso', 1);
      if (!opened.ok) throw new Error(opened.error.message);
      for (const item of ['croissant', 'club-sandwich']) orders.addLine({ orderId: opened.value.id, orderType: 'takeout' }, item, 1);
      const paid = orders.payCash(opened.value.id, 2000);
      if (!paid.ok) throw new Error(paid.error.message);
    }
    const previewMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const preview = shifts.preview(0);
      previewMs.push(performance.now() - t0);
      if (!preview.ok || preview.value.orderCount !== ORDERS) throw new Error('report is wrong');
    }
    const t0 = performance.now();
    const closed = shifts.close(0, undefined);
    const closeMs = performance.now() - t0;
    if (!closed.ok || closed.value.cashTakenMinor !== ORDERS * (250 + 220 + 890)) throw new Error('Z report is wrong');
    db.close();
    return { orders: ORDERS, reportP50Ms: median(previewMs), closeMs: Number(closeMs.toFixed(2)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function signIn(staffCount: number) {
  const members = Array.from({ length: staffCount }, (_, i) => ({
    id: `p${i}`,
    name: `Person ${i}`,
    role: 'cashier' as const,
    pinHash: hashPin(String(1000 + i)),
  }));
  const settings = new Map<string, string>();
  const clock = new ManualClock();
  const lockoutDb = openDatabase(':memory:', silentLogger);
  const sessions = new StaffSessions(
    { requireSignIn: true, idleSignOutMinutes: 0, members },
    { getSetting: (k) => settings.get(k), setSetting: (k, v) => void settings.set(k, v) },
    clock,
    { lockouts: new PinLockouts(lockoutDb, clock) },
  );
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const result = await sessions.signIn(String(1000 + staffCount - 1));
    times.push(performance.now() - t0);
    if (!result.ok) throw new Error(result.error.message);
  }
  lockoutDb.close();
  return { staff: staffCount, pinOnlySignInP50Ms: median(times) };
}

console.log(JSON.stringify({ name: 'shift-report', shift: shiftReport(), signIn: [await signIn(2), await signIn(20)] }));
