import { describe, expect, it } from 'vitest';
import { FakeStation, makeOrder, testCatalog } from '../testing/fake-station.js';
import { orderSelectors } from '../store/orders-slice.js';
import { startStation } from './start-station.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startStation', () => {
  it('loads the catalog and active orders when the cashier window comes online', async () => {
    const bridge = new FakeStation();
    const station = startStation('cashier', bridge);
    await flush();
    const state = station.store.getState();
    expect(state.connection.status).toBe('online');
    expect(state.catalog).toEqual({ items: testCatalog, loaded: true });
    expect(bridge.calls.map((c) => c.command).sort()).toEqual(['catalog.list', 'devices.list', 'orders.listActive', 'sync.status']);
  });

  it('kitchen loads only orders, and reloads them after a reconnect', async () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'kitchen' });
    const station = startStation('kitchen', bridge);
    await flush();
    bridge.setConnection({ status: 'offline' });
    bridge.setConnection({ status: 'connecting' });
    bridge.setConnection({ status: 'online' });
    await flush();
    expect(bridge.calls.map((c) => c.command).filter((c) => c === 'orders.listActive')).toHaveLength(2);
    expect(bridge.calls.map((c) => c.command)).not.toContain('catalog.list');
    expect(station.store.getState().notices).toEqual([]);
  });

  it('applies order.changed pushes to the read model', () => {
    const bridge = new FakeStation();
    const station = startStation('kitchen', bridge);
    const order = makeOrder({ status: 'paid' });
    bridge.push('order.changed', order);
    expect(orderSelectors.selectById(station.store.getState().orders, order.id)).toEqual(order);
  });

  it('the customer display loads only the catalog and orders (its role may call nothing else)', async () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'customer' });
    const station = startStation('customer', bridge);
    await flush();
    expect(bridge.calls.map((c) => c.command).sort()).toEqual(['catalog.list', 'orders.listActive']);
    expect(station.store.getState().notices).toEqual([]);
  });

  it('diagnostics runs under the cashier token without a role warning, and keeps sync and devices from pushes', async () => {
    const bridge = new FakeStation();
    const station = startStation('diagnostics', bridge);
    await flush();
    expect(station.store.getState().notices).toEqual([]);
    const sync = {
      state: 'backoff' as const, consecutiveFailures: 2, nextAttemptAt: null, lastSuccessAt: null, lastPushAt: null, lastPullAt: null,
      lastError: 'ECONNREFUSED', clockSkewMs: null, pullCursor: 0, outboxDepth: 3, oldestUnsentAgeMs: 1000, deadLetters: 0,
    };
    bridge.push('sync.changed', sync);
    expect(station.store.getState().status.sync).toEqual(sync);
  });

  it('warns when the token belongs to another window', () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'kitchen' });
    const station = startStation('cashier', bridge);
    expect(station.store.getState().notices.map((n) => n.message)).toEqual([
      'This link is for the kitchen window, not the cashier window',
    ]);
  });

  it('shows a notice when the menu cannot be loaded', async () => {
    const bridge = new FakeStation();
    bridge.invoke = async () => ({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
    const station = startStation('cashier', bridge);
    await flush();
    expect(station.store.getState().notices.map((n) => n.message)).toContain('Could not load the menu: disk on fire');
  });

  it('disposes the bridge and stops listening', () => {
    const bridge = new FakeStation();
    const station = startStation('kitchen', bridge);
    station.dispose();
    bridge.push('order.changed', makeOrder());
    expect(bridge.disposed).toBe(true);
    expect(station.store.getState().orders.ids).toEqual([]);
  });
});
