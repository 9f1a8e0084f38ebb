import { describe, expect, it } from 'vitest';
import { FakeStation, makeOrder, testCatalog } from '../testing/fake-station.js';
import { orderSelectors } from '../store/orders-slice.js';
import type { PaymentAttemptView, RefundAttemptView } from '../../../shared/ipc/commands/payments.js';
import { startStation } from './start-station.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startStation', () => {
  it('loads the catalog, active orders, the staff session and the till when the cashier window comes online', async () => {
    const bridge = new FakeStation();
    const station = startStation('cashier', bridge);
    await flush();
    const state = station.store.getState();
    expect(state.connection.status).toBe('online');
    expect(state.catalog).toEqual({ items: testCatalog, loaded: true, menu: null });
    expect(state.staff).toEqual({ session: bridge.staffSession, shift: null, shiftLoaded: true });
    expect(bridge.calls.map((c) => c.command).sort()).toEqual([
      'catalog.list',
      'devices.list',
      'menu.availability',
      'mesh.status',
      'orders.listActive',
      'payment.refundsDue',
      'shift.current',
      'staff.current',
      'sync.status',
    ]);
    expect(state.notices).toEqual([]);
  });

  it('reloads refunds due after a reconnect: a cancellation pushed while offline is not lost, a settled one leaves', async () => {
    const bridge = new FakeStation();
    const settled = makeOrder({ status: 'refund_pending', refundDueMinor: 250, ticketNumber: 7 });
    bridge.orders.set(settled.id, settled);
    const paid = makeOrder({ status: 'paid', ticketNumber: 8 });
    bridge.orders.set(paid.id, paid);
    const station = startStation('cashier', bridge);
    await flush();
    expect(station.store.getState().refundsDue.orders.map((o) => o.ticketNumber)).toEqual([7]);

    bridge.setConnection({ status: 'offline' });
    // Both happen while the window is away: their pushes never arrive.
    bridge.cancelOrder(paid.id);
    bridge.orders.set(settled.id, { ...settled, status: 'refunded', eventCount: settled.eventCount + 1 });
    expect(station.store.getState().refundsDue.orders.map((o) => o.ticketNumber)).toEqual([7]);

    bridge.setConnection({ status: 'connecting' });
    bridge.setConnection({ status: 'online' });
    await flush();
    expect(station.store.getState().refundsDue.orders.map((o) => o.ticketNumber)).toEqual([8]);
    expect(bridge.calls.filter((c) => c.command === 'payment.refundsDue')).toHaveLength(2);
    expect(bridge.calls.filter((c) => c.command === 'staff.current')).toHaveLength(2);
    expect(bridge.calls.filter((c) => c.command === 'shift.current')).toHaveLength(2);
  });

  it('with sign-in required, loads the till only once someone signs in', async () => {
    const bridge = new FakeStation();
    bridge.staffSession = { requireSignIn: true, signedIn: null, signedInAt: null };
    const station = startStation('cashier', bridge);
    await flush();
    expect(bridge.calls.map((c) => c.command)).not.toContain('payment.refundsDue');
    bridge.push('staff.changed', { requireSignIn: true, signedIn: { id: 'alex', name: 'Alex', role: 'cashier' }, signedInAt: 5 });
    await flush();
    expect(station.store.getState().staff.session?.signedIn?.name).toBe('Alex');
    expect(bridge.calls.filter((c) => c.command === 'payment.refundsDue')).toHaveLength(1);
    expect(bridge.calls.filter((c) => c.command === 'shift.current')).toHaveLength(1);
  });

  it('turns every cashier push into store state', () => {
    const bridge = new FakeStation();
    const station = startStation('cashier', bridge);
    const order = makeOrder({ status: 'paid' });
    const attempt: PaymentAttemptView = {
      attemptId: order.id,
      orderId: order.id,
      method: 'card',
      state: 'authorizing',
      amountMinor: 100,
      tipMinor: 0,
      currency: 'EUR',
      cancelRequested: false,
      createdAt: 1,
      updatedAt: 1,
    };
    const refund: RefundAttemptView = {
      refundId: 'r-1',
      orderId: order.id,
      paymentId: order.id,
      state: 'refunding',
      amountMinor: 100,
      currency: 'EUR',
      reason: 'cold',
      createdAt: 1,
      updatedAt: 1,
    };
    bridge.push('payment.changed', attempt);
    bridge.push('payment.refundChanged', refund);
    bridge.push('shift.changed', null);
    bridge.push('kitchen.routingChanged', bridge.routing);
    bridge.push('scanner.scanned', { deviceId: 'scanner', barcode: '4006381333931' });
    bridge.push('print.jobChanged', {
      id: 'job-1',
      kind: 'receipt',
      printerId: 'receipt',
      route: 'receipt',
      state: 'done',
      attempts: 1,
      reprintOf: null,
      orderId: order.id,
      lastError: null,
      createdAt: 1,
      updatedAt: 2,
      doneAt: 2,
    });
    const state = station.store.getState();
    expect(state.payments.attempts[order.id]).toEqual(attempt);
    expect(state.payments.refunds['r-1']).toEqual(refund);
    expect(state.payments.movements).toBe(2);
    expect(state.staff.shiftLoaded).toBe(true);
    expect(state.routing.view).toEqual(bridge.routing);
    expect(state.scanner.recent).toEqual([{ seq: 1, barcode: '4006381333931' }]);
    expect(state.printJobs).toMatchObject({ jobs: [{ id: 'job-1' }], printed: 1 });
  });

  it('kitchen loads orders and routing, and reloads them after a reconnect', async () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'kitchen' });
    const station = startStation('kitchen', bridge);
    await flush();
    bridge.setConnection({ status: 'offline' });
    bridge.setConnection({ status: 'connecting' });
    bridge.setConnection({ status: 'online' });
    await flush();
    expect(bridge.calls.map((c) => c.command).filter((c) => c === 'orders.listActive')).toHaveLength(2);
    expect(bridge.calls.map((c) => c.command).filter((c) => c === 'kitchen.routing')).toHaveLength(2);
    expect(station.store.getState().routing.view).toEqual(bridge.routing);
    expect(bridge.calls.map((c) => c.command)).not.toContain('catalog.list');
    expect(station.store.getState().notices).toEqual([]);
  });

  it('keeps the store mesh from mesh.changed pushes, and reloads it after a reconnect (a push missed offline is not lost)', async () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'kitchen' });
    const station = startStation('kitchen', bridge);
    await flush();
    expect(station.store.getState().mesh.status).toEqual({ enabled: false, connected: 0, peers: [] });
    const peer = {
      found: 'listed' as const,
      url: 'http://192.168.1.22:4318',
      address: '192.168.1.22',
      stationId: 'counter-2',
      state: 'connected' as const,
      reason: null,
    };
    bridge.push('mesh.changed', { enabled: true, connected: 1, peers: [peer] });
    expect(station.store.getState().mesh.status?.connected).toBe(1);

    // The peer drops while this window is offline: the reconnect's reload says so.
    bridge.setConnection({ status: 'offline' });
    bridge.mesh = {
      enabled: true,
      storeId: 'demo-cafe',
      vector: {},
      peers: [{ ...peer, state: 'disconnected', reason: 'socket hang up', lastHeardAt: null, behind: {}, peerBehind: {}, shed: 0 }],
      refusedEvents: [],
    };
    bridge.push('mesh.changed', { enabled: true, connected: 0, peers: [{ ...peer, state: 'disconnected' }] });
    expect(station.store.getState().mesh.status?.connected).toBe(1);
    bridge.setConnection({ status: 'online' });
    await flush();
    expect(bridge.callsOf('mesh.status')).toHaveLength(2);
    expect(station.store.getState().mesh.status).toEqual({
      enabled: true,
      connected: 0,
      peers: [{ ...peer, state: 'disconnected', reason: 'socket hang up' }],
    });
  });

  it('applies order.changed pushes to the read model', () => {
    const bridge = new FakeStation();
    const station = startStation('kitchen', bridge);
    const order = makeOrder({ status: 'paid' });
    bridge.push('order.changed', order);
    expect(orderSelectors.selectById(station.store.getState().orders, order.id)).toEqual(order);
  });

  it('the customer display loads only the catalog, the orders and the order the cashier shows (its role may call nothing else)', async () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'customer' });
    const station = startStation('customer', bridge);
    await flush();
    expect(bridge.calls.map((c) => c.command).sort()).toEqual(['catalog.list', 'display.current', 'orders.listActive']);
    expect(station.store.getState().notices).toEqual([]);
    expect(station.store.getState().customerFacing.view).toEqual({ orderId: null });
    // The cashier recalls a tab: the core relays it.
    const order = makeOrder({ status: 'placed' });
    bridge.push('display.changed', { orderId: order.id });
    expect(station.store.getState().customerFacing.view).toEqual({ orderId: order.id });
  });

  it('diagnostics runs under the cashier token without a role warning, and keeps sync and devices from pushes', async () => {
    const bridge = new FakeStation();
    const station = startStation('diagnostics', bridge);
    await flush();
    expect(station.store.getState().notices).toEqual([]);
    const sync = {
      state: 'backoff' as const,
      consecutiveFailures: 2,
      nextAttemptAt: null,
      lastSuccessAt: null,
      lastPushAt: null,
      lastPullAt: null,
      lastError: 'ECONNREFUSED',
      clockSkewMs: null,
      pullCursor: 0,
      outboxDepth: 3,
      oldestUnsentAgeMs: 1000,
      deadLetters: 0,
    };
    bridge.push('sync.changed', sync);
    expect(station.store.getState().status.sync).toEqual(sync);
  });

  it('warns when the token belongs to another window', () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'kitchen' });
    const station = startStation('cashier', bridge);
    expect(station.store.getState().notices.map((n) => n.message)).toEqual(['This link is for the kitchen window, not the cashier window']);
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
