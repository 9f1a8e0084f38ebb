import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/order-view.js';
import { ConfigError, loadStationConfig, parseStationConfig } from './config.js';
import { DEMO_STAFF } from './staff/demo-staff.js';
import type { Station } from './station.js';
import { tempDir } from './testing/fixtures.js';
import { startTestStation } from './testing/station-harness.js';
import { TestWsClient } from './testing/ws-client.js';

describe('station role in the config', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('station-role-config')));
  afterEach(() => dir.remove());

  it('is a counter unless told otherwise', () => {
    expect(parseStationConfig({}, 'test').role).toBe('counter');
    expect(parseStationConfig({ role: 'kitchen' }, 'test').role).toBe('kitchen');
  });

  it('refuses a role it does not know, naming the field', () => {
    expect(() => parseStationConfig({ role: 'bar' }, 'station.json')).toThrow(ConfigError);
    expect(() => parseStationConfig({ role: 'bar' }, 'station.json')).toThrow(/→ at role/);
  });

  it('takes the launcher flag over the file', () => {
    writeFileSync(join(dir.path, 'station.json'), JSON.stringify({ role: 'counter', stationId: 'kitchen-pc' }));
    const config = loadStationConfig({ dataDir: dir.path, overrides: { role: 'kitchen' } });
    expect(config).toMatchObject({ role: 'kitchen', stationId: 'kitchen-pc' });
  });
});

describe('a kitchen station', () => {
  let dir: ReturnType<typeof tempDir>;
  let counter: Station;
  let kitchen: Station;
  const clients: TestWsClient[] = [];

  async function window(station: Station, token: string): Promise<TestWsClient> {
    const client = new TestWsClient(`${station.url.replace('http', 'ws')}/ipc`);
    clients.push(client);
    await client.opened();
    await client.auth(token);
    return client;
  }

  /** A paid counter order with its kitchen ticket, as the counter station rings it up. */
  async function counterOrder(): Promise<OrderView> {
    const added = await counter.dispatch('cashier', 'order.addLine', { itemId: 'club-sandwich', quantity: 1 }, 'test');
    if (!added.ok) throw new Error(added.error.message);
    const order = added.value as OrderView;
    const paid = await counter.dispatch('cashier', 'order.payCash', { orderId: order.id, tenderedMinor: order.dueMinor }, 'test');
    if (!paid.ok) throw new Error(paid.error.message);
    return (paid.value as { order: OrderView }).order;
  }

  beforeEach(async () => {
    dir = tempDir('station-role');
    counter = await startTestStation(join(dir.path, 'counter'), { stationId: 'station-counter' });
    // Staff configured, as a shared station.json might have them: the kitchen still needs nobody signed in.
    kitchen = await startTestStation(join(dir.path, 'kitchen'), { stationId: 'station-kitchen', role: 'kitchen' }, { staff: DEMO_STAFF });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await kitchen.stop();
    await counter.stop();
    dir.remove();
  });

  it('issues tokens only for the kitchen, customer and diagnostics windows', () => {
    expect(kitchen.windows).toEqual(['kitchen', 'customer', 'diagnostics']);
    expect(Object.keys(kitchen.tokens).sort()).toEqual(['customer', 'diagnostics', 'kitchen']);
    expect(kitchen.tokens.cashier).toBeUndefined();
    expect(() => kitchen.windowUrl('cashier')).toThrow(
      'This kitchen station serves no cashier window (it serves kitchen, customer, diagnostics)',
    );
    expect(kitchen.windowUrl('kitchen')).toBe(`${kitchen.url}/kitchen#token=${kitchen.tokens.kitchen}`);
    expect(counter.windows).toEqual(['cashier', 'kitchen', 'customer', 'diagnostics']);
  });

  it("does not take the counter's cashier token", async () => {
    const client = new TestWsClient(`${kitchen.url.replace('http', 'ws')}/ipc`);
    clients.push(client);
    await client.opened();
    expect(await client.auth(counter.tokens.cashier!)).toMatchObject({ t: 'error', error: { code: 'unauthorized' } });
  });

  it('refuses cashier commands, from its windows and from a cashier role it does not serve', async () => {
    const order = await counterOrder();
    kitchen.store.applyRemote(counter.store.orderEvents(order.id));

    const kds = await window(kitchen, kitchen.tokens.kitchen!);
    expect(await kds.request('order.payCash', { orderId: order.id, tenderedMinor: 100 })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'A kitchen window may not call order.payCash' },
    });
    const viaDispatch = await kitchen.dispatch('cashier', 'order.payCash', { orderId: order.id, tenderedMinor: 100 }, 'test');
    expect(viaDispatch).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'This is a kitchen station: it has no cashier window, so order.payCash is not taken here; use a counter station',
      },
    });
    expect(await kitchen.dispatch('cashier', 'shift.open', { floatMinor: 0 }, 'test')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(kitchen.store.getOrder(order.id)?.paidMinor).toBe(order.paidMinor);
  });

  it('serves the kitchen window: tickets replicated from the counter are started there, with nobody signed in', async () => {
    const order = await counterOrder();
    kitchen.store.applyRemote(counter.store.orderEvents(order.id));
    const ticket = order.tickets[0]!;

    const kds = await window(kitchen, kitchen.tokens.kitchen!);
    const listed = await kds.request('orders.listActive', {});
    expect(listed.ok && (listed.value as { orders: OrderView[] }).orders.map((o) => o.id)).toEqual([order.id]);
    const started = await kds.request('ticket.start', { orderId: order.id, ticketId: ticket.ticketId });
    expect(started).toMatchObject({ ok: true, value: { tickets: [{ ticketId: ticket.ticketId, status: 'in_progress' }] } });
    // No till here: the configured staff are not offered for sign-in.
    expect(await kitchen.dispatch('kitchen', 'staff.list', {}, 'test')).toEqual({ ok: true, value: { staff: [] } });
  });

  it('serves its diagnostics window on its own token: devices, tests and sync status', async () => {
    const diagnostics = await window(kitchen, kitchen.tokens.diagnostics!);
    const devices = await diagnostics.request('devices.list', {});
    expect(devices.ok).toBe(true);
    const printer = (devices.ok ? (devices.value as { devices: { id: string; kind: string }[] }).devices : []).find(
      (d) => d.kind === 'printer',
    );
    expect(printer).toBeDefined();
    expect(await diagnostics.request('devices.test', { deviceId: printer!.id })).toMatchObject({ ok: true });
    expect(await diagnostics.request('diagnostics.get', {})).toMatchObject({ ok: true, value: { stationId: 'station-kitchen' } });
    expect(await diagnostics.request('order.open', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
