import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { commands, type IpcResult, type WindowRole } from '../../../shared/ipc/contract.js';
import type { KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';
import { PRIVILEGED_COMMANDS } from '../../../shared/ipc/privileged.js';
import { SIMULATED_DEVICES } from '../../../shared/ipc/devices.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';
import { SIGN_IN_DISABLED } from './staff-config.js';
import { testStaff } from './test-staff.js';

let dir: ReturnType<typeof tempDir>;
let station: Station;
let requests = 0;
const clock = new ManualClock(1_800_000_000_000);

const call = (command: string, args: unknown = {}, role: WindowRole = 'cashier', client?: string) =>
  station.dispatch(role, command, args, `req-${++requests}`, client);
async function value<T>(result: Promise<IpcResult<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value as T;
}

beforeEach(() => {
  dir = tempDir('privileged');
});
afterEach(async () => {
  await station.stop();
  dir.remove();
});

describe('privileged commands on a station with staff', () => {
  beforeEach(async () => {
    station = await startTestStation(dir.path, { stationId: 'station-priv' }, { clock, staff: testStaff() });
  });

  it('take a managerPin argument each, as the contract says', () => {
    for (const name of Object.keys(PRIVILEGED_COMMANDS) as (keyof typeof PRIVILEGED_COMMANDS)[]) {
      const shape = (commands[name].args as unknown as { shape: Record<string, unknown> }).shape;
      expect(shape, name).toHaveProperty('managerPin');
    }
  });

  it('refuse the cashier token with nobody signed in: the printer cannot be pointed elsewhere', async () => {
    const devices = { ...SIMULATED_DEVICES, printers: [{ id: 'receipt', transport: { kind: 'tcp', host: '192.168.1.50' } }] };
    for (const role of ['cashier', 'diagnostics'] as const) {
      expect(await call('devices.setConfig', { devices }, role)).toEqual({
        ok: false,
        error: { code: 'approval_required', message: expect.stringContaining('change the device settings') },
      });
    }
    // A cashier's PIN is no manager's.
    expect(await call('devices.setConfig', { devices, managerPin: '1111' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'approval_denied' },
    });
    expect(await call('devices.setConfig', { devices, managerPin: '9999' }, 'diagnostics')).toMatchObject({ ok: true });
  });

  it('ask the PIN again for every command, even from a signed-in manager', async () => {
    await value(call('staff.signIn', { pin: '9999' }));
    const current = await value<KitchenRoutingView>(call('kitchen.routing'));
    const routing = { ...current.routing, stations: [...current.routing.stations, 'dessert-bar'] };
    expect(await call('kitchen.setRouting', { routing })).toMatchObject({ ok: false, error: { code: 'approval_required' } });
    expect(await value<KitchenRoutingView>(call('kitchen.setRouting', { routing, managerPin: '9999' }))).toMatchObject({
      routing: { stations: expect.arrayContaining(['dessert-bar']) },
    });
    expect(await call('kitchen.setRouting', { routing })).toMatchObject({ ok: false, error: { code: 'approval_required' } });
  });

  it('guard discarding a dead letter and cancelling a print job, letting them through with the PIN', async () => {
    expect(await call('deadLetters.discard', { eventId: 'evt-1' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'approval_required', message: expect.stringContaining('discard') },
    });
    // Past the guard, the handler answers for itself.
    expect(await call('deadLetters.discard', { eventId: 'evt-1', managerPin: '9999' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('print.cancel', { jobId: 'job-1' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
    expect(await call('print.cancel', { jobId: 'job-1', managerPin: '9999' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('pulse the cash drawer from diagnostics only with a manager PIN; a test print needs nobody', async () => {
    expect(await call('devices.test', { deviceId: 'drawer' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'approval_required', message: expect.stringContaining('cash drawer') },
    });
    expect(await call('devices.test', { deviceId: 'drawer', managerPin: '9999' }, 'diagnostics')).toMatchObject({ ok: true });
    expect(await call('devices.test', { deviceId: 'receipt' }, 'diagnostics')).toMatchObject({ ok: true });
  });

  it('pair and revoke LAN devices only with a manager PIN: a pairing code opens the till to a new device', async () => {
    expect(await call('windows.pair', { role: 'cashier' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'approval_required', message: expect.stringContaining('pair a device') },
    });
    expect(await call('windows.pair', { role: 'cashier', managerPin: '9999' }, 'diagnostics')).toMatchObject({ ok: true });
    expect(await call('windows.revoke', { deviceId: 'no-such-device' }, 'diagnostics')).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
  });

  it('count wrong manager PINs against the caller, so settings cannot be used to guess one', async () => {
    const lan = 'ws:diagnostics@192.168.1.80';
    for (let i = 0; i < 4; i++) {
      expect(await call('print.cancel', { jobId: 'j', managerPin: '0000' }, 'diagnostics', lan)).toMatchObject({
        error: { code: 'approval_denied' },
      });
    }
    expect(await call('print.cancel', { jobId: 'j', managerPin: '0000' }, 'diagnostics', lan)).toMatchObject({
      error: { code: 'locked_out' },
    });
    expect(await call('print.cancel', { jobId: 'j', managerPin: '9999' }, 'diagnostics', lan)).toMatchObject({
      error: { code: 'locked_out' },
    });
    // Another window is not paused by it.
    expect(await call('print.cancel', { jobId: 'j', managerPin: '9999' }, 'diagnostics')).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('privileged commands elsewhere', () => {
  it('need nothing where sign-in was turned off in so many words', async () => {
    station = await startTestStation(dir.path, { stationId: 'station-open', staff: { signIn: SIGN_IN_DISABLED } }, { clock });
    expect(await call('print.cancel', { jobId: 'job-1' }, 'diagnostics')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('are refused on a kitchen station without staff, saying where the change is made instead', async () => {
    station = await startTestStation(dir.path, { stationId: 'station-kitchen', role: 'kitchen' }, { clock });
    expect(await call('print.cancel', { jobId: 'job-1' }, 'diagnostics')).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('station.json') },
    });
  });
});
