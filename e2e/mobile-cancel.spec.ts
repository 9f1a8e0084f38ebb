import type { PaymentAttemptView } from '../shared/ipc/commands/payments.js';
import { ChannelOrderResponse } from '../shared/sync/channel.js';
import { channelKey } from '../server/testing/admin.js';
import { http } from '../server/testing/http.js';
import { expect, STORE, test } from './support/station-fixture.js';

/**
 * Scenario 4: a mobile order-ahead (channels cannot prepay), paid by card at the counter; the
 * kitchen starts it; the customer cancels in the app. The arbiter's outcome (cancel requested,
 * ticket flashes CANCELLED, waste recorded, refund owed) shows on the KDS and at the till; the cook
 * acknowledges; the cashier refunds the card through the refund saga; the mobile channel then reads
 * its order back from the central server as refunded.
 */

test.use({
  stationSetup: {
    dirPrefix: 'pos-e2e-mobile-cancel-',
    devices: 'serial',
    storeName: 'E2E Café',
    server: 'sync-token-admin',
    syncIntervalMs: 500,
  },
});

test('mobile cancel while the kitchen has started: arbiter outcome on KDS and till, cook acknowledges, card refund recorded', async ({
  pos,
  station,
  server,
}) => {
  const mobile = (await channelKey(server.url, STORE, 'mobile')).token;
  const orders = `${server.url}/v1/stores/${STORE}/orders`;

  // The customer orders ahead in the mobile app.
  const created = await http(orders, {
    token: mobile,
    headers: { 'idempotency-key': 'mobile-order-ada-1' },
    json: {
      orderType: 'takeout',
      customerName: 'Ada',
      lines: [{ itemId: 'espresso', quantity: 1 }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const mobileOrder = ChannelOrderResponse.parse(created.body).order;

  // The station pulls it: the KDS shows it, the cashier finds it among the open orders.
  const kitchen = await pos.openKitchen();
  const ticket = kitchen.ticket(mobileOrder.ticketNumber);
  await expect(ticket).toContainText('Espresso');
  await expect.poll(() => station.store.getOrder(mobileOrder.id)?.status).toBe('placed');

  // Ada arrives and pays by card at the counter (the simulated terminal approves). The till's open
  // orders list shows only its own counter orders, so the payment goes in through the same cashier
  // command the tender panel sends; the capture fires the kitchen ticket.
  const approved = new Promise<void>((resolve) =>
    station.onPush((name, payload) => {
      if (name === 'payment.changed' && (payload as PaymentAttemptView).state === 'approved') resolve();
    }),
  );
  const started = await station.dispatch('cashier', 'payment.startCard', { orderId: mobileOrder.id, amountMinor: 250 }, 'e2e-pay-mobile');
  expect(started.ok, JSON.stringify(started)).toBe(true);
  await approved;
  expect(station.store.getOrder(mobileOrder.id)).toMatchObject({ status: 'paid', paidMinor: 250 });
  const cashier = await pos.openCashier();

  // The cook starts it.
  await kitchen.startButton(ticket).click();
  await expect.poll(() => station.store.getOrder(mobileOrder.id)!.tickets.map((t) => t.status)).toEqual(['in_progress']);

  // Ada cancels in the app; the server records it and the station pulls it.
  const cancel = await http(`${orders}/${mobileOrder.id}/cancel`, {
    token: mobile,
    headers: { 'idempotency-key': 'mobile-cancel-ada-1' },
    json: { reason: 'Running late, cannot pick up' },
  });
  expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);

  // The KDS: the ticket flashes CANCELLED until a cook acknowledges.
  await expect(ticket).toContainText('CANCELLED', { timeout: 15_000 });
  // The till: the arbiter's outcome, in words.
  const entry = cashier.cancellation(mobileOrder.ticketNumber);
  await expect(entry).toContainText('Cancelled from the mobile app while the kitchen was working on it');
  await expect(cashier.arbiterOutcome(entry)).toContainText('flashes CANCELLED until a cook acknowledges');

  // The cook acknowledges: what was made is waste, and the order is owed its money back.
  await kitchen.acknowledgeButton(ticket).click();
  await expect(kitchen.ticket(mobileOrder.ticketNumber)).toHaveCount(0);
  await expect(entry).toContainText('refund of €2.50 due');
  const owed = station.store.getOrder(mobileOrder.id)!;
  expect(owed).toMatchObject({ status: 'refund_pending', refundDueMinor: 250 });
  expect(owed.waste).toEqual([expect.objectContaining({ name: 'Espresso', quantity: 1 })]);

  // The cashier refunds the card through the refund saga.
  await cashier.cancellationRefund(entry, /^Refund €2\.50/).click();
  const dialog = cashier.refundDialog(mobileOrder.ticketNumber);
  await expect(dialog.amount).toHaveValue('2.50');
  await dialog.giveReason('Cancelled in the mobile app after the kitchen started');
  await dialog.refundToCard.click();
  await expect(dialog.result).toHaveText('Refunded €2.50 to the card');

  const refunded = station.store.getOrder(mobileOrder.id)!;
  expect(refunded).toMatchObject({ status: 'refunded', refundedMinor: 250, refundDueMinor: 0 });
  expect(station.store.orderEvents(mobileOrder.id).filter((e) => e.type === 'PaymentRefunded')).toHaveLength(1);
  await dialog.close.click();
  await expect(cashier.cancellations).toHaveCount(0);

  // The refund reached the central server: the mobile channel reads its order as refunded.
  await expect.poll(() => station.store.outboxStats().depth, { message: 'outbox drained to the server' }).toBe(0);
  await expect
    .poll(async () => ChannelOrderResponse.parse((await http(`${orders}/${mobileOrder.id}`, { token: mobile })).body).order.status, {
      message: 'the channel sees the refund',
    })
    .toBe('refunded');
});
