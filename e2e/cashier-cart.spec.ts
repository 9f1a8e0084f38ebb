import { expect, test } from './support/station-fixture.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-cart-', devices: 'simulated', storeName: 'E2E Café' } });

test('the line toolbar opens under the tapped line, and an order discount is shown once, at order level', async ({ pos }) => {
  const cashier = await pos.openCashier({ viewport: { width: 1366, height: 768 } });
  for (const item of ['Espresso', 'Croissant', 'Sparkling water']) {
    await cashier.menuItem(item).first().click();
    await expect(cashier.cart).toContainText(item);
  }
  await expect(cashier.cartLines).toHaveCount(3);

  // The first line's actions sit between it and the second line, not after the last line.
  await cashier.cartLine('1 × Espresso').click();
  const toolbar = cashier.lineActions('Espresso');
  await expect(toolbar).toBeVisible();
  const first = (await cashier.cartLine('1 × Espresso').boundingBox())!;
  const bar = (await toolbar.boundingBox())!;
  const second = (await cashier.cartLine('1 × Croissant').boundingBox())!;
  expect(bar.y).toBeGreaterThanOrEqual(first.y + first.height - 1);
  expect(bar.y + bar.height).toBeLessThanOrEqual(second.y + 1);
  await expect(cashier.cartLines.first().getByRole('toolbar')).toHaveCount(1);

  // Another line's tap moves the toolbar under that line.
  await cashier.cartLine('1 × Croissant').click();
  await expect(cashier.lineActions('Espresso')).toHaveCount(0);
  await expect(cashier.cartLines.nth(1).getByRole('toolbar', { name: 'Actions for Croissant' })).toBeVisible();
  await cashier.cartLine('1 × Croissant').click();
  await expect(cashier.page.getByRole('toolbar')).toHaveCount(0);

  // 10 % off the order: one discount row in the totals, none on the lines.
  await cashier.discountOrderButton.click();
  await cashier.orderDiscount.percentOff.fill('10');
  await cashier.orderDiscount.reason('Loyalty').check();
  await cashier.orderDiscount.apply.click();
  await expect(cashier.orderDiscount.root).toHaveCount(0);
  await expect(cashier.page.locator('.discount-row')).toHaveCount(1);
  await expect(cashier.page.locator('.discount-row')).toContainText('Loyalty');
  await expect(cashier.cart.getByText(/Discount/)).toHaveCount(0);

  // A line's own discount shows on that line (and as its own row), and only there.
  await cashier.cartLine('1 × Espresso').click();
  await cashier.lineAction('Espresso', 'Discount').click();
  const lineDiscount = cashier.lineDiscount('Espresso');
  await lineDiscount.amountKind.check();
  await lineDiscount.amountOff.fill('0.50');
  await lineDiscount.reason('Other').check();
  await lineDiscount.ownReason.fill('short pour');
  await lineDiscount.apply.click();
  await expect(lineDiscount.root).toHaveCount(0);
  await expect(cashier.cartLines.first()).toContainText('Discount −€0.50');
  await expect(cashier.cart.getByText(/^Discount −/)).toHaveCount(1);
  await expect(cashier.page.locator('.discount-row')).toHaveCount(2);
});

test('the order type goes back to Takeout for the next guest', async ({ pos }) => {
  const cashier = await pos.openCashier();
  const takeAway = cashier.page.getByRole('radio', { name: 'Takeout' });
  await expect(takeAway).toBeChecked();
  await cashier.dineIn.check();
  await cashier.menuItem('Croissant').first().click();
  await expect(cashier.cart).toContainText('Croissant');
  await cashier.payCash('5.00');
  await expect(cashier.status).toContainText('Change');
  // The paid table's Dine in is not carried over.
  await expect(takeAway).toBeChecked();
  await cashier.newOrderButton.click();
  await expect(takeAway).toBeChecked();

  // A parked Dine in tab: the next order starts as Takeout too.
  await cashier.dineIn.check();
  await cashier.menuItem('Croissant').first().click();
  await expect(cashier.cart).toContainText('Croissant');
  await cashier.parkOrder.click();
  await expect(cashier.newOrderHeading).toBeVisible();
  await expect(takeAway).toBeChecked();
});

test('open orders show how long each guest has waited, and every ready paid order is handed over in one tap', async ({ pos, station }) => {
  const cashier = await pos.openCashier({
    beforeLoad: (page) => page.clock.install({ time: Date.now() }),
  });
  // Two paid orders with nothing for the kitchen (ready at once), one with an espresso still at the bar.
  for (const item of ['Croissant', 'Sparkling water', 'Espresso']) {
    await cashier.menuItem(item).first().click();
    await expect(cashier.cart).toContainText(item);
    await cashier.payCash('10.00');
    await expect(cashier.status).toContainText('Change');
    await cashier.newOrderButton.click();
  }

  await cashier.page.clock.fastForward('06:00');
  await cashier.openOrdersButton.click();
  const list = cashier.openOrders.getByRole('list', { name: 'Open orders' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.getByRole('listitem').first()).toContainText(/waiting \d+ min/);
  await expect(list.getByRole('listitem').nth(2)).toContainText('Paid · in the kitchen');

  await cashier.openOrders.getByRole('button', { name: 'Hand over all ready (2)' }).click();
  // Handed over: they leave the list; the espresso waits for the bar.
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Paid · in the kitchen');
  await expect(cashier.openOrders.getByRole('button', { name: /Hand over all ready/ })).toHaveCount(0);
  expect(
    station.store
      .listActive()
      .filter((o) => o.status === 'paid')
      .map((o) => o.lines[0]!.itemId),
  ).toEqual(['espresso']);

  // Handed over on its own (the guest took it at the bar), the list is empty.
  await cashier.openOrders.getByRole('button', { name: /^Handed over/ }).click();
  await expect(cashier.openOrders).toContainText('No open orders on this station');
});
