import { expect, test } from './support/station-fixture.js';
import { KitchenDisplay } from './support/pages/index.js';
import { sellForCash } from './support/station-orders.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-bumpbar-' } });

test('a cook works the grill with the bump bar alone: move, start, bump, recall', async ({ pos, station, page }) => {
  const ticketStatus = (orderId: string) => station.store.getOrder(orderId)?.tickets[0]?.status;
  const first = await sellForCash(station, [{ itemId: 'club-sandwich' }]);
  const second = await sellForCash(station, [{ itemId: 'soup-of-the-day', quantity: 2 }]);
  const third = await sellForCash(station, [{ itemId: 'club-sandwich', note: 'no mayo' }]);

  // The screen remembers its station; this tablet is the grill's.
  const kitchen = await pos.openKitchen({ page, beforeLoad: (p) => KitchenDisplay.rememberSettings(p, { view: 'station:grill' }) });
  const cards = kitchen.stationTickets('Grill');
  await expect(cards).toHaveCount(3);
  const card = (n: number) => kitchen.ticket(n);

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
  await expect(kitchen.recentlyBumped).toBeVisible();
  await expect(kitchen.recallTicketButton(focusedNumber)).toBeVisible();
  await page.keyboard.press('b');
  await expect(kitchen.recentlyBumped).toHaveCount(0);

  // The bar's left/home keys walk back to the first ticket, which is bumped in one press.
  await page.keyboard.press('Home');
  await expect(cards.first()).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Enter');
  await expect(cards).toHaveCount(1);
  expect([ticketStatus(first.id), ticketStatus(second.id), ticketStatus(third.id)].filter((s) => s === 'bumped')).toHaveLength(2);
});
