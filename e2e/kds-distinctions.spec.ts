import type { OrderView } from '../shared/order-view.js';
import { expect, test } from './support/station-fixture.js';
import { KitchenDisplay } from './support/pages/index.js';
import { invoke, sellForCash } from './support/station-orders.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-kds-marks-' } });

test('the grill tells done from voided, removals from extras and allergy notes from notes, in words', async ({ pos, station, page }) => {
  // Fired from the till while still open, so a line can be voided after the kitchen saw it.
  let order = await invoke<OrderView>(station, 'cashier', 'order.addLine', {
    itemId: 'burger',
    note: 'allergy: sesame',
    modifiers: [
      { groupId: 'doneness', optionIds: ['medium'] },
      { groupId: 'extras', optionIds: ['cheese'] },
      { groupId: 'remove', optionIds: ['no-onion'] },
    ],
  });
  order = await invoke<OrderView>(station, 'cashier', 'order.addLine', {
    orderId: order.id,
    itemId: 'soup-of-the-day',
    note: 'extra bread',
  });
  order = await invoke<OrderView>(station, 'cashier', 'order.addLine', { orderId: order.id, itemId: 'club-sandwich' });
  order = await invoke<OrderView>(station, 'cashier', 'order.fire', { orderId: order.id });
  const sandwich = order.lines.find((l) => l.itemId === 'club-sandwich')!;
  await invoke(station, 'cashier', 'order.voidLine', {
    orderId: order.id,
    lineId: sandwich.lineId,
    reason: 'changed mind',
    approvedBy: 'morgan',
  });

  const kitchen = await pos.openKitchen({ page, beforeLoad: (p) => KitchenDisplay.rememberSettings(p, { view: 'station:grill' }) });
  const card = kitchen.ticket(order.ticketNumber);

  // Removal and paid extra: named apart, and shown "− onion" against "+ Cheddar".
  await expect(kitchen.removal(card, 'onion')).toHaveText('− onion');
  await expect(kitchen.extra(card, 'Cheddar')).toHaveText('+ Cheddar');
  await expect(kitchen.removal(card, 'Cheddar')).toHaveCount(0);
  await expect(card.getByText('Medium', { exact: true })).toBeVisible();

  // Only the allergy note is a warning; the other note stays a note.
  await expect(kitchen.allergyNotes(card)).toHaveCount(1);
  await expect(kitchen.allergyNotes(card)).toContainText('ALLERGY');
  await expect(kitchen.allergyNotes(card)).toContainText('sesame');
  await expect(card.getByText('Note: extra bread')).toBeVisible();

  // The voided sandwich says VOID; the soup, ticked off, says DONE; neither says the other.
  const voided = kitchen.line(card, '1 × Club sandwich');
  await expect(kitchen.voidTag(voided)).toBeVisible();
  await expect(kitchen.doneTag(voided)).toHaveCount(0);
  const soup = kitchen.line(card, '1 × Soup of the day');
  await expect(kitchen.doneTag(soup)).toHaveCount(0);
  await kitchen.lineButton(card, '1 × Soup of the day').click();
  await expect(kitchen.doneTag(soup)).toBeVisible();
  await expect(kitchen.voidTag(soup)).toHaveCount(0);
  await expect(kitchen.lineButton(card, '1 × Soup of the day')).toHaveAttribute('aria-pressed', 'true');
});

test('expo shows each station’s part and offers "Bump order" only once every part is ready', async ({ pos, station, page }) => {
  const order = await sellForCash(station, [{ itemId: 'club-sandwich' }, { itemId: 'espresso' }]);
  const ticketOf = (name: string) => order.tickets.find((t) => t.station === name)!;
  const statuses = () => station.store.getOrder(order.id)?.tickets.map((t) => t.status);
  const kitchen = await pos.openKitchen({ page, beforeLoad: (p) => KitchenDisplay.rememberSettings(p, { view: 'expo' }) });
  const card = kitchen.ticket(order.ticketNumber);
  const bump = kitchen.bumpOrderButton(card, order.ticketNumber);

  await expect(kitchen.stationReadiness(card)).toHaveText(['Bar: New', 'Grill: New']);
  await expect(bump).toBeDisabled();
  await expect(bump).toHaveAccessibleDescription('Waiting for Bar (New), Grill (New)');

  // The grill is ready, the bar has not started: still no bump, from the button or the bump bar.
  const grill = { orderId: order.id, ticketId: ticketOf('grill').ticketId };
  await invoke(station, 'kitchen', 'ticket.start', grill);
  await invoke(station, 'kitchen', 'ticket.ready', grill);
  await expect(kitchen.stationReadiness(card)).toHaveText(['Bar: New', 'Grill: Ready']);
  await expect(bump).toHaveAccessibleDescription('Waiting for Bar (New)');
  await expect(bump).toBeDisabled();
  await page.keyboard.press('1');
  await expect(card).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Enter');
  await expect(kitchen.stationReadiness(card)).toHaveText(['Bar: New', 'Grill: Ready']);
  expect(statuses()).not.toContain('bumped');

  // The bar is ready too (the grill's part still "Ready", not bumped by that Enter): the order goes out whole.
  const bar = { orderId: order.id, ticketId: ticketOf('bar').ticketId };
  await invoke(station, 'kitchen', 'ticket.start', bar);
  await invoke(station, 'kitchen', 'ticket.ready', bar);
  await expect(kitchen.stationReadiness(card)).toHaveText(['Bar: Ready', 'Grill: Ready']);
  await expect(bump).toBeEnabled();
  await expect(bump).toHaveText('Bump order — all ready');
  await bump.click();
  await expect.poll(statuses).toEqual(['bumped', 'bumped']);
  await expect(card).toHaveCount(0);
});
