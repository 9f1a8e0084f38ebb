import { expect, test } from '@playwright/test';
import type { Station } from '../electron/core/station.js';
import { startSimulatedStation, type SimulatedStation } from './support/simulated-station.js';
import type { KitchenRoutingView } from '../shared/ipc/commands/kitchen.js';
import { invoke, sellForCash } from './support/station-orders.js';

let counter: SimulatedStation;
let station: Station;

test.beforeEach(async () => {
  counter = await startSimulatedStation('pos-e2e-items-');
  station = counter.station;
});

test.afterEach(async () => {
  await counter.stop();
});

const grillTicket = (orderId: string) => station.store.getOrder(orderId)?.tickets.find((t) => t.station === 'grill');

test('a cook ticks items off one by one (tap and bump-bar key), takes one back, and bumps the finished ticket', async ({ page }) => {
  const order = await sellForCash(station, [{ itemId: 'club-sandwich' }, { itemId: 'soup-of-the-day', quantity: 2 }]);
  await page.addInitScript(() => localStorage.setItem('pos.kitchen.settings', JSON.stringify({ view: 'station:grill' })));
  await page.goto(station.windowUrl('kitchen'));
  const card = page.getByRole('article', { name: `Ticket ${order.ticketNumber}` });
  const sandwich = card.getByRole('button', { name: '1 × Club sandwich' });
  const soup = card.getByRole('button', { name: '2 × Soup of the day' });
  await expect(sandwich).toHaveAttribute('aria-pressed', 'false');

  // A tap ticks the sandwich off; the new ticket starts on the way.
  await sandwich.click();
  await expect(sandwich).toHaveAttribute('aria-pressed', 'true');
  await expect(card.locator('li.kds-line.done')).toHaveCount(1);
  await expect.poll(() => grillTicket(order.id)?.status).toBe('in_progress');
  await expect(card.getByRole('button', { name: `Bump ticket ${order.ticketNumber}` })).toHaveText('Bump');

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
  const bump = card.getByRole('button', { name: `Bump ticket ${order.ticketNumber}` });
  await expect(bump).toHaveText('All done — Bump');
  await bump.click();
  await expect.poll(() => grillTicket(order.id)?.status).toBe('bumped');
  await expect(card).toHaveCount(0);
});

test('a routing change reaches an open kitchen screen without a reload', async ({ page }) => {
  await page.goto(station.windowUrl('kitchen'));
  const stationButtons = page.getByRole('button', { name: 'Pastry2' });
  await expect(page.getByRole('button', { name: 'Grill', exact: true })).toBeVisible();
  await expect(stationButtons).toHaveCount(0);
  const current = await invoke<KitchenRoutingView>(station, 'cashier', 'kitchen.routing', {});
  await invoke(station, 'cashier', 'kitchen.setRouting', { routing: { ...current.routing, stations: [...current.routing.stations, 'pastry2'] } });
  await expect(stationButtons).toHaveCount(1);
});
