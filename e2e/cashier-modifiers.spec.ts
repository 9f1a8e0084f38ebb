import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation, type Station } from '../electron/core/station.js';
import { DEMO_PINS, DEMO_STAFF } from '../electron/core/staff/demo-staff.js';
import type { MockSerialBench } from './support/mock-serial.js';
import { rendererDir } from './support/renderer-dir.js';
import { startSerialStation, type SerialStation } from './support/serial-station.js';

const CROISSANT = '4006381333931';

let counter: SerialStation;
let station: Station;
let serial: MockSerialBench;

test.beforeEach(async () => {
  counter = await startSerialStation({ stationId: 'station-counter', dirPrefix: 'pos-e2e-mods-' });
  ({ station, serial } = counter);
});

test.afterEach(async () => {
  if (station !== counter.station) await station.stop();
  await counter.stop();
});

test('scenario 1: a modified burger, a scanned croissant, a voided espresso and a loyalty discount reach the grill and the receipt', async ({ browser }) => {
  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  const cart = cashier.getByRole('list', { name: 'Cart' });

  // The burger has a required doneness: the dialog will not add it until one is chosen, and says so.
  await cashier.getByRole('button', { name: /^Burger/ }).click();
  const dialog = cashier.getByRole('dialog', { name: 'Burger' });
  await expect(dialog).toBeVisible();
  const add = dialog.getByRole('button', { name: 'Add to order' });
  await expect(add).toBeDisabled();
  await expect(dialog).toContainText('Choose Doneness');
  await dialog.getByRole('checkbox', { name: /Cheddar/ }).check();
  await dialog.getByRole('checkbox', { name: /Bacon/ }).check();
  await dialog.getByRole('checkbox', { name: /Fried egg/ }).check();
  // Extras allow three: with three chosen the fourth cannot be ticked.
  await expect(dialog.getByRole('checkbox', { name: /Avocado/ })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: /Fried egg/ }).uncheck();
  await expect(dialog.getByLabel('Line price')).toHaveText('€14.40');
  await expect(add).toBeDisabled();
  await dialog.getByRole('radio', { name: 'Medium', exact: true }).check();
  await expect(add).toBeEnabled();
  await dialog.getByLabel('Note for the kitchen').fill('sauce on the side');
  await add.click();
  await expect(dialog).toHaveCount(0);
  await expect(cart).toContainText('1 × Burger');
  await expect(cart).toContainText('Medium, Cheddar, Bacon');
  await expect(cart).toContainText('Note: sauce on the side');

  // A scanned croissant and a tapped espresso join the same order.
  serial.scan(CROISSANT);
  await expect(cart).toContainText('Croissant');
  await cashier.getByRole('button', { name: /^Espresso/ }).click();
  await expect(cart.getByRole('listitem')).toHaveCount(3);
  await expect(cashier.getByLabel('Total')).toHaveText('€19.10');

  // The espresso was a mistake: select it, void it with a reason; it stays visible, struck through.
  await cart.getByRole('button', { name: /1 × Espresso/ }).click();
  await cashier.getByRole('toolbar', { name: 'Actions for Espresso' }).getByRole('button', { name: 'Void' }).click();
  const voidDialog = cashier.getByRole('dialog', { name: 'Void 1 × Espresso' });
  await voidDialog.getByRole('button', { name: 'Void line' }).click();
  await expect(voidDialog).toContainText('Pick a reason');
  await voidDialog.getByRole('radio', { name: 'Rung up by mistake' }).check();
  await voidDialog.getByRole('button', { name: 'Void line' }).click();
  await expect(voidDialog).toHaveCount(0);
  await expect(cart.getByRole('listitem')).toHaveCount(2);
  await expect(cashier.getByRole('list', { name: 'Voided lines' })).toContainText('1 × Espresso');
  await expect(cashier.getByLabel('Total')).toHaveText('€16.60');

  // 10 % loyalty discount on the order: a reason is required.
  await cashier.getByRole('button', { name: 'Discount order' }).click();
  const discount = cashier.getByRole('dialog', { name: /Discount order/ });
  await discount.getByLabel('Percent off').fill('10');
  await discount.getByRole('button', { name: 'Apply discount' }).click();
  await expect(discount).toContainText('Pick a reason');
  await discount.getByRole('radio', { name: 'Loyalty' }).check();
  await discount.getByRole('button', { name: 'Apply discount' }).click();
  await expect(discount).toHaveCount(0);
  await expect(cashier.getByLabel('Before discounts')).toHaveText('€16.60');
  await expect(cashier.getByLabel('Total')).toHaveText('€14.94');

  const order = station.store.listActive()[0]!;
  expect(order.lines.map((l) => l.itemId)).toEqual(['burger', 'croissant']);
  expect(order.lines[0]!.modifiers.map((m) => m.optionId)).toEqual(['medium', 'cheese', 'bacon']);
  expect(order.voidedLines).toMatchObject([{ itemId: 'espresso', reason: 'Rung up by mistake' }]);
  expect(order.discounts).toMatchObject([{ reason: 'Loyalty', amount: { kind: 'percent', bp: 1000 }, appliedMinor: 166 }]);

  await cashier.getByLabel('Cash tendered').fill('20');
  await cashier.getByRole('button', { name: 'Take payment' }).click();
  await expect(cashier.getByRole('status')).toContainText('Change €5.06');

  // The receipt lists the burger with its options and the discount with its reason.
  await expect.poll(() => serial.printed.length, { message: 'receipt printed' }).toBe(1);
  const receipt = serial.printed[0]!.lines.join('\n').replace(/\s+/g, ' ');
  // The burger's options are printed with it (before the next line), however the name wraps.
  const burgerPart = receipt.slice(receipt.indexOf('1 x Burger'), receipt.indexOf('1 x Croissant'));
  for (const option of ['Medium', 'Cheddar', 'Bacon', '14.40']) expect(burgerPart).toContain(option);
  // Each option on its own indented line under the dish, which alone carries the price.
  const paper = serial.printed[0]!.lines.map((line) => line.trimEnd());
  const burgerRow = paper.findIndex((line) => line.startsWith('1 x Burger'));
  expect(paper[burgerRow]).toMatch(/14\.40$/);
  const optionRows = paper.slice(burgerRow + 1, paper.findIndex((line) => line.startsWith('1 x Croissant')));
  for (const option of ['Medium', 'Cheddar', 'Bacon']) expect(optionRows.some((line) => new RegExp(`^ {4}\\+ ${option}`).test(line))).toBe(true);
  for (const line of optionRows) expect(line).not.toMatch(/\d\.\d\d$/);
  expect(receipt).toMatch(/1 x Croissant 2\.20/);
  expect(receipt).toContain('Discount: Loyalty');
  expect(receipt).not.toContain('Espresso');
  expect(receipt).toMatch(/TOTAL 14\.94/);

  // The grill gets the burger with its options and note; the bar has nothing (the espresso was voided before firing).
  const kitchen = await browser.newPage();
  await kitchen.goto(station.windowUrl('kitchen'));
  const stations = kitchen.getByRole('group', { name: 'Station' });
  await stations.getByRole('button', { name: 'Grill', exact: true }).click();
  const ticket = kitchen.getByRole('article', { name: `Ticket ${order.ticketNumber}` });
  await expect(ticket).toContainText('Burger');
  await expect(ticket).toContainText('Medium');
  await expect(ticket).toContainText('Cheddar');
  await expect(ticket).toContainText('Bacon');
  await expect(ticket).toContainText('sauce on the side');
  await expect(ticket).not.toContainText('Croissant');
  const paid = station.store.getOrder(order.id)!;
  expect(paid.tickets.map((t) => t.station)).toEqual(['grill']);
});

test('voiding a line the kitchen already has needs a manager PIN; a wrong one is refused', async ({ browser }) => {
  // A second, staffed station beside the serial one (stopped by afterEach).
  station = await startStation({
    config: parseStationConfig({ stationId: 'station-counter', http: { host: '127.0.0.1', port: 0 } }, 'e2e'),
    dataDir: join(counter.dir, 'staffed'),
    rendererDir,
    staff: DEMO_STAFF,
  });
  // Alex (a cashier, not a manager) is signed in at the till.
  const signedIn = await station.dispatch('cashier', 'staff.signIn', { pin: DEMO_PINS.alex }, 'e2e');
  expect(signedIn.ok).toBe(true);

  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  const cart = cashier.getByRole('list', { name: 'Cart' });
  await cashier.getByRole('button', { name: /^Club sandwich/ }).click();
  await cashier.getByRole('button', { name: /^Espresso/ }).click();
  await expect(cart.getByRole('listitem')).toHaveCount(2);

  // Dine-in at table 12 for Anna: table and name are the order's own fields, the note stays a note.
  await cashier.getByRole('radio', { name: 'Dine in' }).check();
  await cashier.getByRole('button', { name: 'Table / note' }).click();
  const details = cashier.getByRole('dialog', { name: /details/ });
  await details.getByLabel('Table').fill('12');
  await details.getByLabel('Customer name').fill('Anna');
  await details.getByLabel('Order note').fill('birthday');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details).toHaveCount(0);
  await expect(cashier.getByRole('heading', { name: /Table 12 · Anna/ })).toBeVisible();
  await expect.poll(() => station.store.listActive()[0]).toMatchObject({ tableNumber: '12', customerName: 'Anna', note: 'birthday', orderType: 'dine_in' });
  // Clearing the name keeps the table.
  await cashier.getByRole('button', { name: 'Table / note' }).click();
  await details.getByLabel('Customer name').fill('');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details).toHaveCount(0);
  await expect.poll(() => station.store.listActive()[0]?.customerName).toBeUndefined();
  expect(station.store.listActive()[0]?.tableNumber).toBe('12');
  expect(station.store.orderEvents(station.store.listActive()[0]!.id).filter((e) => e.type === 'OrderGuestSet').map((e) => e.payload)).toEqual([
    { tableNumber: '12', customerName: 'Anna' },
    { customerName: null },
  ]);

  // Send to the kitchen, which parks the tab; recall it from Open orders.
  await cashier.getByRole('button', { name: /^Send to kitchen/ }).click();
  await expect(cashier.getByRole('heading', { name: 'New order' })).toBeVisible();
  await cashier.getByRole('button', { name: /^Open orders/ }).click();
  await cashier.getByRole('dialog', { name: 'Open orders' }).getByRole('button', { name: /^Recall order/ }).click();
  await expect(cart.getByRole('listitem')).toHaveCount(2);
  await expect(cart.getByRole('listitem').filter({ hasText: 'Espresso' })).toContainText('Sent to kitchen');

  await cart.getByRole('button', { name: /1 × Espresso/ }).click();
  const actions = cashier.getByRole('toolbar', { name: 'Actions for Espresso' });
  await expect(actions.getByRole('button', { name: 'One more Espresso' })).toBeDisabled();
  await actions.getByRole('button', { name: 'Void' }).click();
  const voidDialog = cashier.getByRole('dialog', { name: 'Void 1 × Espresso' });
  await expect(voidDialog).toContainText('a manager must approve');
  await voidDialog.getByRole('radio', { name: 'Customer changed mind' }).check();
  await voidDialog.getByLabel('Manager PIN').fill(DEMO_PINS.alex);
  await voidDialog.getByRole('button', { name: 'Void line' }).click();
  // A cashier's own PIN does not approve; the line stays.
  await expect(voidDialog.locator('.dialog-error')).toBeVisible();
  await expect(cart.getByRole('listitem')).toHaveCount(2);
  await voidDialog.getByLabel('Manager PIN').fill(DEMO_PINS.morgan);
  await voidDialog.getByRole('button', { name: 'Void line' }).click();
  await expect(voidDialog).toHaveCount(0);
  await expect(cart.getByRole('listitem')).toHaveCount(1);
  await expect(cashier.getByRole('list', { name: 'Voided lines' })).toContainText('Customer changed mind');

  // A line discount by amount, with a reason typed in, and its removal.
  await cart.getByRole('button', { name: /1 × Club sandwich/ }).click();
  await cashier.getByRole('toolbar', { name: 'Actions for Club sandwich' }).getByRole('button', { name: 'Discount' }).click();
  const lineDiscount = cashier.getByRole('dialog', { name: 'Discount Club sandwich' });
  await lineDiscount.getByRole('radio', { name: 'Amount' }).check();
  await lineDiscount.getByLabel(/Amount off/).fill('1.50');
  await lineDiscount.getByRole('radio', { name: 'Other' }).check();
  await lineDiscount.getByLabel('Reason in your words').fill('cold fries');
  await lineDiscount.getByRole('button', { name: 'Apply discount' }).click();
  await expect(lineDiscount).toHaveCount(0);
  await expect(cashier.getByLabel('Total')).toHaveText('€7.40');
  await cashier.getByRole('button', { name: 'Remove discount: cold fries' }).click();
  await expect(cashier.getByLabel('Total')).toHaveText('€8.90');

  const order = station.store.listActive()[0]!;
  expect(order.discounts).toEqual([]);
  expect(order.voidedLines).toMatchObject([{ itemId: 'espresso', reason: 'Customer changed mind' }]);
  // The bar's ticket now shows the espresso struck through.
  expect(order.tickets.find((t) => t.station === 'bar')?.voidedLineIds).toEqual([order.voidedLines[0]!.lineId]);
});

test('a fully comped order is completed with nothing to pay, and the kitchen still gets it', async ({ browser }) => {
  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  await cashier.getByRole('button', { name: /^Espresso/ }).click();
  await expect(cashier.getByRole('list', { name: 'Cart' }).getByRole('listitem')).toHaveCount(1);
  await cashier.getByRole('button', { name: 'Discount order' }).click();
  const discount = cashier.getByRole('dialog', { name: /Discount order/ });
  await discount.getByLabel('Percent off').fill('100');
  await discount.getByRole('radio', { name: 'Manager comp' }).check();
  await discount.getByRole('button', { name: 'Apply discount' }).click();
  await expect(cashier.getByLabel('Total')).toHaveText('€0.00');
  await expect(cashier.getByLabel('Cash tendered')).toHaveCount(0);

  const orderId = station.store.listActive()[0]!.id;
  await cashier.getByRole('button', { name: 'Complete — nothing to pay' }).click();
  await expect(cashier.getByRole('status')).toHaveText('Done — nothing to pay');
  const done = station.store.getOrder(orderId)!;
  expect(done.status).toBe('completed');
  expect(done.discounts).toMatchObject([{ reason: 'Manager comp', appliedMinor: 250 }]);
  // One command: the core fires the comped espresso to the bar in the same transaction as completing.
  expect(done.tickets.map((t) => t.station)).toEqual(['bar']);
  expect(station.store.orderEvents(orderId).slice(-3).map((e) => e.type)).toEqual(['OrderPlaced', 'TicketFired', 'OrderCompleted']);
  expect(serial.drawerKicks).toBe(0);
});
