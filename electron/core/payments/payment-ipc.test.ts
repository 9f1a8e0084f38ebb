import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentAttemptView } from '../../../shared/ipc/commands/payments.js';
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
    expect(await station.dispatch('cashier', 'payment.status', { attemptId }, 'r3')).toMatchObject({ ok: true, value: { state: 'approved' } });
    expect(await station.dispatch('cashier', 'payment.cancelCard', { attemptId }, 'r4')).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await station.dispatch('kitchen', 'payment.startCard', { orderId: order.id, amountMinor: 1 }, 'r5')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
