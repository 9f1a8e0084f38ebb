import { demoCatalog } from '../electron/core/demo-catalog.js';
import { ADMIN_TOKEN } from '../server/testing/admin.js';
import { http } from '../server/testing/http.js';
import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { catalogToMenu } from '../shared/menu/catalog-bridge.js';
import { PublicMenu } from '../shared/sync/menu-api.js';
import { expect, STORE, test, WEB_KEY } from './support/station-fixture.js';

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

test.describe('with a web shop ordering from the server', () => {
  test.use({
    stationSetup: {
      dirPrefix: 'pos-e2e-menu-web-',
      devices: 'simulated',
      storeName: 'E2E Café',
      server: 'web-channel',
      syncIntervalMs: 500,
    },
  });

  async function publicMenu(serverUrl: string): Promise<PublicMenu> {
    const reply = await fetch(`${serverUrl}/v1/stores/${STORE}/menu`, { headers: { authorization: `Bearer ${WEB_KEY}` } });
    expect(reply.status).toBe(200);
    return PublicMenu.parse(await reply.json());
  }

  test("a cook's sold-out mark reaches the web shop: its menu says so and an order for the item gets 409 naming it", async ({
    pos,
    server,
  }) => {
    const kitchen = await pos.openKitchen();
    expect((await publicMenu(server.url)).items.find((i) => i.id === 'croissant')?.available).toBe(true);
    await kitchen.page.getByRole('button', { name: 'Sold out', exact: true }).click();
    await kitchen.page.getByRole('button', { name: 'Mark Croissant sold out' }).click();

    // The station's availability document goes to the server with its store data; the public menu follows it.
    await expect
      .poll(async () => (await publicMenu(server.url)).items.find((i) => i.id === 'croissant')?.available, { timeout: 10_000 })
      .toBe(false);
    const reply = await fetch(`${server.url}/v1/stores/${STORE}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEB_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'web-croissant-1' },
      body: JSON.stringify({
        orderType: 'takeout',
        customerName: 'Ada',
        lines: [
          { itemId: 'espresso', quantity: 1 },
          { itemId: 'croissant', quantity: 2 },
        ],
      }),
    });
    expect(reply.status).toBe(409);
    const body = (await reply.json()) as { error: { code: string; message: string; itemId?: string } };
    expect(body.error).toMatchObject({ code: 'sold_out', itemId: 'croissant' });
    expect(body.error.message).toContain('Croissant');
    // Nothing half-taken: no ticket reached the kitchen.
    await expect(kitchen.noTickets).toBeVisible();
  });
});
