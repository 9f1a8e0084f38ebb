import type { Page, TestInfo } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ManualClock } from '../shared/clock.js';
import type { OrderView } from '../shared/order-view.js';
import { KitchenDisplay } from './support/pages/index.js';
import { expect, STORE, test, WEB_KEY } from './support/station-fixture.js';
import { invoke, sellForCash } from './support/station-orders.js';

/**
 * The pictures the README shows, from fixed data and a fixed clock so a rerun draws the same thing:
 * the cashier with an order in the cart, the kitchen display mid-rush (one ticket late, one amber,
 * one cancelled and flashing) and the customer display. Saved to docs/screenshots/ and as artifacts.
 */
const SHOTS_DIR = resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const MINUTE = 60_000;
/**
 * The story starts ten minutes ago: the server stamps the web order with the real time, and the
 * station's clock must stay within its drift bound of that. Screens show ages, not wall times, and the
 * pages' clocks are pinned to the station's, so the pictures do not depend on when they are taken.
 */
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;

const clock = new ManualClock(T0);

test.use({
  stationSetup: {
    dirPrefix: 'pos-e2e-shots-',
    storeName: 'Demo Café',
    server: 'web-channel',
    // The live poke brings the web order; the slow poll never fires during the test.
    syncIntervalMs: 60_000,
    clock,
  },
});

// The station starts when the test asks for it, after this: a rerun starts the story at T0 again.
test.beforeEach(() => {
  clock.set(T0);
});

async function save(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  const artifact = testInfo.outputPath(name);
  // Infinite animations (the CANCELLED flash) are frozen at their start, so the picture is stable.
  await page.screenshot({ path: artifact, animations: 'disabled', caret: 'hide' });
  mkdirSync(SHOTS_DIR, { recursive: true });
  copyFileSync(artifact, join(SHOTS_DIR, name));
  await testInfo.attach(name, { path: artifact, contentType: 'image/png' });
}

/** Date.now() in the page stays at `at` while timers keep running: timers tick, the ages do not move. */
async function pinClock(page: Page, at: number): Promise<void> {
  await page.clock.setFixedTime(at);
}

const firstTicket = (order: OrderView) => order.tickets[0]!.ticketId;

test('README screenshots: cashier, kitchen display and customer display', async ({ pos, station, server }, testInfo) => {
  // 12:00 — two club sandwiches and a soup: ten minutes old when the picture is taken, so red.
  const late = await sellForCash(station, [{ itemId: 'club-sandwich', quantity: 2 }, { itemId: 'soup-of-the-day' }]);
  clock.advance(3 * MINUTE);
  // 12:03 — a burger with options and a note, already cooking: amber at seven minutes.
  const burger = await sellForCash(station, [
    {
      itemId: 'burger',
      modifiers: [
        { groupId: 'doneness', optionIds: ['medium-rare'] },
        { groupId: 'extras', optionIds: ['cheese', 'bacon'] },
      ],
      note: 'no onions',
    },
    { itemId: 'flat-white' },
  ]);
  await invoke(station, 'kitchen', 'ticket.start', {
    orderId: burger.id,
    ticketId: burger.tickets.find((t) => t.station === 'grill')!.ticketId,
  });
  clock.advance(1 * MINUTE);
  // 12:04 — sent to the kitchen before paying, started, then the guest walks out: CANCELLED, flashing.
  const placed = await invoke<OrderView>(station, 'cashier', 'order.addLine', {
    itemId: 'soup-of-the-day',
    quantity: 2,
    orderType: 'dine_in',
  });
  const fired = await invoke<OrderView>(station, 'cashier', 'order.place', { orderId: placed.id });
  await invoke(station, 'kitchen', 'ticket.start', { orderId: fired.id, ticketId: firstTicket(fired) });
  clock.advance(2 * MINUTE);
  await invoke(station, 'cashier', 'order.cancel', { orderId: fired.id, reason: 'Guest left' });
  clock.advance(2 * MINUTE);
  // 12:08 and 12:09 — fresh tickets for the bar and the pastry corner.
  await sellForCash(station, [{ itemId: 'espresso', quantity: 2 }, { itemId: 'creme-brulee' }]);
  clock.advance(1 * MINUTE);
  await sellForCash(station, [{ itemId: 'cappuccino' }, { itemId: 'club-sandwich', note: 'no mayo, extra pickles' }]);
  clock.advance(1 * MINUTE);
  // And a web order, posted to the central server and pulled: the station fires it to the grill.
  const posted = await fetch(`${server.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEB_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'screenshot-web-1' },
    body: JSON.stringify({
      orderType: 'takeout',
      customerName: 'Ada',
      lines: [{ itemId: 'burger', quantity: 2, modifiers: ['medium'] }],
    }),
  });
  expect(posted.status).toBe(201);
  await expect.poll(() => station.store.listActive().find((o) => o.channel === 'web')?.tickets.length).toBe(1);
  // Everything reached the server before the pictures: the header says "All synced".
  await expect.poll(() => station.sync!.getStatus()).toMatchObject({ state: 'idle', outboxDepth: 0 });
  expect(station.store.getOrder(late.id)?.tickets).toHaveLength(1);

  const now = clock.now();
  const kitchen = await pos.openKitchen({
    viewport: { width: 1920, height: 1080 },
    beforeLoad: async (page) => {
      await pinClock(page, now);
      await KitchenDisplay.rememberSettings(page, { view: 'all', muted: true });
    },
  });
  await expect(kitchen.tickets).toHaveCount(6);
  await expect(kitchen.channelBadge(kitchen.tickets.last(), 'Web')).toBeVisible();
  await expect(kitchen.ticket(fired.ticketNumber)).toContainText('CANCELLED');
  await expect(kitchen.waiting(kitchen.ticket(late.ticketNumber)).first()).toHaveText('10:00');
  await save(kitchen.page, 'kitchen-display.png', testInfo);

  const cashier = await pos.openCashier({ viewport: { width: 1366, height: 768 }, beforeLoad: (page) => pinClock(page, now) });
  // The customer display follows this station's counter orders only; the web order is not shown there.
  const customer = await pos.openCustomer({ viewport: { width: 1024, height: 600 }, beforeLoad: (page) => pinClock(page, now) });
  await expect(customer.welcome).toBeVisible();
  for (const item of ['Club sandwich', 'Espresso', 'Croissant']) await cashier.menuItem(item).first().click();
  await cashier.menuItem('Espresso').first().click();
  await expect(customer.total).toHaveText('€16.10');
  await save(cashier.page, 'cashier.png', testInfo);
  await save(customer.page, 'customer-display.png', testInfo);
});
