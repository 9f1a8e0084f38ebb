import { expect, test } from '@playwright/test';
import type { Station } from '../electron/core/station.js';
import { startSimulatedStation, type SimulatedStation } from './support/simulated-station.js';

let counter: SimulatedStation;
let station: Station;

test.beforeEach(async () => {
  counter = await startSimulatedStation('pos-e2e-keys-');
  station = counter.station;
});

test.afterEach(async () => {
  await counter.stop();
});

test('scenario 9 (cashier): search, modifiers, a typed barcode and cash payment with the keyboard alone', async ({ browser }) => {
  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  const keys = cashier.keyboard;
  const cart = cashier.getByRole('list', { name: 'Cart' });
  const search = cashier.getByLabel('Search menu');
  await expect(cashier.getByRole('button', { name: /^Espresso/ })).toBeVisible();

  // "/" jumps to the search; one match and Enter opens the latte's options; Escape backs out, adding nothing.
  await keys.press('/');
  await expect(search).toBeFocused();
  await keys.type('latte');
  await keys.press('Enter');
  const latte = cashier.getByRole('dialog', { name: 'Latte' });
  await expect(latte).toBeVisible();
  await keys.press('Escape');
  await expect(latte).toHaveCount(0);
  await expect(cart.getByRole('listitem')).toHaveCount(0);

  // The burger: focus starts on the first doneness; Enter with nothing chosen adds nothing.
  await keys.press('/');
  await keys.type('burg');
  await keys.press('Enter');
  const burger = cashier.getByRole('dialog', { name: 'Burger' });
  await expect(burger).toBeVisible();
  const mediumRare = burger.getByRole('radio', { name: 'Medium rare' });
  await expect(mediumRare).toBeFocused();
  await expect(burger.getByRole('button', { name: 'Add to order' })).toBeDisabled();
  await expect(burger).toContainText('Choose Doneness');
  // Focus stays inside the dialog: Tab from the last control wraps around, never reaching the menu behind.
  for (let i = 0; i < 12; i += 1) {
    await keys.press('Tab');
    expect(await burger.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  }
  await mediumRare.focus();
  await keys.press('Space');
  await expect(mediumRare).toBeChecked();
  await keys.press('Tab');
  await expect(burger.getByRole('checkbox', { name: /Cheddar/ })).toBeFocused();
  await keys.press('Space');
  await burger.getByLabel('Note for the kitchen').focus();
  await keys.type('no onion');
  await keys.press('Enter');
  await expect(burger).toHaveCount(0);
  await expect(cart).toContainText('1 × Burger');
  await expect(cart).toContainText('Medium rare, Cheddar');

  // Search by the start of a word, Enter adds an item without options at once.
  await keys.press('/');
  await keys.type('esp');
  await keys.press('Enter');
  await expect(cart).toContainText('1 × Espresso');

  // A barcode typed into the barcode field (F2) adds the croissant.
  await keys.press('F2');
  await expect(cashier.getByLabel('Barcode')).toBeFocused();
  await keys.type('4006381333931');
  await keys.press('Enter');
  await expect(cart).toContainText('1 × Croissant');
  await expect(cashier.getByLabel('Total')).toHaveText('€17.60');

  // F4 jumps to the cash field; Enter takes the payment; Alt+N starts the next order.
  await keys.press('F4');
  await expect(cashier.getByLabel('Cash tendered')).toBeFocused();
  await keys.type('20');
  await keys.press('Enter');
  await expect(cashier.getByRole('status')).toContainText('Change €2.40');
  await keys.press('Alt+n');
  await expect(cashier.getByRole('heading', { name: 'New order' })).toBeVisible();
  await expect(cart.getByRole('listitem')).toHaveCount(0);

  const paid = station.store.listActive().find((o) => o.status === 'paid')!;
  expect(paid.lines.map((l) => [l.itemId, l.modifiers.map((m) => m.optionId), l.note])).toEqual([
    ['burger', ['medium-rare', 'cheese'], 'no onion'],
    ['espresso', [], undefined],
    ['croissant', [], undefined],
  ]);
});
