import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import type { StaffSessionView } from '../../../shared/ipc/commands/staff.js';
import { ConfigError, parseStationConfig } from '../config.js';
import { clientKey } from '../ipc/client-key.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { ManualScheduler } from '../testing/manual-scheduler.js';
import { startTestStation } from '../testing/station-harness.js';
import { TestWsClient } from '../testing/ws-client.js';
import { startStation } from '../station.js';
import { SIGN_IN_DISABLED } from './staff-config.js';
import { testStaff } from './test-staff.js';

let dir: ReturnType<typeof tempDir>;
let station: Station | undefined;
let requests = 0;
const call = (command: string, args: unknown = {}, client?: string) =>
  station!.dispatch('cashier', command, args, `r-${++requests}`, client);

beforeEach(() => {
  dir = tempDir('staff-startup');
});
afterEach(async () => {
  await station?.stop();
  station = undefined;
  dir.remove();
});

const startFromConfig = (config: Record<string, unknown>) =>
  startStation({
    config: parseStationConfig({ http: { host: '127.0.0.1', port: 0 }, discovery: { mdns: false }, ...config }, 'station.json'),
    dataDir: dir.path,
    rendererDir: dir.path,
    manualSync: true,
  });

describe('who signs in, decided at start', () => {
  it('a counter config without staff does not start, and says the three ways to fix it', async () => {
    await expect(startFromConfig({ stationId: 'station-nostaff' })).rejects.toThrow(ConfigError);
    await expect(startFromConfig({ stationId: 'station-nostaff' })).rejects.toThrow(/"staff": \{ "demo": true \}[\s\S]*"signIn"/);
  });

  it('turning sign-in off takes the exact words; anything else is refused as a config mistake', async () => {
    expect(() => parseStationConfig({ staff: { signIn: 'disabled' } }, 'station.json')).toThrow(SIGN_IN_DISABLED);
    expect(() => parseStationConfig({ staff: { demo: false } }, 'station.json')).toThrow(ConfigError);
    station = await startFromConfig({ staff: { signIn: SIGN_IN_DISABLED } });
    expect(await call('staff.current')).toEqual({ ok: true, value: { requireSignIn: false, signedIn: null, signedInAt: null } });
  });

  it('a kitchen station needs no staff (it has no till)', async () => {
    station = await startFromConfig({ stationId: 'station-kitchen', role: 'kitchen' });
    expect(station.windows).not.toContain('cashier');
  });

  it('the demo team, asked for, signs in with the published PINs and every window is told', async () => {
    station = await startFromConfig({ staff: { demo: true } });
    expect(await call('staff.current')).toEqual({
      ok: true,
      value: { requireSignIn: true, signedIn: null, signedInAt: null, demoPins: true },
    });
    expect(await call('staff.signIn', { pin: '9999' })).toMatchObject({ ok: true, value: { signedIn: { id: 'morgan' }, demoPins: true } });
  });
});

describe('PIN lockout and idle sign-out in a running station', () => {
  const clock = new ManualClock(1_800_000_000_000);

  it('keeps a LAN caller paused across a restart while the till signs in', async () => {
    const lan = clientKey('cashier', '::ffff:192.168.1.77');
    expect(lan).toBe('ws:cashier@192.168.1.77');
    station = await startTestStation(dir.path, { stationId: 'station-lock' }, { clock, staff: testStaff() });
    for (let i = 0; i < 4; i++) expect(await call('staff.signIn', { pin: '0000' }, lan)).toMatchObject({ error: { code: 'wrong_pin' } });
    expect(await call('staff.signIn', { pin: '0000' }, lan)).toMatchObject({ error: { code: 'locked_out' } });
    await station.stop();
    station = await startTestStation(dir.path, { stationId: 'station-lock' }, { clock, staff: testStaff() });
    expect(await call('staff.signIn', { pin: '1111' }, lan)).toMatchObject({ error: { code: 'locked_out' } });
    expect(await call('staff.signIn', { pin: '1111' })).toMatchObject({ ok: true, value: { signedIn: { id: 'alex' } } });
    clock.advance(30_000);
    // The pause is over; the next wrong PIN from there pauses it twice as long.
    expect(await call('staff.signIn', { pin: '0000' }, lan)).toMatchObject({
      error: { code: 'locked_out', message: expect.stringContaining('60 s') },
    });
  });

  it("counts wrong PINs over the window port against that connection's token and address, not the till's own window", async () => {
    expect(clientKey('cashier', 'fe80::1:2:3:4%eth0')).toBe('ws:cashier@fe80:0:0:0::/64');
    expect(clientKey('cashier', '2001:db8:1:2:aaaa::9')).toBe(clientKey('cashier', '2001:db8:1:2:bbbb::7'));
    expect(clientKey('diagnostics', '192.168.1.5')).not.toBe(clientKey('cashier', '192.168.1.5'));
    station = await startTestStation(dir.path, { stationId: 'station-ws-lock' }, { clock, staff: testStaff() });
    const tablet = new TestWsClient(`${station.url.replace('http', 'ws')}/ipc`);
    await tablet.opened();
    await tablet.auth(station.tokens.cashier!);
    for (let i = 0; i < 5; i++) await tablet.request('staff.signIn', { pin: '0000' });
    expect(await tablet.request('staff.signIn', { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    tablet.close();
    expect(await call('staff.signIn', { pin: '1111' })).toMatchObject({ ok: true });
  });

  it('signs an idle person out and tells the cashier window, which shows sign-in again', async () => {
    const scheduler = new ManualScheduler(clock);
    station = await startTestStation(
      dir.path,
      { stationId: 'station-idle' },
      { clock, scheduler, staff: { ...testStaff(), idleSignOutMinutes: 5 } },
    );
    const pushed: StaffSessionView[] = [];
    station.onPush((name, payload) => name === 'staff.changed' && pushed.push(payload as StaffSessionView));
    await call('staff.signIn', { pin: '2222' });
    clock.advance(4 * 60_000);
    // Ringing up an order is work at the till: the five minutes start again.
    expect(await call('order.addLine', { itemId: 'espresso' })).toMatchObject({ ok: true });
    while (pushed.at(-1)?.signedIn) scheduler.fireNext();
    expect(pushed.map((s) => s.signedIn?.id ?? null)).toEqual(['sam', null]);
    expect(await call('order.addLine', { itemId: 'espresso' })).toMatchObject({ error: { code: 'not_signed_in' } });
  });
});
