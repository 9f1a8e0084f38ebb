import { expect, test } from '@playwright/test';
import type { Station } from '../electron/core/station.js';
import { startSimulatedStation, type SimulatedStation } from './support/simulated-station.js';
import { sellForCash } from './support/station-orders.js';

let counter: SimulatedStation;
let station: Station;

test.beforeEach(async () => {
  counter = await startSimulatedStation('pos-e2e-bumpbar-');
  station = counter.station;
});

test.afterEach(async () => {
  await counter.stop();
});

const ticketStatus = (orderId: string) => station.store.getOrder(orderId)?.tickets[0]?.status;

test('a cook works the grill with the bump bar alone: move, start, bump, recall', async ({ page }) => {
  const first = await sellForCash(station, [{ itemId: 'club-sandwich' }]);
  const second = await sellForCash(station, [{ itemId: 'soup-of-the-day', quantity: 2 }]);
  const third = await sellForCash(station, [{ itemId: 'club-sandwich', note: 'no mayo' }]);

  // The screen remembers its station; this tablet is the grill's.
  await page.addInitScript(() => localStorage.setItem('pos.kitchen.settings', JSON.stringify({ view: 'station:grill' })));
  await page.goto(station.windowUrl('kitchen'));
  const cards = page.getByRole('main', { name: 'Grill tickets' }).getByRole('article');
  await expect(cards).toHaveCount(3);
  const card = (n: number) => page.getByRole('article', { name: `Ticket ${n}` });

  // Nothing is clicked: a bump bar is a keyboard, and the page has not been focused by a pointer.
  await page.keyboard.press('ArrowRight');
  await expect(card(first.ticketNumber)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(card(second.ticketNumber)).toHaveAttribute('aria-current', 'true');
  await expect(card(first.ticketNumber)).not.toHaveAttribute('aria-current', 'true');

  // S starts the focused ticket, Enter bumps it off the screen.
  await page.keyboard.press('s');
  await expect.poll(() => ticketStatus(second.id)).toBe('in_progress');
  await expect(card(second.ticketNumber)).toContainText('Cooking');
  await page.keyboard.press('Enter');
  await expect.poll(() => ticketStatus(second.id)).toBe('bumped');
  await expect(card(second.ticketNumber)).toHaveCount(0);
  await expect(cards).toHaveCount(2);

  // R recalls the last bumped ticket; it comes back marked as recalled.
  await page.keyboard.press('r');
  await expect.poll(() => ticketStatus(second.id)).toBe('recalled');
  await expect(card(second.ticketNumber)).toContainText('Recalled');
  await expect(cards).toHaveCount(3);

  // Digits jump straight to a card; Enter bumps without starting first.
  await page.keyboard.press('3');
  await expect(cards.nth(2)).toHaveAttribute('aria-current', 'true');
  const focusedNumber = Number((await cards.nth(2).getAttribute('aria-label'))!.replace('Ticket ', ''));
  await page.keyboard.press('Enter');
  await expect(card(focusedNumber)).toHaveCount(0);

  // B opens the recall list; the list is reachable and the focused ticket state is kept.
  await page.keyboard.press('b');
  const recall = page.getByRole('region', { name: 'Recently bumped' });
  await expect(recall).toBeVisible();
  await expect(recall.getByRole('button', { name: new RegExp(`Recall ticket ${focusedNumber}`) })).toBeVisible();
  await page.keyboard.press('b');
  await expect(recall).toHaveCount(0);

  // The bar's left/home keys walk back to the first ticket, which is bumped in one press.
  await page.keyboard.press('Home');
  await expect(cards.first()).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Enter');
  await expect(cards).toHaveCount(1);
  expect([ticketStatus(first.id), ticketStatus(second.id), ticketStatus(third.id)].filter((s) => s === 'bumped')).toHaveLength(2);
});
