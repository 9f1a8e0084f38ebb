import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';
import { CardPaymentSaga } from './card-payment-saga.js';
import { SimulatedPaymentTerminal } from './simulated-terminal.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  { id: 'latte', name: 'Latte', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
];

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('card payment saga over real SQLite and the simulated terminal', () => {
  let dir: ReturnType<typeof tempDir>;
  let closers: (() => void)[];
  beforeEach(() => {
    dir = tempDir('card-saga');
    closers = [];
  });
  afterEach(() => {
    for (const close of closers) close();
    dir.remove();
  });

  function station(terminal = new SimulatedPaymentTerminal()) {
    const opened = openTestStore(join(dir.path, 'station.sqlite'));
    closers.push(() => opened.db.close());
    const orders = new OrderService(opened.store, catalog, 'EUR', actor);
    const saga = new CardPaymentSaga({
      db: opened.db,
      store: opened.store,
      terminal,
      actor,
      clock: opened.clock,
      logger: silentLogger,
      retry: { maxTries: 3 },
      sleep: () => Promise.resolve(),
    });
    const order = value(orders.addLine({ orderType: 'takeout' }, 'latte', 2)); // 760 due
    return { ...opened, orders, saga, terminal, order };
  }

  const paymentEvents = (s: ReturnType<typeof station>) =>
    s.store
      .orderEvents(s.order.id)
      .filter((e) => e.type.startsWith('Payment'))
      .map((e) => e.type);

  it('approve → captured and the order is paid', async () => {
    const s = station();
    const started = value(s.saga.start({ orderId: s.order.id, amountMinor: 760, tipMinor: 50 }));
    expect(started.attempt.state).toBe('authorizing');
    const done = await started.done;
    expect(done.state).toBe('approved');
    expect(s.store.getOrder(s.order.id)!.status).toBe('paid');
    expect(s.store.getOrder(s.order.id)!.tipMinor).toBe(50);
    expect(paymentEvents(s)).toEqual(['PaymentAuthorized', 'PaymentCaptured']);
    expect(s.terminal.charges()).toHaveLength(1);
    expect(s.terminal.charges()[0]!.amountMinor).toBe(810);
    // Settling by card sends the kitchen lines in the same write, as a cash payment does.
    const paid = s.store.getOrder(s.order.id)!;
    const stations = new Set(paid.lines.flatMap((l) => (l.kitchenStation ? [l.kitchenStation] : [])));
    expect(stations.size).toBe(1);
    expect(paid.tickets.map((t) => t.station).sort()).toEqual([...stations].sort());
  });

  it('records what the terminal reported of the card for the receipt: brand, last four, auth code, never the number', async () => {
    const s = station();
    await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    const authCode = s.terminal.charges()[0]!.authCode;
    const authorized = s.store.orderEvents(s.order.id).find((e) => e.type === 'PaymentAuthorized')!;
    expect(authorized.payload).toMatchObject({ card: { brand: 'VISA', lastFour: '4242', authCode } });
    expect(s.store.getOrder(s.order.id)!.payments[0]!.card).toEqual({ brand: 'VISA', lastFour: '4242', authCode });
  });

  it('keeps the card details when the approval is learned by a query after a lost answer', async () => {
    const s = station(new SimulatedPaymentTerminal().script({ authorize: [{ kind: 'timeout_after_approving' }] }));
    const done = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(done.state).toBe('approved');
    expect(s.store.getOrder(s.order.id)!.payments[0]!.card).toMatchObject({ brand: 'VISA', lastFour: '4242' });
  });

  it('decline → declined, order still open, nothing charged', async () => {
    const s = station(new SimulatedPaymentTerminal().script({ authorize: [{ kind: 'decline', reason: 'insufficient funds' }] }));
    const done = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(done.state).toBe('declined');
    expect(done.reason).toBe('insufficient funds');
    expect(s.store.getOrder(s.order.id)!.status).toBe('open');
    expect(s.store.getOrder(s.order.id)!.dueMinor).toBe(760);
    expect(paymentEvents(s)).toEqual(['PaymentFailed']);
    expect(s.terminal.charges()).toHaveLength(0);
    expect(s.terminal.holds()).toHaveLength(0);
  });

  it('timeout after the terminal approved → query resolves approved, exactly one charge', async () => {
    const s = station(new SimulatedPaymentTerminal().script({ authorize: [{ kind: 'timeout_after_approving' }] }));
    const done = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(done.state).toBe('approved');
    expect(s.store.getOrder(s.order.id)!.status).toBe('paid');
    expect(s.terminal.ledger()).toHaveLength(1);
    expect(s.terminal.charges()).toHaveLength(1);
    expect(s.terminal.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
    expect(s.terminal.calls.some((c) => c.op === 'query')).toBe(true);
  });

  it('timeout before reaching → not_found → failed; a retry uses a new key and works', async () => {
    const s = station(new SimulatedPaymentTerminal().script({ authorize: [{ kind: 'timeout_before_reaching' }] }));
    const first = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(first.state).toBe('failed');
    expect(s.store.getOrder(s.order.id)!.status).toBe('open');
    expect(s.terminal.ledger()).toHaveLength(0);
    const second = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(second.state).toBe('approved');
    const keys = s.terminal.calls.filter((c) => c.op === 'authorize').map((c) => c.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    expect(s.terminal.charges()).toHaveLength(1);
    expect(s.store.getOrder(s.order.id)!.status).toBe('paid');
  });

  it('crash recovery: an attempt left authorizing is resolved by query, never authorized again', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const path = join(dir.path, 'crash-authorizing.sqlite');
    const first = openTestStore(path);
    const order = value(new OrderService(first.store, catalog, 'EUR', actor).addLine({ orderType: 'takeout' }, 'latte', 1));
    // The crash point: the attempt row is committed, the terminal approved, our process died.
    const attemptId = first.store.newId();
    first.db
      .prepare(
        `INSERT INTO payment_attempts (id, order_id, idempotency_key, method, amount_minor, tip_minor, currency, state, created_at, updated_at)
         VALUES (?, ?, ?, 'card', 380, 0, 'EUR', 'authorizing', 1, 1)`,
      )
      .run(attemptId, order.id, `card-${attemptId}`);
    await terminal.authorize({ amountMinor: 380, currency: 'EUR', idempotencyKey: `card-${attemptId}` });
    first.db.close();

    const second = openTestStore(path);
    closers.push(() => second.db.close());
    const saga = new CardPaymentSaga({
      db: second.db,
      store: second.store,
      terminal,
      actor,
      clock: second.clock,
      logger: silentLogger,
      sleep: () => Promise.resolve(),
    });
    const [resumed] = await saga.recover();
    expect(resumed!.state).toBe('approved');
    expect(second.store.getOrder(order.id)!.status).toBe('paid');
    expect(terminal.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
    expect(terminal.calls.some((c) => c.op === 'query')).toBe(true);
    expect(terminal.charges()).toHaveLength(1);
    expect(
      second.store
        .orderEvents(order.id)
        .filter((e) => e.type.startsWith('Payment'))
        .map((e) => e.type),
    ).toEqual(['PaymentAuthorized', 'PaymentCaptured']);
  });

  it('crash recovery from unknown_resolving: a fresh saga queries the terminal and finishes the payment', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const path = join(dir.path, 'crash.sqlite');
    const first = openTestStore(path);
    const orders = new OrderService(first.store, catalog, 'EUR', actor);
    const order = value(orders.addLine({ orderType: 'takeout' }, 'latte', 1));
    // Terminal approved; our process died before recording anything but the in-flight row.
    terminal.script({
      authorize: [{ kind: 'timeout_after_approving' }],
      query: ['timeout_before_reaching', 'timeout_before_reaching', 'timeout_before_reaching'],
    });
    const saga1 = new CardPaymentSaga({
      db: first.db,
      store: first.store,
      terminal,
      actor,
      clock: first.clock,
      logger: silentLogger,
      retry: { maxTries: 3 },
      sleep: () => Promise.resolve(),
    });
    const left = await value(saga1.start({ orderId: order.id, amountMinor: 380 })).done;
    expect(left.state).toBe('unknown_resolving');
    first.db.close();

    const second = openTestStore(path);
    closers.push(() => second.db.close());
    const saga2 = new CardPaymentSaga({
      db: second.db,
      store: second.store,
      terminal,
      actor,
      clock: second.clock,
      logger: silentLogger,
      sleep: () => Promise.resolve(),
    });
    const [resumed] = await saga2.recover();
    expect(resumed!.state).toBe('approved');
    expect(second.store.getOrder(order.id)!.status).toBe('paid');
    expect(terminal.charges()).toHaveLength(1);
    expect(terminal.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
  });

  it('capture failure → the authorization is voided and the order returns to tender', async () => {
    const s = station(new SimulatedPaymentTerminal().script({ capture: ['refuse'] }));
    const done = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(done.state).toBe('voided');
    expect(paymentEvents(s)).toEqual(['PaymentAuthorized', 'PaymentVoided']);
    expect(s.store.getOrder(s.order.id)!.status).toBe('open');
    expect(s.store.getOrder(s.order.id)!.dueMinor).toBe(760);
    expect(s.terminal.charges()).toHaveLength(0);
    expect(s.terminal.holds()).toHaveLength(0);
  });

  it('a void that fails is retried (idempotently) until the terminal answers', async () => {
    const s = station(
      new SimulatedPaymentTerminal().script({
        capture: ['refuse'],
        void: ['timeout_before_reaching', 'timeout_before_reaching', 'timeout_before_reaching'],
      }),
    );
    const left = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(left.state).toBe('voiding');
    expect(s.terminal.holds()).toHaveLength(1);
    const [done] = await s.saga.recover();
    expect(done!.state).toBe('voided');
    expect(s.terminal.holds()).toHaveLength(0);
    expect(paymentEvents(s)).toEqual(['PaymentAuthorized', 'PaymentVoided']);
  });

  it('a capture whose answer is lost is found captured by query: recorded once, never voided', async () => {
    const s = station(new SimulatedPaymentTerminal().script({ capture: ['timeout_after_capturing'] }));
    const done = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(done.state).toBe('approved');
    expect(paymentEvents(s)).toEqual(['PaymentAuthorized', 'PaymentCaptured']);
    expect(s.terminal.calls.filter((c) => c.op === 'void')).toHaveLength(0);
  });

  it('a double submit with the same request key returns the same attempt and charges once', async () => {
    const s = station();
    const a = value(s.saga.start({ orderId: s.order.id, amountMinor: 760, requestKey: 'tap-12345678' }));
    const b = value(s.saga.start({ orderId: s.order.id, amountMinor: 760, requestKey: 'tap-12345678' }));
    expect(b.attempt.attemptId).toBe(a.attempt.attemptId);
    const [da, db] = await Promise.all([a.done, b.done]);
    expect(da.state).toBe('approved');
    expect(db.attemptId).toBe(da.attemptId);
    const c = value(s.saga.start({ orderId: s.order.id, amountMinor: 760, requestKey: 'tap-12345678' }));
    expect(c.attempt.state).toBe('approved');
    expect(s.terminal.calls.filter((x) => x.op === 'authorize')).toHaveLength(1);
    expect(s.terminal.charges()).toHaveLength(1);
    // Without the key, a second attempt while one is in flight is refused.
    const s2 = s.saga.start({ orderId: s.order.id, amountMinor: 760 });
    expect(s2.ok).toBe(false);
  });

  it('cancel while the card holder is still tapping voids the approval instead of capturing', async () => {
    const s = station(new SimulatedPaymentTerminal().script({ authorize: [{ kind: 'slow', ms: 30 }] }));
    const started = value(s.saga.start({ orderId: s.order.id, amountMinor: 760 }));
    expect(value(s.saga.cancel(started.attempt.attemptId)).attempt.cancelRequested).toBe(true);
    const done = await started.done;
    expect(done.state).toBe('voided');
    expect(s.terminal.charges()).toHaveLength(0);
    expect(s.store.getOrder(s.order.id)!.status).toBe('open');
  });

  it('a change listener that throws during authorize is not taken for an unknown outcome: one authorization, no re-query', async () => {
    const s = station();
    const seen: string[] = [];
    s.saga.onChange((a) => {
      seen.push(a.state);
      // A faulty window push right after the approval was committed, i.e. inside authorize().
      if (a.state === 'capturing') throw new Error('push failed');
    });
    const done = await value(s.saga.start({ orderId: s.order.id, amountMinor: 760 })).done;
    expect(done.state).toBe('approved');
    expect(seen).toEqual(['authorizing', 'capturing', 'approved']);
    expect(s.terminal.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
    expect(s.terminal.calls.filter((c) => c.op === 'query')).toHaveLength(0);
    expect(s.terminal.charges()).toHaveLength(1);
    expect(paymentEvents(s)).toEqual(['PaymentAuthorized', 'PaymentCaptured']);
  });

  it('queries an unknown outcome on the retry schedule (doubling from baseDelayMs, capped), then leaves it for recovery', async () => {
    const terminal = new SimulatedPaymentTerminal().script({
      authorize: [{ kind: 'timeout_after_approving' }],
      query: ['timeout_before_reaching', 'timeout_before_reaching', 'timeout_before_reaching', 'timeout_before_reaching'],
    });
    const opened = openTestStore(join(dir.path, 'schedule.sqlite'));
    closers.push(() => opened.db.close());
    const order = value(new OrderService(opened.store, catalog, 'EUR', actor).addLine({ orderType: 'takeout' }, 'latte', 1));
    const slept: number[] = [];
    const saga = new CardPaymentSaga({
      db: opened.db,
      store: opened.store,
      terminal,
      actor,
      clock: opened.clock,
      logger: silentLogger,
      retry: { maxTries: 4, baseDelayMs: 500, maxDelayMs: 1_500 },
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });
    const left = await value(saga.start({ orderId: order.id, amountMinor: 380 })).done;
    expect(left.state).toBe('unknown_resolving');
    expect(slept).toEqual([500, 1_000, 1_500]);
    expect(terminal.calls.filter((c) => c.op === 'query')).toHaveLength(4);
  });

  it('split tender: a card part, then cash pays the rest', async () => {
    const s = station();
    const { parts } = value(s.saga.splitTender(s.order.id, [300, 460]));
    const done = await value(s.saga.start({ orderId: s.order.id, amountMinor: 460, splitPartId: parts[1]!.partId })).done;
    expect(done.state).toBe('approved');
    expect(s.store.getOrder(s.order.id)!.dueMinor).toBe(300);
    value(s.orders.payCash(s.order.id, 300));
    expect(s.store.getOrder(s.order.id)!.status).toBe('paid');
  });
});
