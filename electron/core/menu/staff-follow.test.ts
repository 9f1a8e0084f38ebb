import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import { ADMIN_TOKEN } from '../../../server/testing/admin.js';
import { http } from '../../../server/testing/http.js';
import type { StaffSessionView } from '../../../shared/ipc/commands/staff.js';
import { SIGN_IN_DISABLED } from '../staff/staff-config.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

const STORE = 'cafe';
const TOKEN = 'station-a-secret-0123456789abcdef';
const bootstrap = { storeId: STORE, stations: [{ stationId: 'station-a', token: TOKEN }] };

/** Staff as store data: set on the server (PINs hashed there), followed by a station whose config names no team. */
describe('the station follows the store staff', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  const stations: Station[] = [];

  beforeEach(async () => {
    dir = tempDir('staff-follow');
    server = await startCentralServer({ bootstrap, adminToken: ADMIN_TOKEN, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await server.close();
    dir.remove();
  });

  async function start(staff: 'disabled' | 'none') {
    const s = await startTestStation(join(dir.path, 'station-a'), {
      stationId: 'station-a',
      server: { url: server.url, token: TOKEN },
      ...(staff === 'disabled' ? { staff: { signIn: SIGN_IN_DISABLED } } : { staff: undefined }),
    });
    stations.push(s);
    return s;
  }
  async function setStaff(members: { id: string; name: string; role: 'cashier' | 'manager'; pin: string }[]) {
    const reply = await http(`${server.url}/v1/admin/stores/${STORE}/staff`, {
      token: ADMIN_TOKEN,
      method: 'PUT',
      json: { members, requireSignIn: true },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  }

  it('a station without a team of its own signs in the server’s staff, and follows a change live', async () => {
    await setStaff([
      { id: 'ana', name: 'Ana', role: 'manager', pin: '2468' },
      { id: 'ben', name: 'Ben', role: 'cashier', pin: '1357' },
    ]);
    // First start: the config chooses (sign-in off); it syncs and keeps the store's staff on disk.
    const first = await start('disabled');
    await first.sync!.syncNow();
    expect(first.storeData.current('staff')?.body.members.map((m) => m.id)).toEqual(['ana', 'ben']);
    await first.stop();
    stations.splice(0);

    // Restarted with no staff section: the store's team is used.
    const s = await start('none');
    const signedIn = await s.dispatch('cashier', 'staff.signIn', { pin: '1357' }, 'r1');
    expect(signedIn.ok && (signedIn.value as StaffSessionView).signedIn?.id).toBe('ben');
    // Sign-in is required: nothing sells without it.
    await s.dispatch('cashier', 'staff.signOut', {}, 'r2');
    expect((await s.dispatch('cashier', 'order.addLine', { itemId: 'espresso' }, 'r3')).ok).toBe(false);

    await setStaff([
      { id: 'ana', name: 'Ana', role: 'manager', pin: '2468' },
      { id: 'cleo', name: 'Cleo', role: 'cashier', pin: '8642' },
    ]);
    await s.sync!.syncNow();
    const cleo = await s.dispatch('cashier', 'staff.signIn', { pin: '8642' }, 'r4');
    expect(cleo.ok && (cleo.value as StaffSessionView).signedIn?.id).toBe('cleo');
    await s.dispatch('cashier', 'staff.signOut', {}, 'r5');
    // Ben is no longer on the team.
    expect((await s.dispatch('cashier', 'staff.signIn', { pin: '1357' }, 'r6')).ok).toBe(false);
  });
});
