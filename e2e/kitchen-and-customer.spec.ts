import { expect, test } from './support/station-fixture.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-kds-' } });

test('the customer follows the order, the grill starts and bumps its ticket, and can recall it', async ({ pos, station }) => {
  const customer = await pos.openCustomer();
  await expect(customer.welcome).toBeVisible();

  const cashier = await pos.openCashier();
  await cashier.menuItem('Club sandwich').click();
  await expect(customer.order).toContainText('Club sandwich');
  await expect(customer.total).toContainText('€8.90');

  await cashier.payCash('10');
  await expect(cashier.status).toContainText('Change €1.10');
  await expect(customer.changeDue).toContainText('€1.10');

  const kitchen = await pos.openKitchen();
  await kitchen.showStation('Grill');
  const ticket = kitchen.ticket(1);
  await expect(ticket).toContainText('Club sandwich');
  await kitchen.startButton(ticket, 1).click();
  await expect.poll(() => station.store.listActive()[0]?.tickets[0]?.status).toBe('in_progress');
  await kitchen.bumpButton(ticket, 1).click();
  await expect(ticket).toHaveCount(0);
  expect(station.store.listActive()[0]?.tickets[0]?.status).toBe('bumped');

  await kitchen.recallButton.click();
  await kitchen.recallTicketButton(1).click();
  await expect(kitchen.ticket(1)).toBeVisible();
  await expect.poll(() => station.store.listActive()[0]?.tickets[0]?.status).toBe('recalled');

  await kitchen.page.screenshot({ path: 'test-results/screens/kitchen.png' });
  await customer.page.screenshot({ path: 'test-results/screens/customer.png' });
  await cashier.page.screenshot({ path: 'test-results/screens/cashier.png' });
});

test('a scanner in keyboard mode adds the item; slow typing does not', async ({ pos }) => {
  const cashier = await pos.openCashier();
  await expect(cashier.menuItem('Espresso')).toBeVisible();
  // A person typing digits slowly outside a text field is not a scan.
  await cashier.page.keyboard.type('96385074', { delay: 150 });
  await cashier.page.keyboard.press('Enter');
  await expect(cashier.cartLines).toHaveCount(0);
  // A wedge scanner types the same code in a burst ending with Enter.
  await cashier.page.keyboard.type('96385074', { delay: 5 });
  await cashier.page.keyboard.press('Enter');
  await expect(cashier.cart).toContainText('Sparkling water');
});
