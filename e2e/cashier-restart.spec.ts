import type { CashierWindow } from './support/pages/index.js';
import { expect, test } from './support/station-fixture.js';

// A standalone till; a restart comes back at the same address with the same data.
test.use({ stationSetup: { dirPrefix: 'pos-e2e-restart-' } });

async function expectCart(cashier: CashierWindow) {
  await expect(cashier.cartLines).toHaveCount(2);
  await expect(cashier.cart).toContainText('1 × Burger');
  await expect(cashier.cart).toContainText('Well done');
  await expect(cashier.cart).toContainText('2 × Espresso');
  await expect(cashier.total).toHaveText('€16.90');
}

test('scenario 7: the cart survives a core restart and a page reload, and is then paid', async ({ pos }) => {
  let station = pos.station;
  const cashier = await pos.openCashier();

  // Two lines: a burger with a required choice, and two espressos on one line.
  await cashier.menuItem('Burger').click();
  const dialog = cashier.itemDialog('Burger');
  await dialog.choice('Well done').check();
  await dialog.addToOrder.click();
  await cashier.menuItem('Espresso').click();
  await cashier.cartLine('1 × Espresso').click();
  await cashier.oneMore('Espresso').click();
  await expectCart(cashier);
  const orderId = station.store.listActive()[0]!.id;

  // The core stops (power cut at the back office) and starts again on the same data and port.
  await pos.stopStation();
  await expect(cashier.connection).toHaveText('Offline — reconnecting');
  // While the core is down the cashier still sees what was rung up.
  await expectCart(cashier);
  station = await pos.restartStation();
  await expect(cashier.connection).toHaveText('Online', { timeout: 15_000 });
  await expectCart(cashier);
  expect(station.store.getOrder(orderId)?.lines).toHaveLength(2);

  // A reload of the window brings the same order back from the station.
  await cashier.page.reload();
  await expectCart(cashier);
  await expect(cashier.orderHeading).toBeVisible();

  // ...and it can still be paid: the same order, not a new one.
  await cashier.payCash('20');
  await expect(cashier.status).toContainText('Change €3.10');
  expect(station.store.getOrder(orderId)?.status).toBe('paid');
  expect(station.store.listActive().filter((o) => o.status === 'open')).toEqual([]);

  // Once paid, a reload starts a fresh cart rather than reopening the paid order.
  await cashier.page.reload();
  await expect(cashier.menuItem('Espresso')).toBeVisible();
  await expect(cashier.newOrderHeading).toBeVisible();
  await expect(cashier.cartLines).toHaveCount(0);
});
