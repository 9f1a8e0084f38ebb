import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentAttemptView, RefundAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

describe('payment commands through the station dispatch', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  beforeEach(async () => {
    dir = tempDir('payment-ipc');
    station = await startTestStation(dir.path);
  });
  afterEach(async () => {
    await station.stop();
    dir.remove();
  });

  it('payment.startCard answers authorizing, pushes payment.changed until approved, and the order is paid', async () => {
    const pushed: PaymentAttemptView[] = [];
    const approved = new Promise<void>((resolve) =>
      station.onPush((name, payload) => {
        if (name !== 'payment.changed') return;
        pushed.push(payload as PaymentAttemptView);
        if ((payload as PaymentAttemptView).state === 'approved') resolve();
      }),
    );
    const opened = await station.dispatch('cashier', 'order.addLine', { itemId: 'espresso' }, 'r1');
    expect(opened.ok).toBe(true);
    const order = (opened as { ok: true; value: OrderView }).value;
    const started = await station.dispatch('cashier', 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor }, 'r2');
    expect(started).toMatchObject({ ok: true, value: { state: 'authorizing', orderId: order.id } });
    await approved;
    expect(pushed.map((p) => p.state)).toEqual(['authorizing', 'capturing', 'approved']);
    expect(station.store.getOrder(order.id)!.status).toBe('paid');
    const attemptId = (started as { ok: true; value: PaymentAttemptView }).value.attemptId;
    expect(await station.dispatch('cashier', 'payment.status', { attemptId }, 'r3')).toMatchObject({
      ok: true,
      value: { state: 'approved' },
    });
    expect(await station.dispatch('cashier', 'payment.cancelCard', { attemptId }, 'r4')).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(await station.dispatch('kitchen', 'payment.startCard', { orderId: order.id, amountMinor: 1 }, 'r5')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  /** Waits for a push that matches, registered before the command that causes it. */
  function pushed<T>(name: string, match: (payload: T) => boolean): Promise<T> {
    return new Promise((resolve) => {
      const off = station.onPush((event, payload) => {
        if (event === name && match(payload as T)) {
          off();
          resolve(payload as T);
        }
      });
    });
  }

  async function orderWithEspresso(): Promise<OrderView> {
    const opened = await station.dispatch('cashier', 'order.addLine', { itemId: 'espresso' }, 'open');
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value as OrderView;
  }

  it('terminal.simulate: a decline, then a lost answer that is resolved by query; exactly one capture', async () => {
    const info = await station.dispatch('cashier', 'terminal.info', {}, 't1');
    expect(info).toMatchObject({ ok: true, value: { simulated: true, queued: { payment: [], refund: [] } } });
    const order = await orderWithEspresso();
    expect(await station.dispatch('cashier', 'terminal.simulate', { outcome: 'decline' }, 't2')).toMatchObject({
      ok: true,
      value: { queued: { payment: ['decline'] } },
    });
    const declined = pushed<PaymentAttemptView>('payment.changed', (a) => a.state === 'declined');
    await station.dispatch(
      'cashier',
      'payment.startCard',
      { orderId: order.id, amountMinor: order.dueMinor, requestKey: 'tap-00000001' },
      't3',
    );
    expect((await declined).reason).toMatch(/declined/i);

    await station.dispatch('cashier', 'terminal.simulate', { outcome: 'timeout_after_approving' }, 't4');
    const states: string[] = [];
    station.onPush((event, payload) => {
      if (event === 'payment.changed') states.push((payload as PaymentAttemptView).state);
    });
    const approved = pushed<PaymentAttemptView>('payment.changed', (a) => a.state === 'approved');
    await station.dispatch(
      'cashier',
      'payment.startCard',
      { orderId: order.id, amountMinor: order.dueMinor, requestKey: 'tap-00000002' },
      't5',
    );
    await approved;
    expect(states).toEqual(['authorizing', 'unknown_resolving', 'capturing', 'approved']);
    const paid = station.store.getOrder(order.id)!;
    expect(paid.status).toBe('paid');
    expect(paid.payments.filter((p) => p.status === 'captured')).toHaveLength(1);
    expect(await station.dispatch('kitchen', 'terminal.simulate', { outcome: 'decline' }, 't6')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('payment.refundCard refunds a card payment once and pushes payment.refundChanged', async () => {
    const order = await orderWithEspresso();
    const approved = pushed<PaymentAttemptView>('payment.changed', (a) => a.state === 'approved');
    await station.dispatch('cashier', 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor }, 'r1');
    const attempt = await approved;
    const refunded = pushed<RefundAttemptView>('payment.refundChanged', (r) => r.state === 'refunded');
    const started = await station.dispatch(
      'cashier',
      'payment.refundCard',
      { orderId: order.id, paymentId: attempt.attemptId, amountMinor: order.dueMinor, reason: 'spilled' },
      'r2',
    );
    expect(started).toMatchObject({ ok: true, value: { state: 'refunding' } });
    expect((await refunded).reason).toBe('spilled');
    expect(station.store.getOrder(order.id)).toMatchObject({ status: 'refunded', refundedMinor: order.dueMinor });
    expect(await station.dispatch('cashier', 'payment.refunds', { orderId: order.id }, 'r3')).toMatchObject({
      ok: true,
      value: { refunds: [{ state: 'refunded' }] },
    });
    expect(
      await station.dispatch(
        'cashier',
        'payment.refundCard',
        { orderId: order.id, paymentId: attempt.attemptId, amountMinor: 1, reason: 'again' },
        'r4',
      ),
    ).toMatchObject({ ok: false });
  });

  it('payment.payCashPart pays a split part in cash; the card pays the rest and settles the order', async () => {
    const first = await station.dispatch('cashier', 'order.addLine', { itemId: 'espresso', quantity: 2 }, 's0');
    const order = (first as { ok: true; value: OrderView }).value;
    const half = order.dueMinor / 2;
    const split = await station.dispatch(
      'cashier',
      'payment.splitTender',
      { orderId: order.id, partsMinor: [half, order.dueMinor - half] },
      's1',
    );
    const parts = (split as { ok: true; value: { parts: { partId: string; amountMinor: number }[] } }).value.parts;
    const cash = await station.dispatch(
      'cashier',
      'payment.payCashPart',
      { orderId: order.id, splitPartId: parts[0]!.partId, tenderedMinor: half + 100 },
      's2',
    );
    expect(cash).toMatchObject({ ok: true, value: { changeMinor: 100, order: { status: 'open', dueMinor: order.dueMinor - half } } });
    const approved = pushed<PaymentAttemptView>('payment.changed', (a) => a.state === 'approved');
    await station.dispatch(
      'cashier',
      'payment.startCard',
      { orderId: order.id, amountMinor: parts[1]!.amountMinor, splitPartId: parts[1]!.partId },
      's3',
    );
    await approved;
    const paid = station.store.getOrder(order.id)!;
    expect(paid).toMatchObject({ status: 'paid', dueMinor: 0 });
    expect(paid.splitParts.every((p) => p.paidMinor === p.amountMinor)).toBe(true);
    expect(paid.tickets.length).toBeGreaterThan(0);
  });
});
