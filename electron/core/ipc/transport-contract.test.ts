import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcResult, PushEventName, WindowRole } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';
import { TestWsClient } from '../testing/ws-client.js';
import { createElectronTransport } from './electron-transport.js';

interface TransportClient {
  invoke(command: string, args: unknown): Promise<IpcResult<unknown>>;
  pushes: { name: string; payload: unknown }[];
  close(): void;
}

type ClientFactory = (station: Station, role: WindowRole) => Promise<TransportClient>;

const overWebSocket: ClientFactory = async (station, role) => {
  const client = new TestWsClient(`${station.url.replace('http', 'ws')}/ipc`);
  await client.opened();
  await client.auth(station.tokens[role]!);
  return {
    invoke: (command, args) => client.request(command, args),
    get pushes() {
      return client.frames.flatMap((f) => (f.t === 'evt' ? [{ name: f.name, payload: f.payload }] : []));
    },
    close: () => client.close(),
  };
};

let nextWebContentsId = 1;
const overElectronIpc: ClientFactory = async (station, role) => {
  const id = nextWebContentsId++;
  const transport = createElectronTransport({
    dispatch: station.dispatch,
    roleOf: (webContentsId) => (webContentsId === id ? role : undefined),
    trustedUrlPrefix: 'file:///opt/pos/renderer/',
    pushChannel: 'pos:push',
  });
  const pushes: { name: string; payload: unknown }[] = [];
  const target = { webContentsId: id, send: (_channel: string, name: PushEventName, payload: unknown) => pushes.push({ name, payload }) };
  const unsubscribe = station.onPush((name, payload) => transport.push([target], name, payload));
  return {
    invoke: (command, args) =>
      transport.invoke({ sender: { id }, senderFrame: { url: 'file:///opt/pos/renderer/index.html' } }, command, args),
    pushes,
    close: unsubscribe,
  };
};

async function until<T>(read: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each([
  ['WebSocket', overWebSocket],
  ['Electron IPC', overElectronIpc],
] as const)('the IPC contract over %s', (_name, connect) => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  const clients: TransportClient[] = [];
  const open = async (role: WindowRole) => {
    const client = await connect(station, role);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    dir = tempDir('transport');
    station = await startTestStation(dir.path);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await station.stop();
    dir.remove();
  });

  it('lets a cashier sell and pushes every change to the kitchen', async () => {
    const cashier = await open('cashier');
    const kitchen = await open('kitchen');
    const added = await cashier.invoke('order.addBarcode', { barcode: '4006381333931' });
    if (!added.ok) throw new Error(added.error.message);
    const orderId = (added.value as OrderView).id;
    expect(await cashier.invoke('order.payCash', { orderId, tenderedMinor: 500 })).toMatchObject({
      ok: true,
      value: { changeMinor: 280, order: { status: 'paid', totalMinor: 220 } },
    });
    const paid = await until(() => kitchen.pushes.find((p) => p.name === 'order.changed' && (p.payload as OrderView).status === 'paid'));
    expect(paid.payload).toMatchObject({ id: orderId, ticketNumber: 1 });
    expect(await kitchen.invoke('orders.listActive', {})).toMatchObject({ ok: true, value: { orders: [{ id: orderId }] } });
  });

  it('keeps payments away from the kitchen', async () => {
    const cashier = await open('cashier');
    const kitchen = await open('kitchen');
    const added = await cashier.invoke('order.addLine', { itemId: 'espresso' });
    if (!added.ok) throw new Error(added.error.message);
    const orderId = (added.value as OrderView).id;
    for (const command of ['order.payCash', 'order.addLine', 'sync.now', 'diagnostics.get']) {
      expect(await kitchen.invoke(command, { orderId, tenderedMinor: 500, itemId: 'espresso' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(station.store.getOrder(orderId)?.status).toBe('open');
  });

  it('fires the paid order to the kitchen, which bumps it; roles stay apart', async () => {
    const cashier = await open('cashier');
    const kitchen = await open('kitchen');
    const added = await cashier.invoke('order.addLine', { itemId: 'espresso' });
    if (!added.ok) throw new Error(added.error.message);
    const orderId = (added.value as OrderView).id;
    expect(await kitchen.invoke('order.payCash', { orderId, tenderedMinor: 500 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await cashier.invoke('order.payCash', { orderId, tenderedMinor: 500 })).toMatchObject({ ok: true });
    // The first push the kitchen sees of the paid order already carries its ticket (one transaction).
    const paid = await until(() => kitchen.pushes.find((p) => p.name === 'order.changed' && (p.payload as OrderView).status === 'paid'));
    const [ticket] = (paid.payload as OrderView).tickets;
    expect(ticket).toMatchObject({ station: 'bar', status: 'queued' });
    const target = { orderId, ticketId: ticket!.ticketId };
    expect(await cashier.invoke('ticket.bump', target)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await kitchen.invoke('ticket.recall', target)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await kitchen.invoke('ticket.bump', target)).toMatchObject({ ok: true, value: { tickets: [{ status: 'bumped' }] } });
    await until(() => cashier.pushes.find((p) => p.name === 'order.changed' && (p.payload as OrderView).tickets[0]?.status === 'bumped'));
    expect(station.store.getOrder(orderId)?.tickets[0]?.status).toBe('bumped');
  });

  it('answers bad commands with typed errors and changes nothing', async () => {
    const cashier = await open('cashier');
    const before = station.store.outboxStats().depth;
    expect(await cashier.invoke('order.delete', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await cashier.invoke('order.addLine', { itemId: 'Espresso!' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await cashier.invoke('order.addLine', { itemId: 'espresso', quantity: 1.5 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await cashier.invoke('order.payCash', { orderId: '018f0000-0000-7000-8000-000000000000', tenderedMinor: 5 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await cashier.invoke('order.addBarcode', { barcode: '4006381333932' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_barcode' },
    });
    expect(station.store.outboxStats().depth).toBe(before);
    expect(station.store.listActive()).toEqual([]);
  });

  it('serves diagnostics and sync status', async () => {
    const cashier = await open('cashier');
    expect(await cashier.invoke('sync.status', {})).toEqual({ ok: true, value: null });
    const diagnostics = await cashier.invoke('diagnostics.get', {});
    expect(diagnostics).toMatchObject({
      ok: true,
      value: {
        stationId: 'station-1',
        sync: null,
        deadLetters: [],
        devices: expect.arrayContaining([expect.objectContaining({ id: 'receipt', simulated: true })]),
      },
    });
    expect((diagnostics as { value: { databaseBytes: number } }).value.databaseBytes).toBeGreaterThan(0);
    expect(await cashier.invoke('deadLetters.replay', { eventId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('Electron IPC sender checks', () => {
  it('refuses frames outside the bundled page and windows it did not open', async () => {
    const dispatched: string[] = [];
    const transport = createElectronTransport({
      dispatch: async (_role, command) => {
        dispatched.push(command);
        return { ok: true, value: null };
      },
      roleOf: (id) => (id === 1 ? 'cashier' : undefined),
      trustedUrlPrefix: 'file:///opt/pos/renderer/',
      pushChannel: 'pos:push',
    });
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'This window may not call the station' } };
    expect(await transport.invoke({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } }, 'catalog.list', {})).toEqual(
      forbidden,
    );
    expect(await transport.invoke({ sender: { id: 1 }, senderFrame: null }, 'catalog.list', {})).toEqual(forbidden);
    expect(
      await transport.invoke({ sender: { id: 2 }, senderFrame: { url: 'file:///opt/pos/renderer/index.html' } }, 'catalog.list', {}),
    ).toEqual(forbidden);
    expect(
      await transport.invoke({ sender: { id: 1 }, senderFrame: { url: 'file:///opt/pos/renderer/index.html' } }, 42, {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(dispatched).toEqual([]);
  });
});
