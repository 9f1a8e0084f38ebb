import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import type { Station } from '../electron/core/station.js';
import type { CashierWindow } from './support/pages/index.js';
import { expect, test } from './support/station-fixture.js';

/**
 * Issue #17: card payments while the card gateway is down (store and forward). The cashier cuts the
 * SIMULATED terminal's gateway link in its panel; a card sale within the limits is approved offline,
 * the receipt says so and the kitchen gets the ticket; a sale over the per-payment limit is refused
 * with the reason. The gateway returns and the payment is forwarded and captured; one declined at
 * forwarding lands in the follow-up list with its order.
 */

test.use({
  stationSetup: {
    dirPrefix: 'pos-e2e-offline-card-',
    stationId: 'station-offline',
    devices: 'serial',
    offlineCardLimits: { perPaymentMinor: 500, totalPendingMinor: 1_000 },
  },
});

async function ringUp(station: Station, cashier: CashierWindow, item: string): Promise<string> {
  await cashier.menuItem(item).click();
  await expect(cashier.cartLines).toHaveCount(1);
  await cashier.openTender();
  const order = station.store.listActive().find((o) => o.status === 'open');
  expect(order).toBeDefined();
  return order!.id;
}

const gatewayButton = (cashier: CashierWindow, name: 'Cut gateway' | 'Restore gateway') =>
  cashier.simulatedTerminal.getByRole('button', { name });

test('gateway cut: approved offline (receipt says so, kitchen fired), over the limit refused, forwarded when it returns', async ({
  pos,
  station,
  serial,
}) => {
  const cashier = await pos.openCashier();
  const first = await ringUp(station, cashier, 'Espresso');
  await gatewayButton(cashier, 'Cut gateway').click();
  await expect(cashier.simulatedTerminal).toContainText('cut (cards approved offline)');
  await expect(cashier.page.getByRole('region', { name: 'Offline cards' })).toContainText('Card gateway down');

  await cashier.payByCard('€2.50').click();
  await expect(cashier.status).toContainText('Paid');
  const sold = station.store.getOrder(first)!;
  expect(sold.payments).toEqual([expect.objectContaining({ status: 'offline_approved', amountMinor: 250 })]);
  expect(sold.tickets.length).toBeGreaterThan(0);
  await expect.poll(() => serial.printed.length, { message: 'receipt printed' }).toBeGreaterThan(0);
  const receipt = serial.printed.map((p) => p.lines.join('\n')).find((text) => text.includes('TOTAL'))!;
  expect(receipt).toMatch(/Approved offline\n\s*Ref SIM-simulated-station-offline-\d+/);

  // Over the €5.00 per-payment limit: refused offline, and the cashier reads why and what to do.
  await cashier.newOrderButton.click();
  const second = await ringUp(station, cashier, 'Crème brûlée');
  await cashier.payByCard('€5.90').click();
  await expect(cashier.payment).toContainText('over the offline limit of €5.00 per card payment');
  expect(station.store.getOrder(second)!.status).toBe('open');

  // Diagnostics show the queue: count, amount, oldest age, against the limits.
  const diagnostics = await pos.openDiagnostics();
  await expect(diagnostics.page.getByLabel('Awaiting forwarding')).toHaveText('1 payment, €2.50');
  await expect(diagnostics.page.getByLabel('Card gateway')).toContainText('unreachable');
  await expect(diagnostics.page.getByLabel('Offline limits')).toContainText('€5.00 per payment, €2.50 of €10.00 used');

  // The gateway returns: the queued payment is forwarded under its key and captured, once.
  await gatewayButton(cashier, 'Restore gateway').click();
  await expect.poll(() => station.store.getOrder(first)!.payments[0]!.status).toBe('captured');
  await expect(cashier.page.getByRole('region', { name: 'Offline cards' })).toHaveCount(0);
});

test('a payment declined when forwarded shows in the follow-up list with its order, amount outstanding', async ({ pos, station }) => {
  const cashier = await pos.openCashier();
  const orderId = await ringUp(station, cashier, 'Espresso');
  await gatewayButton(cashier, 'Cut gateway').click();
  await cashier.simulatedTerminal.getByLabel('Simulated forwarding outcome').selectOption('decline');
  await cashier.payByCard('€2.50').click();
  await expect(cashier.status).toContainText('Paid');
  const ticketNumber = station.store.getOrder(orderId)!.ticketNumber;

  await cashier.newOrderButton.click();
  await ringUp(station, cashier, 'Croissant');
  await gatewayButton(cashier, 'Restore gateway').click();

  const chase = cashier.page.getByLabel('Payments to chase');
  await expect(chase).toContainText('Payments to chase (1)');
  await expect(chase.getByLabel(`Payment to chase on order ${ticketNumber}`)).toContainText('€2.50 — Payment declined after the sale');
  const order = station.store.getOrder(orderId)!;
  expect(order.outstandingMinor).toBe(250);
  expect(order.payments[0]!.status).toBe('declined_after_sale');
});

test.describe('with staff signed in and a shift open', () => {
  test.use({
    stationSetup: {
      dirPrefix: 'pos-e2e-offline-card-shift-',
      stationId: 'station-offline',
      devices: 'serial',
      staff: true,
      offlineCardLimits: { perPaymentMinor: 500, totalPendingMinor: 1_000 },
    },
  });

  test('the X report on screen shows the card approved offline section; a manager resolves the loss with a note', async ({
    pos,
    station,
  }) => {
    const cashier = await pos.openCashier();
    await cashier.typePin(DEMO_PINS.alex);
    await cashier.shiftButton.click();
    await cashier.openingFloat.fill('100.00');
    await cashier.openShift.click();
    await expect(cashier.staffBar).toContainText('Shift open');
    await cashier.shiftDone.click();

    const orderId = await ringUp(station, cashier, 'Espresso');
    await gatewayButton(cashier, 'Cut gateway').click();
    await cashier.simulatedTerminal.getByLabel('Simulated forwarding outcome').selectOption('decline');
    await cashier.payByCard('€2.50').click();
    await expect(cashier.status).toContainText('Paid');
    // The terminal's panel is on the tender screen: the next sale brings it back.
    await cashier.newOrderButton.click();
    await ringUp(station, cashier, 'Croissant');
    await gatewayButton(cashier, 'Restore gateway').click();
    await expect.poll(() => station.store.getOrder(orderId)!.payments[0]!.status).toBe('declined_after_sale');
    await cashier.backToItems.click();

    const xReport = async () => {
      await cashier.shiftButton.click();
      await cashier.page.getByRole('button', { name: 'X report' }).click();
      return cashier.page.getByRole('region', { name: 'X report' }).getByRole('region', { name: 'Card approved offline' });
    };
    let offline = await xReport();
    await expect(offline).toContainText('Approved offline (1)€2.50');
    await expect(offline).toContainText('Forwarded (0)€0.00');
    await expect(offline).toContainText('Declined after sale (1)€2.50');
    await expect(offline).toContainText('Expired (0)€0.00');
    await expect(offline).toContainText('Resolved (0)€0.00');
    await expect(offline).toContainText('Outstanding€2.50');
    await cashier.shiftDone.click();

    // A manager marks the loss as dealt with, with a note: the cashier's own PIN is not enough.
    const ticketNumber = station.store.getOrder(orderId)!.ticketNumber;
    const chase = cashier.page.getByLabel('Payments to chase');
    await chase.getByLabel(`Payment to chase on order ${ticketNumber}`).getByRole('button', { name: 'Mark resolved' }).click();
    await chase.getByLabel('How was it dealt with?').fill('Customer paid cash the next day');
    await chase.getByRole('button', { name: 'Resolve', exact: true }).click();
    const pin = cashier.page.getByLabel('Manager PIN');
    await pin.fill(DEMO_PINS.alex);
    await cashier.page.getByRole('button', { name: 'Approve' }).click();
    await expect(cashier.page.getByRole('dialog')).toContainText(/manager/i);
    await pin.fill(DEMO_PINS.morgan);
    await cashier.page.getByRole('button', { name: 'Approve' }).click();
    await expect(cashier.page.getByLabel('Payments to chase')).toHaveCount(0);
    expect(station.store.getOrder(orderId)!.payments[0]!.offline?.resolved).toEqual({
      note: 'Customer paid cash the next day',
      approvedBy: expect.any(String),
    });

    offline = await xReport();
    await expect(offline).toContainText('Resolved (1)€2.50');
    await expect(offline).toContainText('Outstanding€0.00');
  });
});
