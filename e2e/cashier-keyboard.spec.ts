import { expect, test } from './support/station-fixture.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-keys-' } });

test('scenario 9 (cashier): search, modifiers, a typed barcode and cash payment with the keyboard alone', async ({ pos, station }) => {
  const cashier = await pos.openCashier();
  const keys = cashier.page.keyboard;
  const cart = cashier.cart;
  await expect(cashier.menuItem('Espresso')).toBeVisible();

  // "/" jumps to the search; one match and Enter opens the latte's options; Escape backs out, adding nothing.
  await keys.press('/');
  await expect(cashier.search).toBeFocused();
  await keys.type('latte');
  await keys.press('Enter');
  const latte = cashier.itemDialog('Latte');
  await expect(latte.root).toBeVisible();
  await keys.press('Escape');
  await expect(latte.root).toHaveCount(0);
  await expect(cashier.cartLines).toHaveCount(0);

  // The burger: focus starts on the first doneness; Enter with nothing chosen adds nothing.
  await keys.press('/');
  await keys.type('burg');
  await keys.press('Enter');
  const burger = cashier.itemDialog('Burger');
  await expect(burger.root).toBeVisible();
  const mediumRare = burger.choice('Medium rare');
  await expect(mediumRare).toBeFocused();
  await expect(burger.addToOrder).toBeDisabled();
  await expect(burger.root).toContainText('Choose Doneness');
  // Focus stays inside the dialog: Tab from the last control wraps around, never reaching the menu behind.
  for (let i = 0; i < 12; i += 1) {
    await keys.press('Tab');
    expect(await burger.root.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  }
  await mediumRare.focus();
  await keys.press('Space');
  await expect(mediumRare).toBeChecked();
  await keys.press('Tab');
  await expect(burger.extra('Cheddar')).toBeFocused();
  await keys.press('Space');
  await burger.note.focus();
  await keys.type('no onion');
  await keys.press('Enter');
  await expect(burger.root).toHaveCount(0);
  await expect(cart).toContainText('1 × Burger');
  await expect(cart).toContainText('Medium rare, Cheddar');

  // Search by the start of a word, Enter adds an item without options at once.
  await keys.press('/');
  await keys.type('esp');
  await keys.press('Enter');
  await expect(cart).toContainText('1 × Espresso');

  // A barcode typed into the barcode field (F2) adds the croissant.
  await keys.press('F2');
  await expect(cashier.barcode).toBeFocused();
  await keys.type('4006381333931');
  await keys.press('Enter');
  await expect(cart).toContainText('1 × Croissant');
  await expect(cashier.total).toHaveText('€17.60');

  // F4 jumps to the cash field; Enter takes the payment; Alt+N starts the next order.
  await keys.press('F4');
  await expect(cashier.cashTendered).toBeFocused();
  await keys.type('20');
  await keys.press('Enter');
  await expect(cashier.status).toContainText('Change €2.40');
  await keys.press('Alt+n');
  await expect(cashier.newOrderHeading).toBeVisible();
  await expect(cashier.cartLines).toHaveCount(0);

  const paid = station.store.listActive().find((o) => o.status === 'paid')!;
  expect(paid.lines.map((l) => [l.itemId, l.modifiers.map((m) => m.optionId), l.note])).toEqual([
    ['burger', ['medium-rare', 'cheese'], 'no onion'],
    ['espresso', [], undefined],
    ['croissant', [], undefined],
  ]);
});
