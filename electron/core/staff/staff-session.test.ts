import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { LOCKOUT_MS, MAX_WRONG_PINS, StaffSessions, type SettingsStore } from './staff-session.js';
import { testStaff } from './test-staff.js';

const staffConfig = testStaff();

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
  let clock: ManualClock;
  let settings: MemorySettings;
  let sessions: StaffSessions;
  beforeEach(() => {
    clock = new ManualClock(1_800_000_000_000);
    settings = new MemorySettings();
    sessions = new StaffSessions(staffConfig, settings, clock);
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
    const restarted = new StaffSessions(staffConfig, settings, clock);
    expect(restarted.current().signedIn).toEqual({ id: 'alex', name: 'Alex', role: 'cashier' });
    sessions.signOut();
    expect(new StaffSessions(staffConfig, settings, clock).current().signedIn).toBeNull();
    expect(changes).toEqual(['alex', null]);
  });

  it('signs out someone removed from the config since they signed in', async () => {
    await sessions.signIn('2222');
    const withoutSam = { ...staffConfig, members: staffConfig.members.filter((m) => m.id !== 'sam') };
    expect(new StaffSessions(withoutSam, settings, clock).current().signedIn).toBeNull();
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

  it('approves with a signed-in manager or a manager PIN, never with a cashier PIN', async () => {
    await sessions.signIn('1111');
    expect(sessions.approve('refund €5.00', undefined)).toMatchObject({
      ok: false,
      error: { code: 'approval_required', message: expect.stringContaining('refund €5.00') },
    });
    expect(sessions.approve('refund', '2222')).toMatchObject({ ok: false, error: { code: 'approval_denied' } });
    expect(sessions.approve('refund', '9999')).toEqual({ ok: true, approvedBy: 'morgan' });
    await sessions.signIn('9999');
    expect(sessions.approve('refund', undefined)).toEqual({ ok: true, approvedBy: 'morgan' });
  });
});
