import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';
import { CardPaymentSaga } from './card-payment-saga.js';
import { CardRefundSaga } from './card-refund-saga.js';
import { OfflineForwarder } from './offline-forwarder.js';
import { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { OfflinePayments } from './offline-payments.js';
import { SimulatedPaymentTerminal } from './simulated-terminal.js';
import { openSimulatedLedgerConnection, sqliteSimulatedLedger } from './sqlite-simulated-ledger.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  { id: 'latte', name: 'Latte', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
];
const limits = OfflineLimits.parse({ perPaymentMinor: 3_000, totalPendingMinor: 5_000, maxAgeMs: 3_600_000 });

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('refunding a card payment approved offline and not yet forwarded (voided, never forwarded), real SQLite', () => {
  let dir: ReturnType<typeof tempDir>;
  let closers: (() => void)[];
  beforeEach(() => {
    dir = tempDir('offline-refund');
    closers = [];
  });
  afterEach(() => {
    for (const close of closers.reverse()) close();
    dir.remove();
  });

  /** A station over a file; a second call over the same path is the station after a restart. */
  function station(path = join(dir.path, 'station.sqlite')) {
    const opened = openTestStore(path);
    closers.push(() => opened.db.close());
    const ledgerDb = openSimulatedLedgerConnection(path);
    closers.push(() => ledgerDb.close());
    const terminal = new SimulatedPaymentTerminal({ id: 'sim', ledger: sqliteSimulatedLedger(ledgerDb, 'sim') });
    const common = { db: opened.db, store: opened.store, terminal, actor, clock: opened.clock, logger: silentLogger };
    return {
      ...opened,
      path,
      terminal,
      orders: new OrderService(opened.store, catalog, 'EUR', actor),
      saga: new CardPaymentSaga({ ...common, offlineLimits: limits, retry: { maxTries: 2 }, sleep: () => Promise.resolve() }),
      refunds: new CardRefundSaga({ ...common, timeouts: { voidMs: 1_000 } }),
      forwarder: new OfflineForwarder({ ...common, limits }),
      queue: new OfflinePayments(opened.db),
    };
  }
  type Station = ReturnType<typeof station>;

  async function soldOffline(s: Station) {
    s.terminal.setGateway(false);
    const order = value(s.orders.addLine({ orderType: 'takeout' }, 'latte', 2));
    const done = await value(s.saga.start({ orderId: order.id, amountMinor: 760 })).done;
    expect(done.state).toBe('offline_approved');
    return { orderId: order.id, paymentId: done.attemptId, key: `card-${done.attemptId}` };
  }

  it('a full refund voids the stored payment with its queue row in one commit: never forwarded, nothing charged', async () => {
    const s = station();
    const sale = await soldOffline(s);
    const started = value(s.refunds.start({ orderId: sale.orderId, paymentId: sale.paymentId, amountMinor: 760, reason: 'Changed mind' }));
    expect(started.refund.state).toBe('refunded');
    // The books and the queue moved together, before the terminal was asked.
    expect(s.queue.get(sale.paymentId)?.state).toBe('voiding');
    expect(s.store.orderEvents(sale.orderId).map((e) => e.type)).toContain('PaymentRefunded');
    await started.done;
    expect(s.queue.get(sale.paymentId)?.state).toBe('voided');
    const order = s.store.getOrder(sale.orderId)!;
    expect(order.payments[0]).toMatchObject({ status: 'voided', refundedMinor: 760 });
    expect(order.status).toBe('refunded');
    // It no longer counts against the offline limits, and the gateway coming back forwards nothing.
    expect(s.queue.totals()).toMatchObject({ count: 0, committedMinor: 0 });
    s.terminal.setGateway(true);
    expect(await s.forwarder.run()).toMatchObject({ forwarded: 0, declined: 0, left: 0 });
    expect(s.terminal.ledger().find((e) => e.idempotencyKey === sale.key)).toMatchObject({ status: 'voided' });
    expect(s.terminal.calls.filter((c) => c.op === 'forward')).toEqual([]);
    expect(s.refunds.listForOrder(sale.orderId)).toEqual([
      expect.objectContaining({ state: 'refunded', refundRef: expect.stringMatching(/^VOID-SIM-/) }),
    ]);
  });

  it('a partial refund is refused, naming when it can be done; nothing is written', async () => {
    const s = station();
    const sale = await soldOffline(s);
    const before = s.store.orderEvents(sale.orderId).length;
    const started = s.refunds.start({ orderId: sale.orderId, paymentId: sale.paymentId, amountMinor: 380, reason: 'One latte' });
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.message).toContain('can only be refunded in full now (€7.60');
    expect(started.error.message).toContain('once it has been forwarded, when the card gateway is back');
    expect(s.store.orderEvents(sale.orderId)).toHaveLength(before);
    expect(s.queue.get(sale.paymentId)?.state).toBe('pending');
    expect(s.refunds.listForOrder(sale.orderId)).toEqual([]);
  });

  it('a payment being forwarded right now is refused until it has been forwarded', async () => {
    const s = station();
    const sale = await soldOffline(s);
    expect(s.queue.move(sale.paymentId, 'pending', 'forwarding', s.clock.now())).toBe(true);
    const started = s.refunds.start({ orderId: sale.orderId, paymentId: sale.paymentId, amountMinor: 760, reason: 'Changed mind' });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toContain('being forwarded to the card gateway right now');
    expect(s.queue.get(sale.paymentId)?.state).toBe('forwarding');
  });

  it('a crash between the refund commit and the terminal void: never forwarded, and the restarted station voids it', async () => {
    const s = station();
    const sale = await soldOffline(s);
    // The void never reaches the terminal (the process dies, or the answer is lost): only the commit happened.
    s.terminal.script({ void: ['timeout_before_reaching'] });
    await value(s.refunds.start({ orderId: sale.orderId, paymentId: sale.paymentId, amountMinor: 760, reason: 'Changed mind' })).done;
    expect(s.queue.get(sale.paymentId)?.state).toBe('voiding');
    expect(s.terminal.ledger().find((e) => e.idempotencyKey === sale.key)).toMatchObject({ status: 'offline' });

    const again = station(s.path);
    again.terminal.setGateway(true);
    // The gateway is back before the void is retried: the queue row alone keeps it from being sent.
    expect(await again.forwarder.run()).toMatchObject({ forwarded: 0, left: 0 });
    expect(again.terminal.calls.filter((c) => c.op === 'forward')).toEqual([]);
    await again.refunds.recover();
    expect(again.queue.get(sale.paymentId)?.state).toBe('voided');
    expect(again.terminal.ledger().find((e) => e.idempotencyKey === sale.key)).toMatchObject({ status: 'voided' });
    expect(again.terminal.ledger().every((e) => (e.gatewayCharges ?? 0) === 0)).toBe(true);
    // Exactly one refund on the books.
    expect(again.store.orderEvents(sale.orderId).filter((e) => e.type === 'PaymentRefunded')).toHaveLength(1);
  });
});
