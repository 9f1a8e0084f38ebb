import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import type { PairingCodeView, WindowAccessView } from '../../../shared/ipc/commands/windows.js';
import { CloseCode } from '../../../shared/ipc/wire.js';
import type { Station } from '../station.js';
import { startTestStation } from '../testing/station-harness.js';
import { tempDir } from '../testing/fixtures.js';
import { LAN_DEVICE_ADDRESS, lanRequest, onlyLoopbackOne } from '../testing/lan-request.js';
import { TestWsClient } from '../testing/ws-client.js';

const LAN = { localAddress: LAN_DEVICE_ADDRESS, rejectUnauthorized: false };

describe('LAN windows: pairing, device tokens, cap, Host allowlist and TLS on the window port', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  let clock: ManualClock;
  let port: string;
  const clients: TestWsClient[] = [];

  async function start(config: Parameters<typeof startTestStation>[1] = {}): Promise<void> {
    clock = new ManualClock(Date.now());
    station = await startTestStation(dir.path, config, { clock, isLocalAddress: onlyLoopbackOne });
    port = new URL(station.url).port;
  }

  async function connect(url: string, options: ConstructorParameters<typeof TestWsClient>[2] = {}): Promise<TestWsClient> {
    const client = new TestWsClient(url, {}, options);
    clients.push(client);
    await client.opened();
    return client;
  }

  const secureUrl = () => `https://127.0.0.1:${port}`;
  const diagnostics = async () => {
    const client = await connect(`ws://127.0.0.1:${port}/ipc`);
    expect(await client.auth(station.tokens.diagnostics!)).toMatchObject({ t: 'welcome', role: 'diagnostics' });
    return client;
  };
  async function issue(role: 'kitchen' | 'customer' | 'cashier'): Promise<PairingCodeView> {
    const result = await station.dispatch('diagnostics', 'windows.pair', { role }, 'test');
    if (!result.ok) throw new Error(result.error.message);
    return result.value as PairingCodeView;
  }
  async function access(): Promise<WindowAccessView> {
    const result = await station.dispatch('diagnostics', 'windows.access', {}, 'test');
    if (!result.ok) throw new Error(result.error.message);
    return result.value as WindowAccessView;
  }
  const pair = (code: string, name = 'Kitchen tablet') => lanRequest(`${secureUrl()}/pair`, { json: { code, name } });

  beforeEach(() => {
    dir = tempDir('lan-windows');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await station.stop();
    dir.remove();
  });

  it('refuses the per-role window token from a LAN address, and takes it from this machine', async () => {
    await start();
    const lan = await connect(`wss://127.0.0.1:${port}/ipc`, LAN);
    expect(await lan.auth(station.tokens.kitchen!)).toMatchObject({ t: 'error', error: { code: 'unauthorized' } });
    expect((await lan.closed).code).toBe(CloseCode.unauthorized);
    const local = await connect(`ws://127.0.0.1:${port}/ipc`);
    expect(await local.auth(station.tokens.kitchen!)).toMatchObject({ t: 'welcome', role: 'kitchen' });
  });

  it('takes a window opened at the address the port is bound to as this machine, and another host as the LAN', async () => {
    // Bound to 127.0.0.2, which this test treats as a LAN address: only the same-address rule makes it local.
    await start({ http: { host: '127.0.0.2', port: 0 } });
    expect(station.url).toBe(`http://127.0.0.2:${port}`);
    const own = await connect(`ws://127.0.0.2:${port}/ipc`, { localAddress: '127.0.0.2' });
    expect(await own.auth(station.tokens.cashier!)).toMatchObject({ t: 'welcome', role: 'cashier' });
    const other = await connect(`wss://127.0.0.2:${port}/ipc`, { localAddress: '127.0.0.3', rejectUnauthorized: false });
    expect(await other.auth(station.tokens.cashier!)).toMatchObject({ t: 'error', error: { code: 'unauthorized' } });
  });

  it('pairs a LAN device with a single-use code for a token of its own, lists it, and revocation closes its window', async () => {
    await start();
    const code = await issue('kitchen');
    expect(code.code).toMatch(/^\d{6}$/);
    const paired = await pair(code.code);
    expect(paired.status).toBe(200);
    const { token, role, deviceId } = JSON.parse(paired.body) as { token: string; role: string; deviceId: string };
    expect(role).toBe('kitchen');
    expect(paired.headers['cache-control']).toBe('no-store');
    // Single use.
    expect((await pair(code.code, 'Second tablet')).status).toBe(403);

    const tablet = await connect(`wss://127.0.0.1:${port}/ipc`, LAN);
    expect(await tablet.auth(token)).toMatchObject({ t: 'welcome', role: 'kitchen' });
    expect(await tablet.request('orders.listActive', {})).toMatchObject({ ok: true });
    // Its role's commands only: a kitchen device cannot take payments.
    expect(await tablet.request('order.open', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const view = await access();
    expect(view.devices).toEqual([
      expect.objectContaining({ id: deviceId, name: 'Kitchen tablet', role: 'kitchen', connections: 1, lastSeenAt: clock.now() }),
    ]);
    expect(view.tlsFingerprint).toBe(station.tlsFingerprint);
    // While connected its frames keep "last seen" current (written at most once a minute).
    clock.advance(90_000);
    tablet.send({ t: 'ping', id: 'p1' });
    await tablet.next((f) => f.t === 'pong');
    expect((await access()).devices[0]?.lastSeenAt).toBe(clock.now());

    const admin = await diagnostics();
    expect(await admin.request('windows.revoke', { deviceId })).toEqual({ ok: true, value: { revoked: true, closedConnections: 1 } });
    expect(await tablet.closed).toMatchObject({ code: CloseCode.unauthorized, reason: 'device revoked' });
    const again = await connect(`wss://127.0.0.1:${port}/ipc`, LAN);
    expect(await again.auth(token)).toMatchObject({ t: 'error', error: { code: 'unauthorized' } });
    expect((await access()).devices).toEqual([]);
  });

  it('survives a restart with the device token (only its hash is stored)', async () => {
    await start();
    const { token } = JSON.parse((await pair((await issue('customer')).code, 'Customer display')).body) as { token: string };
    await station.stop();
    await start();
    const display = await connect(`wss://127.0.0.1:${port}/ipc`, LAN);
    expect(await display.auth(token)).toMatchObject({ t: 'welcome', role: 'customer' });
  });

  it('expires codes and withdraws every pending code after ten wrong ones', async () => {
    await start();
    const expiring = await issue('kitchen');
    clock.advance(5 * 60_000);
    expect((await pair(expiring.code)).status).toBe(403);

    const code = await issue('kitchen');
    const wrong = code.code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 9; i++) expect((await pair(wrong)).status).toBe(403);
    expect((await access()).failedAttempts).toBe(9);
    expect((await pair(wrong)).status).toBe(403);
    // The tenth wrong code withdrew the real one too: guessing stops here until the counter shows a new code.
    const locked = await pair(code.code);
    expect(locked.status).toBe(429);
    expect((await access()).pendingCodes).toEqual([]);
    const fresh = await issue('kitchen');
    expect((await pair(fresh.code)).status).toBe(200);
  });

  it('refuses a code for a window the station does not serve and diagnostics as a pairable role', async () => {
    await start({ role: 'kitchen' });
    expect(await station.dispatch('diagnostics', 'windows.pair', { role: 'cashier' }, 't')).toMatchObject({ ok: false });
    expect(await station.dispatch('diagnostics', 'windows.pair', { role: 'diagnostics' }, 't')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    // Only the station's own diagnostics window pairs devices.
    expect(await station.dispatch('kitchen', 'windows.pair', { role: 'kitchen' }, 't')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('caps window connections and refuses the next with 4429, counted in diagnostics', async () => {
    await start({ http: { host: '127.0.0.1', port: 0, maxConnections: 2 } });
    await connect(`ws://127.0.0.1:${port}/ipc`);
    await connect(`ws://127.0.0.1:${port}/ipc`);
    const third = await connect(`ws://127.0.0.1:${port}/ipc`);
    expect(await third.closed).toMatchObject({ code: CloseCode.tooManyConnections });
    const view = await access();
    expect(view).toMatchObject({ connections: 2, maxConnections: 2, refusedAtCap: 1 });
  });

  it('refuses pages and sockets for a Host it does not answer to (DNS rebinding), and takes configured names', async () => {
    await start({ http: { host: '127.0.0.1', port: 0, allowedHosts: ['pos-counter.lan'] } });
    const local = { from: '127.0.0.1' };
    expect((await lanRequest(`${station.url}/cashier`, { ...local, host: `attacker.example:${port}` })).status).toBe(421);
    expect((await lanRequest(`${station.url}/cashier`, { ...local, host: `pos-counter.lan:${port}` })).status).toBe(200);
    expect((await lanRequest(`${station.url}/cashier`, { ...local, host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await lanRequest(`${station.url}/cashier`, { ...local, host: `localhost:${port}` })).status).toBe(200);
    const rebound = new TestWsClient(`ws://127.0.0.1:${port}/ipc`, { Host: `attacker.example:${port}` });
    await expect(rebound.opened()).rejects.toThrow(/421/);
    expect((await access()).refusedHosts).toBe(2);
  });

  it('serves LAN devices over TLS with the station certificate and sends plain HTTP from the LAN to https', async () => {
    await start();
    const page = await lanRequest(`${secureUrl()}/kitchen`);
    expect(page.status).toBe(200);
    expect(page.fingerprint).toBe(station.tlsFingerprint);
    const plain = await lanRequest(`${station.url}/kitchen?x=1`);
    expect(plain.status).toBe(308);
    expect(plain.headers.location).toBe(`https://127.0.0.1:${port}/kitchen?x=1`);
    expect((await lanRequest(`${station.url}/pair`, { json: { code: '123456', name: 'x' } })).status).toBe(403);
    const cleartext = new TestWsClient(`ws://127.0.0.1:${port}/ipc`, {}, { localAddress: LAN_DEVICE_ADDRESS });
    await expect(cleartext.opened()).rejects.toThrow(/403/);
    // This machine keeps plain http.
    expect((await lanRequest(`${station.url}/kitchen`, { from: '127.0.0.1' })).status).toBe(200);
  });

  it('takes pairing requests only as JSON from its own origin, with a bounded body', async () => {
    await start();
    const code = (await issue('kitchen')).code;
    const form = await lanRequest(`${secureUrl()}/pair`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const foreign = await lanRequest(`${secureUrl()}/pair`, { json: { code, name: 'x' }, headers: { Origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const huge = await lanRequest(`${secureUrl()}/pair`, { json: { code, name: 'x'.repeat(5_000) } });
    expect(huge.status).toBe(413);
    expect((await lanRequest(`${secureUrl()}/pair`, { json: { code } })).status).toBe(400);
    // None of these used the code up.
    expect((await pair(code)).status).toBe(200);
  });
});
