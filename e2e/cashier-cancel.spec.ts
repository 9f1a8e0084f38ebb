import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { expect, test } from './support/station-fixture.js';

/**
 * Issue #14: cancelling (voiding) an order at the counter. A reason always, a manager's approval when
 * money was taken; the kitchen ticket is pulled (a started one flashes CANCELLED until a cook
 * acknowledges); money taken is owed back, and the cashier is led to the refund instead of being left
 * with a cart that still says "Paid".
 */

const COUNTER_SCREEN = { width: 1366, height: 768 };

test.describe('without staff sign-in', () => {
  test.use({ stationSetup: { dirPrefix: 'pos-e2e-cancel-', devices: 'serial', storeName: 'E2E Café' } });

  test('a paid order the kitchen started: ticket flashes CANCELLED, the cook acknowledges, the cash is refunded', async ({
    pos,
    station,
  }) => {
    const kitchen = await pos.openKitchen();
    const cashier = await pos.openCashier({ viewport: COUNTER_SCREEN });

    // Sold for cash: the payment fires the ticket, and the cook starts it.
    await cashier.menuItem('Club sandwich').click();
    await cashier.charge.click();
    await cashier.quickCashButton('€10.00').click();
    await expect(cashier.status).toContainText('Paid — Change €1.10');
    const order = station.store.listActive().find((o) => o.status === 'paid')!;
    const ticket = kitchen.ticket(order.ticketNumber);
    await kitchen.startButton(ticket).click();
    await expect.poll(() => station.store.getOrder(order.id)!.tickets.map((t) => t.status)).toEqual(['in_progress']);

    // The guest changes their mind: "Cancel order" on the paid order still on screen.
    await cashier.cancelOrderButton.click();
    const dialog = cashier.cancelDialog(order.ticketNumber);
    await expect(dialog.consequences).toContainText('ticket shows CANCELLED until a cook acknowledges');
    await expect(dialog.consequences).toContainText('€8.90 was taken');
    // No staff here: nobody signs in, so the core asks no PIN.
    await expect(dialog.managerPin).toHaveCount(0);
    await dialog.confirm.click();
    await expect(dialog.error).toHaveText('Pick a reason');
    await dialog.reason('Customer changed mind').check();
    await dialog.confirm.click();
    await expect(dialog.root).toHaveCount(0);

    // The counter: the cart no longer says "Paid"; the cancellation waits for the kitchen.
    await expect(cashier.alert).toContainText(
      `Order ${order.ticketNumber} cancelled: waiting for the kitchen to acknowledge, then refund it`,
    );
    await expect(cashier.newOrderHeading).toBeVisible();
    await expect(cashier.status).not.toContainText('Paid');
    const entry = cashier.cancellation(order.ticketNumber);
    await expect(entry).toContainText('waiting for the kitchen to acknowledge');
    // The arbiter's outcome in the counter's words: the Grill ticket, not "ticket 7e702a".
    await expect(cashier.arbiterOutcome(entry)).toContainText('the Grill ticket');
    await expect(cashier.arbiterOutcome(entry)).not.toContainText(/ticket [0-9a-f]{6}\b/);
    expect(station.store.getOrder(order.id)).toMatchObject({
      status: 'cancel_requested',
      cancellation: { reason: 'Customer changed mind' },
    });

    // The kitchen: the ticket flashes CANCELLED until the cook acknowledges it.
    await expect(ticket).toContainText('CANCELLED');
    await kitchen.acknowledgeButton(ticket).click();
    await expect(kitchen.ticket(order.ticketNumber)).toHaveCount(0);

    // Now the refund is due: the entry leads to it, with the amount owed filled in.
    await expect(entry).toContainText('refund of €8.90 due');
    await cashier.cancellationRefund(entry, /^Refund €8\.90/).click();
    const refund = cashier.refundDialog(order.ticketNumber);
    await expect(refund.tender(/Cash — €8\.90 refundable/)).toBeChecked();
    await expect(refund.amount).toHaveValue('8.90');
    await refund.reasonChip('Order cancelled').check();
    await refund.refundCash.click();
    await expect(refund.result).toContainText('€8.90');
    await expect.poll(() => station.store.getOrder(order.id)!.status).toBe('refunded');
    await refund.close.click();
    await expect(cashier.cancellations).toHaveCount(0);
    expect(station.store.getOrder(order.id)!.waste).toEqual([expect.objectContaining({ name: 'Club sandwich', quantity: 1 })]);
  });

  test('an unpaid order sent to the kitchen, cancelled from Open orders: its queued ticket is pulled, nothing to refund', async ({
    pos,
    station,
  }) => {
    const kitchen = await pos.openKitchen();
    const cashier = await pos.openCashier({ viewport: COUNTER_SCREEN });
    await cashier.menuItem('Club sandwich').click();
    await cashier.sendToKitchen.click();
    await expect(cashier.newOrderHeading).toBeVisible();
    const order = station.store.listActive().find((o) => o.status === 'placed')!;
    await expect(kitchen.ticket(order.ticketNumber)).toContainText('Club sandwich');

    await cashier.openOrdersButton.click();
    await cashier.cancelOrderInList(order.ticketNumber).click();
    const dialog = cashier.cancelDialog(order.ticketNumber);
    await expect(dialog.consequences).toContainText('Its kitchen ticket is pulled from the kitchen screen.');
    await expect(dialog.consequences).toContainText('Nothing was paid');
    await dialog.reason('Customer left').check();
    await dialog.confirm.click();

    await expect(cashier.alert).toContainText(`Order ${order.ticketNumber} cancelled`);
    await expect(kitchen.ticket(order.ticketNumber)).toHaveCount(0);
    expect(station.store.getOrder(order.id)).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Customer left' } });
    await expect(cashier.cancellations).toHaveCount(0);
    await cashier.openOrdersButton.click();
    await expect(cashier.openOrders).toContainText('No open orders on this station');
  });
});

test.describe('with staff sign-in', () => {
  test.use({ stationSetup: { dirPrefix: 'pos-e2e-cancel-staff-', devices: 'serial', storeName: 'E2E Café', staff: true } });

  test('a card-paid order: a manager PIN approves, the kitchen ticket is pulled, and the cashier lands in the card refund', async ({
    pos,
    station,
  }) => {
    const kitchen = await pos.openKitchen();
    const cashier = await pos.openCashier({ viewport: COUNTER_SCREEN });
    await cashier.typePin(DEMO_PINS.alex);
    await expect(cashier.staffBar).toContainText('Alex');

    await cashier.menuItem('Club sandwich').click();
    await cashier.charge.click();
    await cashier.payByCard('€8.90').click();
    await expect(cashier.status).toContainText('Paid');
    const order = station.store.listActive().find((o) => o.status === 'paid')!;
    await expect(kitchen.ticket(order.ticketNumber)).toContainText('Club sandwich');

    await cashier.cancelOrderButton.click();
    const dialog = cashier.cancelDialog(order.ticketNumber);
    await expect(dialog.consequences).toContainText('€8.90 was taken: a manager approves, then you refund it.');
    await dialog.reason('Kitchen cannot make it').check();
    // Alex is a cashier: the manager's PIN is asked inline, and a wrong one is refused by the core.
    await dialog.managerPin.fill(DEMO_PINS.alex);
    await dialog.confirm.click();
    await expect(dialog.error).toContainText('not a manager PIN');
    expect(station.store.getOrder(order.id)!.status).toBe('paid');
    await dialog.managerPin.fill(DEMO_PINS.morgan);
    await dialog.confirm.click();

    // Straight on to the refund it owes, to the card it was paid with.
    const refund = cashier.refundDialog(order.ticketNumber);
    await expect(refund.tender(/Card — €8\.90 refundable/)).toBeChecked();
    await expect(refund.amount).toHaveValue('8.90');
    await expect(kitchen.ticket(order.ticketNumber)).toHaveCount(0);
    expect(station.store.getOrder(order.id)).toMatchObject({
      status: 'refund_pending',
      refundDueMinor: 890,
      cancellation: { reason: 'Kitchen cannot make it', approvedBy: 'morgan' },
    });
    await refund.giveReason('Kitchen out of bread');
    await refund.managerPin.fill(DEMO_PINS.morgan);
    await refund.refundToCard.click();
    await expect(refund.result).toHaveText('Refunded €8.90 to the card');
    expect(station.store.getOrder(order.id)).toMatchObject({ status: 'refunded', refundedMinor: 890 });
    await refund.close.click();
    await expect(cashier.newOrderHeading).toBeVisible();
    await expect(cashier.cancellations).toHaveCount(0);
  });
});
