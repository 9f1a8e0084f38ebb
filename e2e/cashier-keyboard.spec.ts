import { COUNTER_SCREEN, countTaps, resetTaps, tapCounts } from './support/counter-screen.js';
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

test('shortcuts work from any focus, show as key caps and under "?"; keystrokes for a one-item cash and card sale', async ({
  pos,
  station,
}) => {
  const cashier = await pos.openCashier({ viewport: COUNTER_SCREEN, beforeLoad: countTaps });
  const page = cashier.page;
  const keys = page.keyboard;
  await expect(cashier.menuItem('Espresso')).toBeVisible();

  // Every button with a key shows it as a key cap, outside its accessible name (aria-keyshortcuts says it).
  const openOrders = page.getByRole('button', { name: 'Open orders', exact: true });
  await expect(openOrders).toHaveAttribute('aria-keyshortcuts', 'F7');
  expect(await openOrders.evaluate((el) => getComputedStyle(el, '::after').content)).toContain('F7');
  expect(await openOrders.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(0);

  // "?" lists them all.
  await keys.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const key of ['/', 'F2', 'F4', 'F6', 'F7', 'F8', 'Alt+D', 'Alt+N'])
    await expect(help.locator('kbd', { hasText: key }).first()).toBeVisible();
  await keys.press('Escape');
  await expect(help).toHaveCount(0);
  // The same list from the header, for a mouse.
  await page.getByRole('button', { name: 'Keys' }).click();
  await expect(help).toBeVisible();
  await keys.press('Escape');

  // After choosing Dine in (focus on the radio), "/" goes to the search and nothing typed is lost.
  await cashier.dineIn.click();
  await expect(cashier.dineIn).toBeFocused();
  await keys.press('/');
  await expect(cashier.search).toBeFocused();
  await keys.type('esp');
  await expect(cashier.search).toHaveValue('esp');
  await keys.press('Enter');
  await expect(cashier.cart).toContainText('1 × Espresso');

  // Back on the radio, just typing a name starts the search with it.
  await cashier.dineIn.focus();
  await keys.type('croi');
  await expect(cashier.search).toBeFocused();
  await expect(cashier.search).toHaveValue('croi');
  await keys.press('Enter');
  await expect(cashier.cart).toContainText('1 × Croissant');

  // From a category tab, F6 opens the table and note; the table is typed and Enter saves it.
  await page.getByRole('group', { name: 'Categories' }).getByRole('button', { name: 'Coffee' }).focus();
  await keys.press('F6');
  await expect(cashier.details.root).toBeVisible();
  await expect(cashier.details.table).toBeFocused();
  await keys.type('4');
  await keys.press('Enter');
  await expect(cashier.details.root).toHaveCount(0);
  await expect.poll(() => station.store.listActive()[0]?.tableNumber).toBe('4');

  // From the barcode field (a text field), Alt+D still opens the order discount; Escape backs out.
  await keys.press('F2');
  await expect(cashier.barcode).toBeFocused();
  await keys.press('Alt+d');
  await expect(cashier.orderDiscount.root).toBeVisible();
  await keys.press('Escape');
  await expect(cashier.orderDiscount.root).toHaveCount(0);
  // And "/" in the barcode field (no barcode has one) is the search, not a character.
  await cashier.barcode.focus();
  await keys.press('/');
  await expect(cashier.search).toBeFocused();
  await expect(cashier.barcode).toHaveValue('');

  // From a cart line, F8 sends the tab to the kitchen; F7 and Enter recall it.
  await cashier.cartLine('1 × Espresso').focus();
  await keys.press('F8');
  await expect(cashier.newOrderHeading).toBeVisible();
  await keys.press('F7');
  await expect(cashier.openOrders).toBeVisible();
  await expect(cashier.recallOrderButton()).toBeFocused();
  await keys.press('Enter');
  await expect(cashier.cartLines).toHaveCount(2);

  // A note typed in the order details keeps its "/" and "?" (a text field needs them).
  await keys.press('F6');
  await cashier.details.note.focus();
  await keys.type('1/2 portion?');
  await expect(cashier.details.note).toHaveValue('1/2 portion?');
  await keys.press('Escape');

  // F4 from the search, Enter in the empty cash field: exact cash. Alt+N for the next guest.
  await cashier.search.focus();
  await keys.press('F4');
  await expect(cashier.cashTendered).toBeFocused();
  await keys.press('Enter');
  await expect(cashier.status).toContainText('Paid — Change €0.00');
  await keys.press('Alt+n');
  await expect(cashier.newOrderHeading).toBeVisible();

  // The benchmark: a one-item sale with the keyboard alone, counted from the "New order" screen.
  await resetTaps(page);
  await keys.type('esp');
  await keys.press('Enter');
  await expect(cashier.cart).toContainText('1 × Espresso');
  await keys.press('F4');
  await expect(cashier.cashTendered).toBeFocused();
  await keys.press('Enter');
  await expect(cashier.status).toContainText('Paid — Change €0.00');
  const cash = await tapCounts(page);
  expect(cash.taps).toBe(0);

  // Card: the same, then Alt+C (shown on the "Pay by card" button) from the cash field.
  await resetTaps(page);
  await keys.type('esp');
  await keys.press('Enter');
  await expect(cashier.cart).toContainText('1 × Espresso');
  await keys.press('F4');
  await expect(cashier.cashTendered).toBeFocused();
  await expect(cashier.payByCard('€2.50')).toHaveAttribute('aria-keyshortcuts', 'Alt+C');
  await page.screenshot({ path: 'test-results/screens/cashier-key-caps.png' });
  await keys.press('Alt+c');
  await expect(cashier.status).toContainText('Paid');
  const card = await tapCounts(page);
  expect(card.taps).toBe(0);
  // Alt+C does nothing once the tender view is gone (the next order's items are on screen).
  await keys.press('Alt+n');
  await keys.type('esp');
  await keys.press('Enter');
  await expect(cashier.cartLines).toHaveCount(1);
  await keys.press('Alt+c');
  await expect(cashier.payment).toBeHidden();
  expect(station.store.listActive().filter((o) => o.status === 'open')).toHaveLength(1);

  console.log(
    JSON.stringify({
      bench: 'cashier-keystrokes-per-sale',
      viewport: '1366x768',
      exactCash: cash.keys,
      card: card.keys,
      item: 'esp + Enter',
    }),
  );
  test.info().annotations.push({ type: 'keystrokes', description: JSON.stringify({ exactCash: cash.keys, card: card.keys }) });
  // Key downs, a chord counted per key: "esp", Enter, F4, Enter (cash) or Alt+C (card).
  expect(cash.keys).toBeLessThanOrEqual(6);
  expect(card.keys).toBeLessThanOrEqual(7);
});
