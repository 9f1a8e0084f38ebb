import type { KitchenRoutingView } from '../shared/ipc/commands/kitchen.js';
import { expect, test } from './support/station-fixture.js';
import { KitchenDisplay } from './support/pages/index.js';
import { invoke, sellForCash } from './support/station-orders.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-items-' } });

test('a cook ticks items off one by one (tap and bump-bar key), takes one back, and bumps the finished ticket', async ({
  pos,
  station,
  page,
}) => {
  const grillTicket = (orderId: string) => station.store.getOrder(orderId)?.tickets.find((t) => t.station === 'grill');
  const order = await sellForCash(station, [{ itemId: 'club-sandwich' }, { itemId: 'soup-of-the-day', quantity: 2 }]);
  const kitchen = await pos.openKitchen({ page, beforeLoad: (p) => KitchenDisplay.rememberSettings(p, { view: 'station:grill' }) });
  const card = kitchen.ticket(order.ticketNumber);
  const sandwich = kitchen.lineButton(card, '1 × Club sandwich');
  const soup = kitchen.lineButton(card, '2 × Soup of the day');
  await expect(sandwich).toHaveAttribute('aria-pressed', 'false');

  // A tap ticks the sandwich off; the new ticket starts on the way.
  await sandwich.click();
  await expect(sandwich).toHaveAttribute('aria-pressed', 'true');
  await expect(kitchen.doneLines(card)).toHaveCount(1);
  await expect.poll(() => grillTicket(order.id)?.status).toBe('in_progress');
  await expect(kitchen.bumpButton(card, order.ticketNumber)).toHaveText('Bump');

  // A second tap takes it back.
  await sandwich.click();
  await expect(sandwich).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => grillTicket(order.id)?.doneLineIds).toEqual([]);

  // The bump bar: pick the card, X ticks the next item twice; then the card offers the bump.
  await page.keyboard.press('1');
  await page.keyboard.press('x');
  await expect(sandwich).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('x');
  await expect(soup).toHaveAttribute('aria-pressed', 'true');
  const bump = kitchen.bumpButton(card, order.ticketNumber);
  await expect(bump).toHaveText('All done — Bump');
  await bump.click();
  await expect.poll(() => grillTicket(order.id)?.status).toBe('bumped');
  await expect(card).toHaveCount(0);
});

test('a routing change reaches an open kitchen screen without a reload', async ({ pos, station, page }) => {
  const kitchen = await pos.openKitchen({ page });
  const stationButtons = kitchen.stationButton('Pastry2');
  await expect(kitchen.stationButton('Grill')).toBeVisible();
  await expect(stationButtons).toHaveCount(0);
  const current = await invoke<KitchenRoutingView>(station, 'cashier', 'kitchen.routing', {});
  await invoke(station, 'cashier', 'kitchen.setRouting', {
    routing: { ...current.routing, stations: [...current.routing.stations, 'pastry2'] },
  });
  await expect(stationButtons).toHaveCount(1);
});
