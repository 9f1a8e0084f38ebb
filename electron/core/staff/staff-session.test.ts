import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/logger.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { runAsCaller } from '../ipc/call-scope.js';
import { tempDir } from '../testing/fixtures.js';
import { ManualScheduler } from '../testing/manual-scheduler.js';
import { DEFAULT_LOCKOUT_POLICY, PinLockouts } from './pin-lockouts.js';
import { StaffSessions, type SettingsStore } from './staff-session.js';
import { testStaff } from './test-staff.js';

const staffConfig = testStaff();
const { threshold: MAX_WRONG_PINS, baseMs: LOCKOUT_MS } = DEFAULT_LOCKOUT_POLICY;

class MemorySettings implements SettingsStore {
  readonly values = new Map<string, string>();
  getSetting(key: string): string | undefined {
    return this.values.get(key);
  }
  setSetting(key: string, value: string): void {
    this.values.set(key, value);
  }
}

describe('staff sessions at the till', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  let clock: ManualClock;
  let scheduler: ManualScheduler;
  let settings: MemorySettings;
  let sessions: StaffSessions;
  const open = (config = staffConfig) =>
    new StaffSessions(config, settings, clock, { lockouts: new PinLockouts(db, clock), scheduler, logger: silentLogger });

  beforeEach(() => {
    dir = tempDir('pos-staff-session-');
    db = openDatabase(join(dir.path, 'station.sqlite'), silentLogger);
    clock = new ManualClock(1_800_000_000_000);
    scheduler = new ManualScheduler(clock);
    settings = new MemorySettings();
    sessions = open();
  });

  afterEach(() => {
    sessions.stop();
    db.close();
    dir.remove();
  });

  it('lists people without their hashes', async () => {
    expect(sessions.list()).toEqual([
      { id: 'alex', name: 'Alex', role: 'cashier' },
      { id: 'sam', name: 'Sam', role: 'cashier' },
      { id: 'morgan', name: 'Morgan', role: 'manager' },
    ]);
    expect(JSON.stringify(sessions.list())).not.toContain('scrypt');
  });

  it('signs in by PIN alone, or by name and PIN, and writes events as that person', async () => {
    expect(sessions.current()).toEqual({ requireSignIn: true, signedIn: null, signedInAt: null });
    expect(sessions.actor()).toBeUndefined();
    const signedIn = await sessions.signIn('2222');
    expect(signedIn).toEqual({
      ok: true,
      value: { requireSignIn: true, signedIn: { id: 'sam', name: 'Sam', role: 'cashier' }, signedInAt: clock.now() },
    });
    expect(sessions.actor()).toEqual({ kind: 'staff', id: 'sam' });
    expect(await sessions.signIn('9999', 'morgan')).toMatchObject({ ok: true, value: { signedIn: { id: 'morgan' } } });
    expect(await sessions.signIn('9999', 'alex')).toMatchObject({ ok: false, error: { code: 'wrong_pin' } });
    expect(await sessions.signIn('1111', 'nobody')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps the session across a restart and clears it on sign-out', async () => {
    const changes: (string | null)[] = [];
    sessions.onChange((s) => changes.push(s.signedIn?.id ?? null));
    await sessions.signIn('1111');
    const restarted = open();
    expect(restarted.current().signedIn).toEqual({ id: 'alex', name: 'Alex', role: 'cashier' });
    sessions.signOut();
    expect(open().current().signedIn).toBeNull();
    expect(changes).toEqual(['alex', null]);
  });

  it('signs out someone removed from the config since they signed in', async () => {
    await sessions.signIn('2222');
    const withoutSam = { ...staffConfig, members: staffConfig.members.filter((m) => m.id !== 'sam') };
    expect(open(withoutSam).current().signedIn).toBeNull();
  });

  it(`locks PIN entry for ${LOCKOUT_MS / 1000} s after ${MAX_WRONG_PINS} wrong PINs in a row, then lets the right one in`, async () => {
    for (let i = 1; i < MAX_WRONG_PINS; i++) {
      expect(await sessions.signIn('0000')).toMatchObject({
        ok: false,
        error: { code: 'wrong_pin', message: expect.stringContaining(`${MAX_WRONG_PINS - i}`) },
      });
    }
    expect(await sessions.signIn('0000')).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    // Even the right PIN waits out the pause, and a manager PIN for approval is paused too.
    expect(await sessions.signIn('1111')).toMatchObject({
      ok: false,
      error: { code: 'locked_out', message: expect.stringContaining('30 s') },
    });
    expect(sessions.approve('refund', '9999')).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    clock.advance(LOCKOUT_MS - 1);
    expect(await sessions.signIn('1111')).toMatchObject({
      ok: false,
      error: { code: 'locked_out', message: expect.stringContaining('1 s') },
    });
    clock.advance(1);
    expect(await sessions.signIn('1111')).toMatchObject({ ok: true, value: { signedIn: { id: 'alex' } } });
  });

  it('resets the count on a right PIN, so only wrong PINs in a row lock', async () => {
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) await sessions.signIn('0000');
    expect((await sessions.signIn('1111')).ok).toBe(true);
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) expect(await sessions.signIn('0000')).toMatchObject({ error: { code: 'wrong_pin' } });
  });

  it('approves only with a manager PIN typed for the action, even with a manager signed in', async () => {
    await sessions.signIn('1111');
    expect(sessions.approve('refund €5.00', undefined)).toMatchObject({
      ok: false,
      error: { code: 'approval_required', message: expect.stringContaining('refund €5.00') },
    });
    expect(sessions.approve('refund', '2222')).toMatchObject({ ok: false, error: { code: 'approval_denied' } });
    expect(sessions.approve('refund', '9999')).toEqual({ ok: true, approvedBy: 'morgan' });
    await sessions.signIn('9999');
    // A manager walking away from a signed-in till approves nothing: the PIN is asked every time.
    expect(sessions.approve('refund', undefined)).toMatchObject({ ok: false, error: { code: 'approval_required' } });
    expect(sessions.approve('refund', '9999')).toEqual({ ok: true, approvedBy: 'morgan' });
  });

  it('pauses longer for every further wrong PIN, up to the cap, and keeps the pause across a restart', async () => {
    const attacker = (pin: string) => runAsCaller('ws:cashier@192.168.1.66', () => sessions.signIn(pin));
    for (let i = 0; i < MAX_WRONG_PINS; i++) await attacker('0000');
    const pauses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const locked = await attacker('0000');
      expect(locked).toMatchObject({ ok: false, error: { code: 'locked_out' } });
      const wait = Number(/(\d+) s/.exec(locked.ok ? '' : locked.error.message)![1]);
      pauses.push(wait);
      clock.advance(wait * 1000);
      // A restart (new sessions, new lockout store on the same database) forgets nothing.
      sessions.stop();
      sessions = open();
      const again = await attacker('0000');
      expect(again).toMatchObject({ ok: false, error: { code: 'locked_out' } });
      clock.advance(0);
    }
    expect(pauses[0]).toBe(LOCKOUT_MS / 1000);
    expect(pauses.slice(1, 5)).toEqual([60, 120, 240, 480]);
    expect(Math.max(...pauses)).toBe(DEFAULT_LOCKOUT_POLICY.clientCapMs / 1000);
    // The till's own window was never paused by it, and the right PIN there clears nothing of the attacker's.
    expect(await runAsCaller('local:cashier', () => sessions.signIn('1111'))).toMatchObject({ ok: true });
    expect(await attacker('1111')).toMatchObject({ ok: false, error: { code: 'locked_out' } });
  });

  it("a caller hammering one person's name pauses that name only briefly for other windows, and never their PIN-only sign-in", async () => {
    const attacker = (pin: string) => runAsCaller('ws:cashier@192.168.1.66', () => sessions.signIn(pin, 'morgan'));
    const till = (pin: string, staffId?: string) => runAsCaller('local:cashier', () => sessions.signIn(pin, staffId));
    for (let i = 0; i < MAX_WRONG_PINS; i++) await attacker('0000');
    expect(await till('9999', 'morgan')).toMatchObject({
      ok: false,
      error: { code: 'locked_out', message: expect.stringContaining('Morgan') },
    });
    // Morgan still signs in by PIN alone at the till, and other people by name.
    expect(await till('2222', 'sam')).toMatchObject({ ok: true });
    expect(await till('9999')).toMatchObject({ ok: true, value: { signedIn: { id: 'morgan' } } });
    // Hammering on: the attacker waits ever longer, the name is paused at most the staff cap at a time.
    let pausedForOthers = 0;
    let elapsed = 0;
    for (let round = 0; round < 12; round++) {
      const own = await attacker('0000');
      expect(own.ok).toBe(false);
      const clientUntil = new PinLockouts(db, clock).lockedUntil([{ kind: 'client', id: 'ws:cashier@192.168.1.66' }]) ?? clock.now();
      const staffUntil = new PinLockouts(db, clock).lockedUntil([{ kind: 'staff', id: 'morgan' }]) ?? clock.now();
      pausedForOthers += staffUntil - clock.now();
      const step = Math.max(clientUntil - clock.now(), 1);
      elapsed += step;
      clock.advance(step);
    }
    expect(pausedForOthers).toBeLessThan(elapsed / 4);
  });

  it('signs out after the idle minutes with no work at the till, and tells the windows', async () => {
    const changes: (string | null)[] = [];
    sessions.onChange((s) => changes.push(s.signedIn?.id ?? null));
    await sessions.signIn('1111');
    clock.advance(14 * 60_000);
    sessions.touch();
    expect(scheduler.fireNext()).toBe(60_000); // the first check finds activity since and waits on
    expect(sessions.current().signedIn?.id).toBe('alex');
    scheduler.fireNext();
    expect(clock.now() - 1_800_000_000_000).toBe(29 * 60_000);
    expect(changes).toEqual(['alex', null]);
    expect(sessions.current()).toEqual({ requireSignIn: true, signedIn: null, signedInAt: null });
  });

  it('signs out at the next look when no timer ran (the clock moved while the station slept)', async () => {
    await sessions.signIn('2222');
    clock.advance(15 * 60_000);
    expect(sessions.actor()).toBeUndefined();
    expect(open({ ...staffConfig, idleSignOutMinutes: 0 }).current().signedIn).toBeNull();
  });
});
