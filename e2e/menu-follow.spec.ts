import { demoCatalog } from '../electron/core/demo-catalog.js';
import { ADMIN_TOKEN } from '../server/testing/admin.js';
import { http } from '../server/testing/http.js';
import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { catalogToMenu } from '../shared/menu/catalog-bridge.js';
import { expect, STORE, test } from './support/station-fixture.js';

test.use({
  stationSetup: {
    dirPrefix: 'pos-e2e-menu-',
    devices: 'simulated',
    storeName: 'E2E Café',
    server: 'sync-token-admin',
    syncIntervalMs: 500,
  },
});

/** Publishes the demo catalog as the store's menu with the espresso at `espressoMinor`, over whatever version is current. */
async function publishEspressoAt(serverUrl: string, espressoMinor: number): Promise<number> {
  const current = await http(`${serverUrl}/v1/admin/stores/${STORE}/menu`, { token: ADMIN_TOKEN });
  const baseVersion = current.status === 200 ? (current.body as { version: number }).version : 0;
  const menu = catalogToMenu(demoCatalog);
  menu.items = menu.items.map((item) => (item.id === 'espresso' ? { ...item, priceMinor: espressoMinor } : item));
  const reply = await http(`${serverUrl}/v1/admin/stores/${STORE}/menu`, {
    token: ADMIN_TOKEN,
    json: { baseVersion, publishedBy: 'Back office', menu },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return baseVersion + 1;
}

test('a price changed on the server appears at the counter without a restart; the next sale uses it, an earlier line keeps its price', async ({
  pos,
  server,
}) => {
  const cashier = await pos.openCashier();
  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(1);
  await expect(cashier.total).toHaveText('€2.50');

  const version = await publishEspressoAt(server.url, 275);
  // Poke + pull: the grid shows the new price and the header names the menu, without a reload.
  await expect(cashier.menuItem('Espresso €2.75')).toBeVisible({ timeout: 5_000 });
  await expect(cashier.page.getByTestId('menu-version')).toContainText(`Menu v${version} · Back office`);

  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(2);
  // 2.50 (rung up before) + 2.75 (after the publish).
  await expect(cashier.total).toHaveText('€5.25');
});

test('a cook marks an item sold out on the kitchen screen and the counter greys it out within a second', async ({ pos }) => {
  const cashier = await pos.openCashier();
  const kitchen = await pos.openKitchen();
  await expect(cashier.menuItem('Croissant')).toBeVisible();
  await kitchen.page.getByRole('button', { name: 'Sold out', exact: true }).click();
  await kitchen.page.getByRole('button', { name: 'Mark Croissant sold out' }).click();
  await expect(cashier.menuItem(/^Croissant .* · Sold out$/)).toHaveClass(/sold-out/, { timeout: 1_000 });
  // Available again: the button comes back.
  await kitchen.page.getByRole('button', { name: 'Croissant available again' }).click();
  await expect(cashier.menuItem('Croissant')).not.toHaveClass(/sold-out/, { timeout: 1_000 });
});

test.describe('with staff signing in', () => {
  test.use({ stationSetup: { dirPrefix: 'pos-e2e-menu-staff-', devices: 'simulated', storeName: 'E2E Café', staff: true } });

  test('a sold-out item is sold only with a manager PIN', async ({ pos, page }) => {
    const cashier = await pos.openCashier({ page });
    await cashier.typePin(DEMO_PINS.alex);
    await expect(cashier.staffBar).toContainText('Alex');
    const kitchen = await pos.openKitchen();
    await kitchen.page.getByRole('button', { name: 'Sold out', exact: true }).click();
    await kitchen.page.getByRole('button', { name: 'Mark Croissant sold out' }).click();
    await expect(cashier.menuItem(/^Croissant .* · Sold out$/)).toBeVisible();

    await cashier.menuItem('Croissant').click();
    const prompt = page.getByRole('dialog', { name: 'Sell Croissant, marked sold out' });
    await prompt.getByLabel('Manager PIN').fill(DEMO_PINS.alex);
    await prompt.getByRole('button', { name: 'Approve' }).click();
    await expect(prompt).toContainText('not a manager PIN');
    await prompt.getByLabel('Manager PIN').fill(DEMO_PINS.morgan);
    await prompt.getByRole('button', { name: 'Approve' }).click();
    await expect(prompt).toBeHidden();
    await expect(cashier.cartLines).toHaveCount(1);
    await expect(cashier.cart).toContainText('Croissant');
  });
});
