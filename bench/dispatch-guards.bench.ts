/**
 * What the staff and privilege checks (#15) add to every command: `dispatch` with the counter's guard
 * chain (station role, till sign-in, manager PIN for privileged commands) and the caller scope, against
 * the same dispatch with no guard, in the same run. And the persistent PIN lockout's check (one SQLite
 * read per key) against the scrypt PIN check it guards. Target: the guards stay in the microseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openDatabase } from '../electron/core/db/open-database.js';
import { createDispatch, firstRefusal, type Dispatch } from '../electron/core/ipc/dispatch.js';
import type { CommandHandlers } from '../electron/core/ipc/handlers.js';
import { hashPin, verifyPin } from '../electron/core/staff/pin-hash.js';
import { PinLockouts } from '../electron/core/staff/pin-lockouts.js';
import { privilegeGuard } from '../electron/core/staff/privileged-guard.js';
import { tillGuard } from '../electron/core/staff/till-guard.js';
import { stationRoleGuard } from '../electron/core/station-role.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 50_000);

// Only the commands called here answer; the dispatch never reaches the others.
const handlers = {
  'catalog.list': () => ({ ok: true, value: { items: [] } }),
  'order.setNote': () => ({ ok: true, value: null }),
} as unknown as CommandHandlers;

async function perCallMicros(dispatch: Dispatch, command: string, args: unknown, calls: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await dispatch('cashier', command, args, 'bench', 'ws:cashier@192.168.1.9');
  return ((performance.now() - t0) * 1000) / calls;
}

/** Both variants in alternating rounds (JIT warm-up and machine noise fall on both), median per variant. */
async function compare(command: string, args: unknown): Promise<{ unguardedMicros: number; guardedMicros: number }> {
  await perCallMicros(bare, command, args, 5_000);
  await perCallMicros(guarded, command, args, 5_000);
  const rounds: { bare: number[]; guarded: number[] } = { bare: [], guarded: [] };
  for (let round = 0; round < 7; round++) {
    rounds.bare.push(await perCallMicros(bare, command, args, CALLS / 7));
    rounds.guarded.push(await perCallMicros(guarded, command, args, CALLS / 7));
  }
  const median = (values: number[]) => Number([...values].sort((a, b) => a - b)[3]!.toFixed(2));
  return { unguardedMicros: median(rounds.bare), guardedMicros: median(rounds.guarded) };
}

const bare = createDispatch(handlers, silentLogger);
const guarded = createDispatch(
  handlers,
  silentLogger,
  firstRefusal(
    stationRoleGuard('counter'),
    tillGuard({ requireSignIn: () => true, isSignedIn: () => true, hasOpenShift: () => true, touch: () => {} }),
    privilegeGuard({ kind: 'managers', approve: () => ({ ok: true, approvedBy: 'm' }), hasManager: true }, () => false, silentLogger),
  ),
);
const orderArgs = { orderId: '01JBENCH0000000000000000000', note: 'no onions' };

const dir = mkdtempSync(join(tmpdir(), 'pos-bench-lockout-'));
const clock = new ManualClock();
const db = openDatabase(join(dir, 'station.sqlite'), silentLogger);
const lockouts = new PinLockouts(db, clock);
lockouts.fail({ kind: 'client', id: 'ws:cashier@192.168.1.9' });
const keys = [
  { kind: 'client', id: 'ws:cashier@192.168.1.9' },
  { kind: 'staff', id: 'morgan' },
] as const;
const t0 = performance.now();
for (let i = 0; i < CALLS; i++) lockouts.lockedUntil(keys);
const lockoutCheckMicros = Number((((performance.now() - t0) * 1000) / CALLS).toFixed(2));
const hash = hashPin('9999');
const v0 = performance.now();
for (let i = 0; i < 5; i++) verifyPin('1234', hash);
const pinVerifyMicros = Number((((performance.now() - v0) * 1000) / 5).toFixed(0));
db.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    name: 'dispatch-guards',
    calls: CALLS,
    read: await compare('catalog.list', {}),
    write: await compare('order.setNote', orderArgs),
    lockoutCheckMicros,
    pinVerifyMicros,
  }),
);
