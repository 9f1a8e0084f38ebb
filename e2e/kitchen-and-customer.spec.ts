import { expect, test } from '@playwright/test';
import type { Station } from '../electron/core/station.js';
import { startSimulatedStation, type SimulatedStation } from './support/simulated-station.js';

let counter: SimulatedStation;
let station: Station;

test.beforeEach(async () => {
  counter = await startSimulatedStation('pos-e2e-kds-');
  station = counter.station;
});

test.afterEach(async () => {
  await counter.stop();
});

test('the customer follows the order, the grill starts and bumps its ticket, and can recall it', async ({ browser }) => {
  const customer = await browser.newPage();
  await customer.goto(station.windowUrl('customer'));
  await expect(customer.getByRole('heading', { name: 'Welcome' })).toBeVisible();

  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  await cashier.getByRole('button', { name: /Club sandwich/ }).click();
  await expect(customer.getByRole('list', { name: 'Your order' })).toContainText('Club sandwich');
  await expect(customer.getByLabel('Order total')).toContainText('€8.90');

  await cashier.getByLabel('Cash tendered').fill('10');
  await cashier.getByRole('button', { name: 'Take payment' }).click();
  await expect(cashier.getByRole('status')).toContainText('Change €1.10');
  await expect(customer.getByLabel('Change due')).toContainText('€1.10');

  const kitchen = await browser.newPage();
  await kitchen.goto(station.windowUrl('kitchen'));
  await kitchen.getByRole('group', { name: 'Station' }).getByRole('button', { name: 'Grill', exact: true }).click();
  const ticket = kitchen.getByRole('article', { name: 'Ticket 1' });
  await expect(ticket).toContainText('Club sandwich');
  await ticket.getByRole('button', { name: 'Start ticket 1' }).click();
  await expect.poll(() => station.store.listActive()[0]?.tickets[0]?.status).toBe('in_progress');
  await ticket.getByRole('button', { name: 'Bump ticket 1' }).click();
  await expect(ticket).toHaveCount(0);
  expect(station.store.listActive()[0]?.tickets[0]?.status).toBe('bumped');

  await kitchen.getByRole('button', { name: 'Recall' }).click();
  await kitchen.getByRole('region', { name: 'Recently bumped' }).getByRole('button', { name: /Recall ticket 1/ }).click();
  await expect(kitchen.getByRole('article', { name: 'Ticket 1' })).toBeVisible();
  await expect.poll(() => station.store.listActive()[0]?.tickets[0]?.status).toBe('recalled');

  await kitchen.screenshot({ path: 'test-results/screens/kitchen.png' });
  await customer.screenshot({ path: 'test-results/screens/customer.png' });
  await cashier.screenshot({ path: 'test-results/screens/cashier.png' });
});

test('a scanner in keyboard mode adds the item; slow typing does not', async ({ browser }) => {
  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  const cart = cashier.getByRole('list', { name: 'Cart' });
  await expect(cashier.getByRole('button', { name: /Espresso/ })).toBeVisible();
  // A person typing digits slowly outside a text field is not a scan.
  await cashier.keyboard.type('96385074', { delay: 150 });
  await cashier.keyboard.press('Enter');
  await expect(cart.getByRole('listitem')).toHaveCount(0);
  // A wedge scanner types the same code in a burst ending with Enter.
  await cashier.keyboard.type('96385074', { delay: 5 });
  await cashier.keyboard.press('Enter');
  await expect(cart).toContainText('Sparkling water');
});
