import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import type { PushEventName } from '../../shared/ipc/contract.js';
import { silentLogger } from '../../shared/logger.js';
import type { OrderView } from '../../shared/order-view.js';
import { createElectronTransport } from '../core/ipc/electron-transport.js';
import { tempDir } from '../core/testing/fixtures.js';
import { APP_ORIGIN } from './app-protocol.js';
import { connectCore, type CoreClient, type CoreProcessLike } from './core-client.js';
import { runCoreHost, type ParentPortLike } from './core-host.js';
import { SIGN_IN_DISABLED } from '../core/staff/staff-config.js';

/**
 * Electron's utilityProcess channel in memory: every message is structured-cloned and delivered on a
 * later turn, as between two processes; `exit` reaches the main side like the child's exit event.
 */
function processPair() {
  const hostListeners: ((message: { data: unknown }) => void)[] = [];
  const mainListeners = { message: [] as ((message: unknown) => void)[], exit: [] as ((code: number) => void)[] };
  const exits: number[] = [];
  const port: ParentPortLike = {
    on: (_event, listener) => hostListeners.push(listener),
    postMessage: (message) => {
      const copy = structuredClone(message);
      setImmediate(() => mainListeners.message.forEach((listener) => listener(copy)));
    },
  };
  const child: CoreProcessLike = {
    postMessage: (message) => {
      const copy = structuredClone(message);
      setImmediate(() => hostListeners.forEach((listener) => listener({ data: copy })));
    },
    on: (event: 'message' | 'exit', listener: never) => mainListeners[event].push(listener),
  };
  const exit = (code: number) => {
    exits.push(code);
    setImmediate(() => mainListeners.exit.forEach((listener) => listener(code)));
  };
  return { port, child, exit, exits, sendRaw: (data: unknown) => hostListeners.forEach((listener) => listener({ data })) };
}

function startHost(dataDir: string) {
  const pair = processPair();
  runCoreHost({
    port: pair.port,
    logger: silentLogger,
    exit: pair.exit,
    stationOptions: { clock: new ManualClock(Date.now()), manualSync: true, staff: { signIn: SIGN_IN_DISABLED } },
  });
  const client = connectCore(pair.child, silentLogger);
  const started = client.start({ dataDir, rendererDir: join(dataDir, 'renderer'), demoStaff: false });
  return { pair, client, started };
}

async function until<T>(read: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the station core in its utility process (parentPort double, real core, real SQLite file)', () => {
  let dir: ReturnType<typeof tempDir>;
  const running: CoreClient[] = [];
  beforeEach(() => {
    dir = tempDir('core-host');
    writeFileSync(
      join(dir.path, 'station.json'),
      JSON.stringify({ http: { host: '127.0.0.1', port: 0 }, discovery: { mdns: false }, shell: { kiosk: ['cashier', 'customer'] } }),
    );
  });
  afterEach(async () => {
    for (const client of running.splice(0)) await client.stop();
    dir.remove();
  });

  it('starts, sells through the Electron transport, pushes to the kitchen and keeps the order across a restart', async () => {
    const { client, started, pair } = startHost(dir.path);
    running.push(client);
    const ready = await started;
    expect(ready).toMatchObject({
      stationId: 'station-1',
      windows: ['cashier', 'kitchen', 'customer', 'diagnostics'],
      open: ['cashier', 'kitchen', 'customer'],
      shell: { kiosk: ['cashier', 'customer'], fullScreen: [], startAtLogin: false, autoUpdate: true },
    });

    // The main process's view: webContents 1 is the cashier window, 2 the kitchen window.
    const roles = new Map([
      [1, 'cashier' as const],
      [2, 'kitchen' as const],
    ]);
    const transport = createElectronTransport({
      dispatch: client.dispatch,
      roleOf: (id) => roles.get(id),
      trustedUrlPrefix: `${APP_ORIGIN}/`,
      pushChannel: 'pos:push',
    });
    const kitchenPushes: { name: PushEventName; payload: unknown }[] = [];
    client.onPush((name, payload) =>
      transport.push(
        [{ webContentsId: 2, send: (_channel, pushName, pushPayload) => kitchenPushes.push({ name: pushName, payload: pushPayload }) }],
        name,
        payload,
      ),
    );
    const frame = (id: number) => ({ sender: { id }, senderFrame: { url: `${APP_ORIGIN}/index.html#window=x` } });

    const added = await transport.invoke(frame(1), 'order.addBarcode', { barcode: '4006381333931' });
    if (!added.ok) throw new Error(added.error.message);
    const orderId = (added.value as OrderView).id;
    expect(await transport.invoke(frame(2), 'order.payCash', { orderId, tenderedMinor: 500 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await transport.invoke(frame(1), 'order.payCash', { orderId, tenderedMinor: 500 })).toMatchObject({
      ok: true,
      value: { changeMinor: 280, order: { status: 'paid' } },
    });
    await until(() => kitchenPushes.find((p) => p.name === 'order.changed' && (p.payload as OrderView).status === 'paid'));
    const open = await transport.invoke(frame(1), 'order.addLine', { itemId: 'espresso' });
    if (!open.ok) throw new Error(open.error.message);
    const openId = (open.value as OrderView).id;
    expect(await transport.invoke(frame(1), 'order.delete', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });

    await client.stop();
    running.splice(0);
    expect(pair.exits).toEqual([0]);
    expect(await client.dispatch('cashier', 'orders.listActive', {}, 'after-exit')).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });

    // A second core on the same data directory reads the same SQLite file.
    const again = startHost(dir.path);
    running.push(again.client);
    await again.started;
    const active = await again.client.dispatch('cashier', 'orders.listActive', {}, 'r1');
    expect(active).toMatchObject({ ok: true });
    const ids = (active as { value: { orders: OrderView[] } }).value.orders.map((order) => order.id);
    expect(ids).toEqual(expect.arrayContaining([orderId, openId]));
  });

  it('ignores malformed messages, answers calls before start, refuses a second start', async () => {
    const pair = processPair();
    runCoreHost({
      port: pair.port,
      logger: silentLogger,
      exit: pair.exit,
      stationOptions: { manualSync: true, staff: { signIn: SIGN_IN_DISABLED } },
    });
    const client = connectCore(pair.child, silentLogger);
    for (const junk of [
      null,
      42,
      'start',
      { t: 'nope' },
      { t: 'call', id: -1 },
      { t: 'start', options: { dataDir: '' } },
      { t: 'stop', extra: 1 },
    ]) {
      pair.sendRaw(junk);
    }
    expect(await client.dispatch('cashier', 'catalog.list', {}, 'early')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    running.push(client);
    const ready = await client.start({ dataDir: dir.path, rendererDir: join(dir.path, 'renderer'), demoStaff: false });
    expect(ready.windows).toContain('cashier');
    pair.sendRaw({ t: 'start', options: { dataDir: dir.path, rendererDir: dir.path, demoStaff: false } });
    expect(await client.dispatch('cashier', 'catalog.list', {}, 'after')).toMatchObject({ ok: true });
  });

  it('reports a station that cannot start (bad station.json) instead of half-running', async () => {
    writeFileSync(join(dir.path, 'station.json'), JSON.stringify({ currency: 'euros' }));
    const { started, client } = startHost(dir.path);
    await expect(started).rejects.toThrow(/currency/);
    expect(await client.dispatch('cashier', 'catalog.list', {}, 'x')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('answers every pending call with unavailable when the core process dies', async () => {
    const listeners = { message: [] as ((m: unknown) => void)[], exit: [] as ((code: number) => void)[] };
    const sent: unknown[] = [];
    const child: CoreProcessLike = {
      postMessage: (message) => sent.push(message),
      on: (event: 'message' | 'exit', listener: never) => listeners[event].push(listener),
    };
    const client = connectCore(child, silentLogger);
    const exited: number[] = [];
    client.onExit((code) => exited.push(code));
    const call = client.dispatch('cashier', 'catalog.list', {}, 'r');
    expect(sent).toEqual([{ t: 'call', id: 0, role: 'cashier', command: 'catalog.list', args: {}, requestId: 'r' }]);
    // A result that does not parse is dropped, not half-delivered.
    listeners.message.forEach((listener) => listener({ t: 'result', id: 0, result: 'ok' }));
    listeners.exit.forEach((listener) => listener(9));
    expect(await call).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(exited).toEqual([9]);
    await client.stop();
  });
});
