import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';
import { CardPaymentSaga } from './card-payment-saga.js';
import { CardRefundSaga, type RefundSagaOptions } from './card-refund-saga.js';
import { SimulatedPaymentTerminal } from './simulated-terminal.js';
import { sqliteSimulatedLedger } from './sqlite-simulated-ledger.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  { id: 'latte', name: 'Latte', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
];

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('card refund saga over real SQLite and the simulated terminal', () => {
  let dir: ReturnType<typeof tempDir>;
  let closers: (() => void)[];
  beforeEach(() => {
    dir = tempDir('refund-saga');
    closers = [];
  });
  afterEach(() => {
    for (const close of closers.reverse()) close();
    dir.remove();
  });

  function open(path: string, terminal: SimulatedPaymentTerminal, extra: Partial<RefundSagaOptions> = {}) {
    const opened = openTestStore(path);
    closers.push(() => opened.db.close());
    const common = {
      db: opened.db,
      store: opened.store,
      terminal,
      actor,
      clock: opened.clock,
      logger: silentLogger,
      sleep: () => Promise.resolve(),
    };
    return {
      ...opened,
      payments: new CardPaymentSaga(common),
      refunds: new CardRefundSaga({ ...common, retry: { maxTries: 3 }, ...extra }),
    };
  }

  /** A latte ×2 (760) paid by card. */
  async function paidByCard(s: ReturnType<typeof open>) {
    const order = value(new OrderService(s.store, catalog, 'EUR', actor).addLine({ orderType: 'takeout' }, 'latte', 2));
    const attempt = await value(s.payments.start({ orderId: order.id, amountMinor: 760 })).done;
    expect(attempt.state).toBe('approved');
    return { orderId: order.id, paymentId: attempt.attemptId };
  }

  const refundEvents = (s: ReturnType<typeof open>, orderId: string) =>
    s.store.orderEvents(orderId).filter((e) => e.type === 'PaymentRefunded');

  it('refunds in full: one PaymentRefunded, the order is refunded, money back on the card', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'full.sqlite'), terminal);
    const paid = await paidByCard(s);
    const started = value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'wrong order' }));
    expect(started.refund.state).toBe('refunding');
    const done = await started.done;
    expect(done).toMatchObject({ state: 'refunded', amountMinor: 760, reason: 'wrong order' });
    expect(done.refundRef).toMatch(/^SIMR-/);
    expect(refundEvents(s, paid.orderId)).toHaveLength(1);
    const order = s.store.getOrder(paid.orderId)!;
    expect(order.status).toBe('refunded');
    expect(order.refundedMinor).toBe(760);
    expect(terminal.refundLedger()).toEqual([expect.objectContaining({ status: 'refunded', amountMinor: 760 })]);
  });

  it('a partial refund keeps the order paid; more than is left is refused before the terminal is asked', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'partial.sqlite'), terminal);
    const paid = await paidByCard(s);
    expect((await value(s.refunds.start({ ...paid, amountMinor: 380, reason: 'cold latte' })).done).state).toBe('refunded');
    expect(s.store.getOrder(paid.orderId)!.status).toBe('paid');
    expect(s.refunds.start({ ...paid, amountMinor: 381, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(terminal.calls.filter((c) => c.op === 'refund')).toHaveLength(1);
  });

  it('refused by the terminal: nothing recorded, the order keeps its money', async () => {
    const terminal = new SimulatedPaymentTerminal().script({ refund: [{ kind: 'refuse', reason: 'card expired' }] });
    const s = open(join(dir.path, 'refused.sqlite'), terminal);
    const paid = await paidByCard(s);
    const done = await value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' })).done;
    expect(done).toMatchObject({ state: 'refused', outcomeReason: 'card expired' });
    expect(refundEvents(s, paid.orderId)).toHaveLength(0);
    expect(s.store.getOrder(paid.orderId)!.refundedMinor).toBe(0);
  });

  it('timeout after the terminal refunded → query finds it: recorded exactly once, never sent twice', async () => {
    const terminal = new SimulatedPaymentTerminal().script({ refund: [{ kind: 'timeout_after_refunding' }] });
    const s = open(join(dir.path, 'lost-answer.sqlite'), terminal);
    const paid = await paidByCard(s);
    const done = await value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' })).done;
    expect(done.state).toBe('refunded');
    expect(terminal.calls.filter((c) => c.op === 'refund')).toHaveLength(1);
    expect(terminal.calls.filter((c) => c.op === 'queryRefund')).toHaveLength(1);
    expect(refundEvents(s, paid.orderId)).toHaveLength(1);
    expect(terminal.refundLedger().filter((r) => r.status === 'refunded')).toHaveLength(1);
  });

  it('timeout before reaching the terminal → not found → failed, nothing refunded; a new refund then works', async () => {
    const terminal = new SimulatedPaymentTerminal().script({ refund: [{ kind: 'timeout_before_reaching' }] });
    const s = open(join(dir.path, 'never-reached.sqlite'), terminal);
    const paid = await paidByCard(s);
    const failed = await value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' })).done;
    expect(failed.state).toBe('failed');
    expect(refundEvents(s, paid.orderId)).toHaveLength(0);
    const retried = await value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' })).done;
    expect(retried.state).toBe('refunded');
    expect(refundEvents(s, paid.orderId)).toHaveLength(1);
  });

  it('a second refund of the same money while one is in flight is refused', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'double.sqlite'), terminal);
    const paid = await paidByCard(s);
    const first = value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' }));
    expect(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    await first.done;
    expect(refundEvents(s, paid.orderId)).toHaveLength(1);
  });

  it('the same request key answers with the first refund', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'request-key.sqlite'), terminal);
    const paid = await paidByCard(s);
    const first = value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned', requestKey: 'refund-tap-1' }));
    await first.done;
    const again = value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned', requestKey: 'refund-tap-1' }));
    expect(again.refund.refundId).toBe(first.refund.refundId);
    expect(terminal.calls.filter((c) => c.op === 'refund')).toHaveLength(1);
  });

  it('restart mid-refund with a durable simulated ledger: recovery queries and records the refund once', async () => {
    const path = join(dir.path, 'restart.sqlite');
    const first = openTestStore(path);
    const terminal1 = new SimulatedPaymentTerminal({ id: 'sim', ledger: sqliteSimulatedLedger(first.db, 'sim') });
    const common1 = {
      db: first.db,
      store: first.store,
      terminal: terminal1,
      actor,
      clock: first.clock,
      logger: silentLogger,
      sleep: () => Promise.resolve(),
    };
    const payments1 = new CardPaymentSaga(common1);
    const order = value(new OrderService(first.store, catalog, 'EUR', actor).addLine({ orderType: 'takeout' }, 'latte', 2));
    const attempt = await value(payments1.start({ orderId: order.id, amountMinor: 760 })).done;
    // The terminal refunds, the answer is lost and every query fails too: the refund is left in flight.
    terminal1.script({ refund: [{ kind: 'timeout_after_refunding' }], query: ['timeout_before_reaching', 'timeout_before_reaching'] });
    const refunds1 = new CardRefundSaga({ ...common1, retry: { maxTries: 2 } });
    const left = await value(refunds1.start({ orderId: order.id, paymentId: attempt.attemptId, amountMinor: 760, reason: 'returned' }))
      .done;
    expect(left.state).toBe('unknown_resolving');
    first.db.close();

    // A new process: a new terminal object whose ledger is read back from SQLite.
    const second = openTestStore(path);
    closers.push(() => second.db.close());
    const terminal2 = new SimulatedPaymentTerminal({ id: 'sim', ledger: sqliteSimulatedLedger(second.db, 'sim') });
    const refunds2 = new CardRefundSaga({
      db: second.db,
      store: second.store,
      terminal: terminal2,
      actor,
      clock: second.clock,
      logger: silentLogger,
      sleep: () => Promise.resolve(),
    });
    const [resumed] = await refunds2.recover();
    expect(resumed).toMatchObject({ state: 'refunded', refundId: left.refundId });
    expect(terminal2.calls.map((c) => c.op)).toEqual(['queryRefund']);
    expect(second.store.orderEvents(order.id).filter((e) => e.type === 'PaymentRefunded')).toHaveLength(1);
    expect(second.store.getOrder(order.id)!.status).toBe('refunded');
    // Recovering again finds nothing in flight: never twice.
    expect(await refunds2.recover()).toEqual([]);
  });

  it('a refund row left "refunding" by a crash is resolved by query, not sent again', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'crash-refunding.sqlite'), terminal);
    const paid = await paidByCard(s);
    const terminalRef = terminal.charges()[0]!.terminalRef;
    const refundId = s.store.newId();
    s.db
      .prepare(
        `INSERT INTO refund_attempts (id, order_id, payment_id, idempotency_key, amount_minor, currency, reason, state, terminal_ref, created_at, updated_at)
         VALUES (?, ?, ?, ?, 760, 'EUR', 'returned', 'refunding', ?, 1, 1)`,
      )
      .run(refundId, paid.orderId, paid.paymentId, `refund-${refundId}`, terminalRef);
    // The crash happened after the terminal refunded.
    await terminal.refund({ terminalRef, amountMinor: 760, currency: 'EUR', idempotencyKey: `refund-${refundId}` });
    const callsBefore = terminal.calls.length;
    const [resumed] = await s.refunds.recover();
    expect(resumed!.state).toBe('refunded');
    expect(terminal.calls.slice(callsBefore).map((c) => c.op)).toEqual(['queryRefund']);
    expect(refundEvents(s, paid.orderId)).toHaveLength(1);
  });

  it('asks the approval hook and records who approved; a refusal stops the refund before the terminal', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'approval.sqlite'), terminal, {
      approvals: {
        enforced: true,
        approve: (_action, managerPin) =>
          managerPin === '2468'
            ? { ok: true, approvedBy: 'm-morgan' }
            : { ok: false, error: { code: 'forbidden', message: 'A manager PIN is required' } },
      },
    });
    const paid = await paidByCard(s);
    expect(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(terminal.calls.filter((c) => c.op === 'refund')).toHaveLength(0);
    const done = await value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned', managerPin: '2468' })).done;
    expect(done).toMatchObject({ state: 'refunded', approvedBy: 'm-morgan' });
    const event = refundEvents(s, paid.orderId)[0]!;
    expect(event.type === 'PaymentRefunded' && event.payload.approvedBy).toBe('m-morgan');
  });

  it("a change listener that throws once the refund is recorded does not send it to the terminal's record again", async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'throwing-listener.sqlite'), terminal);
    const paid = await paidByCard(s);
    const seen: string[] = [];
    s.refunds.onChange((r) => {
      seen.push(r.state);
      if (r.state === 'refunded') throw new Error('push failed');
    });
    const done = await value(s.refunds.start({ ...paid, amountMinor: 760, reason: 'returned' })).done;
    expect(done.state).toBe('refunded');
    expect(seen).toEqual(['refunding', 'refunded']);
    expect(terminal.calls.filter((c) => c.op === 'refund')).toHaveLength(1);
    expect(terminal.calls.filter((c) => c.op === 'queryRefund')).toHaveLength(0);
    expect(refundEvents(s, paid.orderId)).toHaveLength(1);
  });

  it('refuses cash payments and unknown payments', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const s = open(join(dir.path, 'cash.sqlite'), terminal);
    const orders = new OrderService(s.store, catalog, 'EUR', actor);
    const order = value(orders.addLine({ orderType: 'takeout' }, 'latte', 1));
    const cash = value(orders.payCash(order.id, 500)).order;
    const cashPayment = cash.payments[0]!.paymentId;
    expect(s.refunds.start({ orderId: order.id, paymentId: cashPayment, amountMinor: 380, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(s.refunds.start({ orderId: order.id, paymentId: s.store.newId(), amountMinor: 380, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('simulated terminal ledger in SQLite', () => {
  it('a charge whose answer was lost survives a restart: query finds it approved, not "not found"', async () => {
    const dir = tempDir('sim-ledger');
    try {
      const path = join(dir.path, 'ledger.sqlite');
      const first = openTestStore(path);
      const t1 = new SimulatedPaymentTerminal({ id: 'sim', ledger: sqliteSimulatedLedger(first.db, 'sim') }).script({
        authorize: [{ kind: 'timeout_after_approving' }],
      });
      await expect(t1.authorize({ amountMinor: 500, currency: 'EUR', idempotencyKey: 'card-key-1' })).rejects.toThrow(/answer was lost/);
      first.db.close();
      const second = openTestStore(path);
      const t2 = new SimulatedPaymentTerminal({ id: 'sim', ledger: sqliteSimulatedLedger(second.db, 'sim') });
      expect(await t2.query('card-key-1')).toMatchObject({ kind: 'approved', amountMinor: 500, settlement: 'held' });
      // New references never collide with those issued before the restart.
      const next = await t2.authorize({ amountMinor: 100, currency: 'EUR', idempotencyKey: 'card-key-2' });
      expect(next.kind === 'approved' && next.terminalRef).not.toBe(t2.ledger()[0]!.terminalRef);
      second.db.close();
    } finally {
      dir.remove();
    }
  });
});
