import pino from 'pino';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';
import { CardPaymentSaga } from './card-payment-saga.js';
import { OfflineForwarder } from './offline-forwarder.js';
import { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { OfflinePayments } from './offline-payments.js';
import { capturedCardPayments } from './payment-attempts.js';
import { SimulatedPaymentTerminal } from './simulated-terminal.js';
import { openSimulatedLedgerConnection, sqliteSimulatedLedger } from './sqlite-simulated-ledger.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  { id: 'latte', name: 'Latte', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
  { id: 'cake', name: 'Cake', category: 'Food', priceMinor: 4_000, currency: 'EUR', kitchenStation: 'bar' },
];
const limits = OfflineLimits.parse({ perPaymentMinor: 3_000, totalPendingMinor: 5_000, maxAgeMs: 3_600_000 });

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('card payments while the gateway is down (store and forward), real SQLite', () => {
  let dir: ReturnType<typeof tempDir>;
  let closers: (() => void)[];
  beforeEach(() => {
    dir = tempDir('offline-card');
    closers = [];
  });
  afterEach(() => {
    for (const close of closers.reverse()) close();
    dir.remove();
  });

  /** A station over a file; `reopen` gives a second process over the same file (a restart). */
  function station(path = join(dir.path, 'station.sqlite')) {
    const opened = openTestStore(path);
    closers.push(() => opened.db.close());
    const ledgerDb = openSimulatedLedgerConnection(path);
    closers.push(() => ledgerDb.close());
    const terminal = new SimulatedPaymentTerminal({ id: 'sim', ledger: sqliteSimulatedLedger(ledgerDb, 'sim') });
    const orders = new OrderService(opened.store, catalog, 'EUR', actor);
    const common = {
      db: opened.db,
      store: opened.store,
      terminal,
      actor,
      clock: opened.clock,
      logger: process.env['DBG'] ? (pino() as never) : silentLogger,
    };
    const saga = new CardPaymentSaga({ ...common, offlineLimits: limits, retry: { maxTries: 2 }, sleep: () => Promise.resolve() });
    const forwarder = new OfflineForwarder({ ...common, limits });
    const queue = new OfflinePayments(opened.db);
    return { ...opened, terminal, orders, saga, forwarder, queue, path };
  }
  type Station = ReturnType<typeof station>;

  const order = (s: Station, item = 'latte', quantity = 2) => value(s.orders.addLine({ orderType: 'takeout' }, item, quantity));
  const types = (s: Station, orderId: string) => s.store.orderEvents(orderId).map((e) => e.type);

  it('approves offline within the limits: the sale completes and the kitchen fires, nothing is captured', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const o = order(s);
    const done = await value(s.saga.start({ orderId: o.id, amountMinor: 760, tipMinor: 40 })).done;
    expect(done.state).toBe('offline_approved');
    expect(done.terminalRef).toMatch(/^SIM-/);
    const view = s.store.getOrder(o.id)!;
    expect(view.status).toBe('paid');
    expect(view.payments[0]).toMatchObject({ status: 'offline_approved', offline: { terminalRef: done.terminalRef } });
    expect(view.tickets).toHaveLength(1);
    expect(types(s, o.id)).toContain('PaymentApprovedOffline');
    expect(types(s, o.id)).not.toContain('PaymentCaptured');
    expect(s.terminal.charges()).toHaveLength(0);
    expect(s.queue.totals()).toMatchObject({ count: 1, amountMinor: 800, committedMinor: 800 });
  });

  it('refuses a payment over the per-payment limit with the reason, and writes nothing', () => {
    const s = station();
    s.terminal.setGateway(false);
    const o = order(s, 'cake', 1);
    const started = s.saga.start({ orderId: o.id, amountMinor: 4_000 });
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.code).toBe('offline_limit');
    expect(started.error.message).toContain('per card payment');
    expect(started.error.message).toContain('take cash');
    expect(s.saga.listForOrder(o.id)).toEqual([]);
    expect(s.terminal.calls).toEqual([]);
  });

  it('refuses once the station total would pass its limit, counting payments still being approved', async () => {
    const s = station();
    s.terminal.setGateway(false);
    // 2 × 2,280 reserved at once (neither answered yet), then a third that would make 6,840 > 5,000.
    const a = order(s, 'latte', 6);
    const b = order(s, 'latte', 6);
    const c = order(s, 'latte', 6);
    const first = value(s.saga.start({ orderId: a.id, amountMinor: 2_280 }));
    const second = value(s.saga.start({ orderId: b.id, amountMinor: 2_280 }));
    const third = s.saga.start({ orderId: c.id, amountMinor: 2_280 });
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.error.message).toMatch(/already holds .*4,560|already holds .*4\.560|awaiting forwarding/);
    await Promise.all([first.done, second.done]);
    expect(s.queue.totals().committedMinor).toBe(4_560);
  });

  it('releases the reservation when the card declines offline, so it no longer counts', async () => {
    const s = station();
    s.terminal.setGateway(false);
    s.terminal.script({ authorize: [{ kind: 'decline', reason: 'PIN blocked' }] });
    const o = order(s);
    const done = await value(s.saga.start({ orderId: o.id, amountMinor: 760 })).done;
    expect(done.state).toBe('declined');
    expect(s.queue.totals().committedMinor).toBe(0);
    expect(s.queue.get(done.attemptId)?.state).toBe('released');
  });

  it('without offline limits an unreachable gateway refuses the card', () => {
    const s = station();
    const saga = new CardPaymentSaga({ db: s.db, store: s.store, terminal: s.terminal, actor, clock: s.clock, logger: silentLogger });
    s.terminal.setGateway(false);
    const started = saga.start({ orderId: order(s).id, amountMinor: 760 });
    expect(started.ok ? 'ok' : started.error.code).toBe('offline_limit');
  });

  it('forwards oldest first when the gateway returns, once each, and the payments are captured', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      s.clock.advance(1_000);
      ids.push((await value(s.saga.start({ orderId: order(s).id, amountMinor: 760 })).done).attemptId);
    }
    expect((await s.forwarder.run()).forwarded).toBe(0); // still down: nothing sent
    expect(s.terminal.calls.filter((c) => c.op === 'forward')).toEqual([]);
    s.terminal.setGateway(true);
    const round = await s.forwarder.run();
    expect(round).toEqual({ forwarded: 3, declined: 0, expired: 0, left: 0 });
    const keys = s.terminal.calls.filter((c) => c.op === 'forward').map((c) => c.key);
    expect(keys).toEqual(ids.map((id) => `card-${id}`));
    expect(s.terminal.charges()).toHaveLength(3);
    expect(s.terminal.ledger().every((e) => (e.gatewayCharges ?? 0) <= 1)).toBe(true);
    for (const id of ids) expect(s.queue.get(id)?.state).toBe('captured');
    await s.forwarder.run();
    expect(s.terminal.calls.filter((c) => c.op === 'forward')).toHaveLength(3);
  });

  it('a decline at forwarding makes the order "payment declined after the sale" with the amount outstanding', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const o = order(s);
    const done = await value(s.saga.start({ orderId: o.id, amountMinor: 760, tipMinor: 40 })).done;
    s.terminal.setGateway(true);
    s.terminal.script({ forward: [{ kind: 'decline', reason: 'Insufficient funds' }] });
    expect(await s.forwarder.run()).toMatchObject({ declined: 1, left: 0 });
    const view = s.store.getOrder(o.id)!;
    expect(view.outstandingMinor).toBe(800);
    expect(view.payments[0]).toMatchObject({ status: 'declined_after_sale', offline: { lostReason: 'Insufficient funds' } });
    expect(s.queue.get(done.attemptId)).toMatchObject({ state: 'declined', reason: 'Insufficient funds' });
    expect(s.terminal.charges()).toHaveLength(0);
  });

  it('expires a payment older than the maximum age without ever sending it', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const o = order(s);
    await value(s.saga.start({ orderId: o.id, amountMinor: 760 })).done;
    s.clock.advance(limits.maxAgeMs);
    s.terminal.setGateway(true);
    expect(await s.forwarder.run()).toMatchObject({ expired: 1, forwarded: 0 });
    expect(s.terminal.calls.filter((c) => c.op === 'forward')).toEqual([]);
    expect(s.store.getOrder(o.id)!.payments[0]!.status).toBe('expired');
    expect(s.store.getOrder(o.id)!.outstandingMinor).toBe(760);
  });

  it('a lost forward answer is resolved by query, never sent under a new key nor charged twice', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const o = order(s);
    const done = await value(s.saga.start({ orderId: o.id, amountMinor: 760 })).done;
    s.terminal.setGateway(true);
    s.terminal.script({ forward: [{ kind: 'timeout_after_forwarding' }] });
    expect(await s.forwarder.run()).toMatchObject({ forwarded: 0, left: 1 });
    expect(s.queue.get(done.attemptId)?.state).toBe('forwarding');
    expect(await s.forwarder.run()).toMatchObject({ forwarded: 1, left: 0 });
    expect(s.terminal.calls.filter((c) => c.op === 'forward')).toHaveLength(1);
    expect(s.terminal.ledger()[0]!.gatewayCharges).toBe(1);
    expect(s.store.getOrder(o.id)!.payments[0]!.status).toBe('captured');
  });

  it('a forward that never reached the gateway is sent again under the same key after the query', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const done = await value(s.saga.start({ orderId: order(s).id, amountMinor: 760 })).done;
    s.terminal.setGateway(true);
    s.terminal.script({ forward: [{ kind: 'timeout_before_reaching' }] });
    await s.forwarder.run();
    expect(await s.forwarder.run()).toMatchObject({ forwarded: 1 });
    const calls = s.terminal.calls.filter((c) => c.op === 'forward' || c.op === 'query').map((c) => `${c.op}:${c.key}`);
    const key = `card-${done.attemptId}`;
    expect(calls).toEqual([`forward:${key}`, `query:${key}`, `forward:${key}`]);
  });

  it('an offline approval whose answer was lost is found by query and queued once', async () => {
    const s = station();
    s.terminal.setGateway(false);
    s.terminal.script({ authorize: [{ kind: 'timeout_after_approving' }] });
    const o = order(s);
    const done = await value(s.saga.start({ orderId: o.id, amountMinor: 760 })).done;
    expect(done.state).toBe('offline_approved');
    expect(types(s, o.id).filter((t) => t === 'PaymentApprovedOffline')).toHaveLength(1);
    expect(s.queue.totals().count).toBe(1);
  });

  it('the gateway returning before the terminal answers: approved online, the reservation released', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const o = order(s);
    const started = value(s.saga.start({ orderId: o.id, amountMinor: 760 }));
    s.terminal.setGateway(true);
    const done = await started.done;
    expect(done.state).toBe('approved');
    expect(s.queue.get(done.attemptId)?.state).toBe('released');
    expect(s.terminal.charges()).toHaveLength(1);
  });

  it('after a restart mid-forward the new process resolves the payment; the queue is only in this station', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const o = order(s);
    const done = await value(s.saga.start({ orderId: o.id, amountMinor: 760 })).done;
    s.terminal.setGateway(true);
    s.terminal.script({ forward: [{ kind: 'timeout_after_forwarding' }] });
    await s.forwarder.run();
    // A second process over the same file (the station restarted) finishes it from the rows alone.
    const again = station(s.path);
    expect(again.queue.get(done.attemptId)?.state).toBe('forwarding');
    expect(await again.forwarder.run()).toMatchObject({ forwarded: 1 });
    expect(again.terminal.ledger().find((e) => e.idempotencyKey === `card-${done.attemptId}`)?.gatewayCharges).toBe(1);
    // Another station's database holds no row for it: it can never forward it.
    const other = station(join(dir.path, 'other.sqlite'));
    expect(other.queue.toForward()).toEqual([]);
  });

  it('a forwarded offline payment can be refunded like a captured one; before forwarding it cannot', async () => {
    const s = station();
    s.terminal.setGateway(false);
    const done = await value(s.saga.start({ orderId: order(s).id, amountMinor: 760 })).done;
    const captured = capturedCardPayments(s.db);
    expect(captured.terminalRef(done.attemptId)).toBeUndefined();
    s.terminal.setGateway(true);
    await s.forwarder.run();
    expect(captured.terminalRef(done.attemptId)).toBe(done.terminalRef);
  });

  it('a cut gateway stays cut through a station restart (with its forwarding outcome), and forwards only once restored', async () => {
    const s = station();
    s.terminal.setGateway(false);
    s.terminal.setDefaultForward({ kind: 'decline', reason: 'Card reported stolen' });
    const done = await value(s.saga.start({ orderId: order(s).id, amountMinor: 760 })).done;
    expect(done.state).toBe('offline_approved');

    // A second process over the same file: the simulated outage outlives the restart, like a real one.
    const again = station(s.path);
    expect(again.terminal.gatewayReachable()).toBe(false);
    expect(again.terminal.defaultForwardBehaviour()).toEqual({ kind: 'decline', reason: 'Card reported stolen' });
    expect(await again.forwarder.run()).toMatchObject({ forwarded: 0 });
    expect(again.queue.get(done.attemptId)?.state).toBe('pending');
    // A new sale is still approved offline, against the same limits.
    const second = await value(again.saga.start({ orderId: order(again).id, amountMinor: 380 })).done;
    expect(second.state).toBe('offline_approved');

    again.terminal.setGateway(true);
    await again.forwarder.run();
    expect(again.queue.get(done.attemptId)?.state).toBe('declined');
    // Restored is remembered too: the next restart starts with the gateway up.
    expect(station(s.path).terminal.gatewayReachable()).toBe(true);
  });
});
