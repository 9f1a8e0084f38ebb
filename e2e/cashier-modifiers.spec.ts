import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { COUNTER_SCREEN, expectOnScreen } from './support/counter-screen.js';
import { expect, test } from './support/station-fixture.js';

const CROISSANT = '4006381333931';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-mods-', devices: 'serial', storeName: 'E2E Café' } });

test('scenario 1: a modified burger, a scanned croissant, a voided espresso and a loyalty discount reach the grill and the receipt', async ({
  pos,
  station,
  serial,
}) => {
  const cashier = await pos.openCashier();
  const cart = cashier.cart;

  // The burger has a required doneness: the dialog will not add it until one is chosen, and says so.
  await cashier.menuItem('Burger').click();
  const dialog = cashier.itemDialog('Burger');
  await expect(dialog.root).toBeVisible();
  const add = dialog.addToOrder;
  await expect(add).toBeDisabled();
  await expect(dialog.root).toContainText('Choose Doneness');
  await dialog.extra('Cheddar').check();
  await dialog.extra('Bacon').check();
  await dialog.extra('Fried egg').check();
  // Extras allow three: with three chosen the fourth cannot be ticked.
  await expect(dialog.extra('Avocado')).toBeDisabled();
  await dialog.extra('Fried egg').uncheck();
  await expect(dialog.linePrice).toHaveText('€14.40');
  await expect(add).toBeDisabled();
  await dialog.choice('Medium', true).check();
  await expect(add).toBeEnabled();
  await dialog.note.fill('sauce on the side');
  await add.click();
  await expect(dialog.root).toHaveCount(0);
  await expect(cart).toContainText('1 × Burger');
  await expect(cart).toContainText('Medium, Cheddar, Bacon');
  await expect(cart).toContainText('Note: sauce on the side');

  // A scanned croissant and a tapped espresso join the same order.
  serial.scan(CROISSANT);
  await expect(cart).toContainText('Croissant');
  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(3);
  await expect(cashier.total).toHaveText('€19.10');

  // The espresso was a mistake: select it, void it with a reason; it stays visible, struck through.
  await cashier.cartLine('1 × Espresso').click();
  await cashier.lineAction('Espresso', 'Void').click();
  const voidDialog = cashier.voidDialog('1 × Espresso');
  await voidDialog.voidLine.click();
  await expect(voidDialog.root).toContainText('Pick a reason');
  await voidDialog.reason('Rung up by mistake').check();
  await voidDialog.voidLine.click();
  await expect(voidDialog.root).toHaveCount(0);
  await expect(cashier.cartLines).toHaveCount(2);
  await expect(cashier.voidedLines).toContainText('1 × Espresso');
  await expect(cashier.total).toHaveText('€16.60');

  // 10 % loyalty discount on the order: a reason is required.
  await cashier.discountOrderButton.click();
  const discount = cashier.orderDiscount;
  await discount.percentOff.fill('10');
  await discount.apply.click();
  await expect(discount.root).toContainText('Pick a reason');
  await discount.reason('Loyalty').check();
  await discount.apply.click();
  await expect(discount.root).toHaveCount(0);
  await expect(cashier.beforeDiscounts).toHaveText('€16.60');
  await expect(cashier.total).toHaveText('€14.94');

  const order = station.store.listActive()[0]!;
  expect(order.lines.map((l) => l.itemId)).toEqual(['burger', 'croissant']);
  expect(order.lines[0]!.modifiers.map((m) => m.optionId)).toEqual(['medium', 'cheese', 'bacon']);
  expect(order.voidedLines).toMatchObject([{ itemId: 'espresso', reason: 'Rung up by mistake' }]);
  expect(order.discounts).toMatchObject([{ reason: 'Loyalty', amount: { kind: 'percent', bp: 1000 }, appliedMinor: 166 }]);

  await cashier.payCash('20');
  await expect(cashier.status).toContainText('Change €5.06');

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
  const optionRows = paper.slice(
    burgerRow + 1,
    paper.findIndex((line) => line.startsWith('1 x Croissant')),
  );
  for (const option of ['Medium', 'Cheddar', 'Bacon'])
    expect(optionRows.some((line) => new RegExp(`^ {4}\\+ ${option}`).test(line))).toBe(true);
  for (const line of optionRows) expect(line).not.toMatch(/\d\.\d\d$/);
  expect(receipt).toMatch(/1 x Croissant 2\.20/);
  expect(receipt).toContain('Discount: Loyalty');
  expect(receipt).not.toContain('Espresso');
  expect(receipt).toMatch(/TOTAL 14\.94/);

  // The grill gets the burger with its options and note; the bar has nothing (the espresso was voided before firing).
  const kitchen = await pos.openKitchen();
  await kitchen.showStation('Grill');
  const ticket = kitchen.ticket(order.ticketNumber);
  await expect(ticket).toContainText('Burger');
  await expect(ticket).toContainText('Medium');
  await expect(ticket).toContainText('Cheddar');
  await expect(ticket).toContainText('Bacon');
  await expect(ticket).toContainText('sauce on the side');
  await expect(ticket).not.toContainText('Croissant');
  const paid = station.store.getOrder(order.id)!;
  expect(paid.tickets.map((t) => t.station)).toEqual(['grill']);
});

test('voiding a line the kitchen already has needs a manager PIN; a wrong one is refused', async ({ pos }) => {
  // A second, staffed station beside the serial one (stopped with the fixture).
  const station = await pos.startOtherStation({ stationId: 'station-counter', dataDirName: 'staffed', staff: true });
  // Alex (a cashier, not a manager) is signed in at the till.
  const signedIn = await station.dispatch('cashier', 'staff.signIn', { pin: DEMO_PINS.alex }, 'e2e');
  expect(signedIn.ok).toBe(true);

  const cashier = await pos.openCashier({ station });
  await cashier.menuItem('Club sandwich').click();
  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(2);

  // Dine-in at table 12 for Anna: table and name are the order's own fields, the note stays a note.
  await cashier.dineIn.check();
  await cashier.detailsButton.click();
  const details = cashier.details;
  await details.table.fill('12');
  await details.customerName.fill('Anna');
  await details.note.fill('birthday');
  await details.save.click();
  await expect(details.root).toHaveCount(0);
  await expect(cashier.orderTitle(/Table 12 · Anna/)).toBeVisible();
  await expect
    .poll(() => station.store.listActive()[0])
    .toMatchObject({ tableNumber: '12', customerName: 'Anna', note: 'birthday', orderType: 'dine_in' });
  // Clearing the name keeps the table.
  await cashier.detailsButton.click();
  await details.customerName.fill('');
  await details.save.click();
  await expect(details.root).toHaveCount(0);
  await expect.poll(() => station.store.listActive()[0]?.customerName).toBeUndefined();
  expect(station.store.listActive()[0]?.tableNumber).toBe('12');
  expect(
    station.store
      .orderEvents(station.store.listActive()[0]!.id)
      .filter((e) => e.type === 'OrderGuestSet')
      .map((e) => e.payload),
  ).toEqual([{ tableNumber: '12', customerName: 'Anna' }, { customerName: null }]);

  // Send to the kitchen, which parks the tab; recall it from Open orders.
  await cashier.sendToKitchen.click();
  await expect(cashier.newOrderHeading).toBeVisible();
  await cashier.openOrdersButton.click();
  await cashier.recallOrderButton().click();
  await expect(cashier.cartLines).toHaveCount(2);
  await expect(cashier.cartLines.filter({ hasText: 'Espresso' })).toContainText('Sent to kitchen');

  await cashier.cartLine('1 × Espresso').click();
  await expect(cashier.oneMore('Espresso')).toBeDisabled();
  await cashier.lineAction('Espresso', 'Void').click();
  const voidDialog = cashier.voidDialog('1 × Espresso');
  await expect(voidDialog.root).toContainText('a manager must approve');
  await voidDialog.reason('Customer changed mind').check();
  await voidDialog.managerPin.fill(DEMO_PINS.alex);
  await voidDialog.voidLine.click();
  // A cashier's own PIN does not approve; the line stays.
  await expect(voidDialog.error).toBeVisible();
  await expect(cashier.cartLines).toHaveCount(2);
  await voidDialog.managerPin.fill(DEMO_PINS.morgan);
  await voidDialog.voidLine.click();
  await expect(voidDialog.root).toHaveCount(0);
  await expect(cashier.cartLines).toHaveCount(1);
  await expect(cashier.voidedLines).toContainText('Customer changed mind');

  // A line discount by amount, with a reason typed in, and its removal.
  await cashier.cartLine('1 × Club sandwich').click();
  await cashier.lineAction('Club sandwich', 'Discount').click();
  const lineDiscount = cashier.lineDiscount('Club sandwich');
  await lineDiscount.amountKind.check();
  await lineDiscount.amountOff.fill('1.50');
  await lineDiscount.reason('Other').check();
  await lineDiscount.ownReason.fill('cold fries');
  await lineDiscount.apply.click();
  await expect(lineDiscount.root).toHaveCount(0);
  await expect(cashier.total).toHaveText('€7.40');
  await cashier.removeDiscount('cold fries').click();
  await expect(cashier.total).toHaveText('€8.90');

  const order = station.store.listActive()[0]!;
  expect(order.discounts).toEqual([]);
  expect(order.voidedLines).toMatchObject([{ itemId: 'espresso', reason: 'Customer changed mind' }]);
  // The bar's ticket now shows the espresso struck through.
  expect(order.tickets.find((t) => t.station === 'bar')?.voidedLineIds).toEqual([order.voidedLines[0]!.lineId]);
});

test('a fully comped order is completed with nothing to pay, and the kitchen still gets it', async ({ pos, station, serial }) => {
  const cashier = await pos.openCashier();
  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(1);
  await cashier.discountOrderButton.click();
  const discount = cashier.orderDiscount;
  await discount.percentOff.fill('100');
  await discount.reason('Manager comp').check();
  await discount.apply.click();
  await expect(cashier.total).toHaveText('€0.00');
  await expect(cashier.cashTendered).toHaveCount(0);

  const orderId = station.store.listActive()[0]!.id;
  await cashier.completeNothingToPay.click();
  await expect(cashier.status).toHaveText('Done — nothing to pay');
  const done = station.store.getOrder(orderId)!;
  expect(done.status).toBe('completed');
  expect(done.discounts).toMatchObject([{ reason: 'Manager comp', appliedMinor: 250 }]);
  // One command: the core fires the comped espresso to the bar in the same transaction as completing.
  expect(done.tickets.map((t) => t.station)).toEqual(['bar']);
  expect(
    station.store
      .orderEvents(orderId)
      .slice(-3)
      .map((e) => e.type),
  ).toEqual(['OrderPlaced', 'TicketFired', 'OrderCompleted']);
  expect(serial.drawerKicks).toBe(0);
});

test('at 1366×768 the running price and what is missing stay on screen; the blocked Add looks disabled and, tapped, shows the group', async ({
  pos,
  station,
}) => {
  const cashier = await pos.openCashier({ viewport: COUNTER_SCREEN });
  for (const [item, group, reason] of [
    ['Latte', 'Milk', 'Choose Milk'],
    ['Burger', 'Doneness', 'Choose Doneness'],
  ] as const) {
    await cashier.menuItem(item).click();
    const dialog = cashier.itemDialog(item);
    await expect(dialog.root).toBeVisible();
    // Price, reason and actions are in view from the start, however many choices the item has.
    await expectOnScreen(cashier.page, [dialog.linePrice, dialog.blockedReason, dialog.addToOrder, dialog.cancel]);
    await expect(dialog.blockedReason).toHaveText(reason);

    // It looks disabled (grey, dashed, a not-allowed cursor), not like the yellow button that works.
    const add = dialog.addToOrder;
    await expect(add).toHaveAttribute('aria-disabled', 'true');
    await expect(add).toBeDisabled();
    const looks = () =>
      add.evaluate((el) => {
        const style = getComputedStyle(el);
        return { cursor: style.cursor, border: style.borderTopStyle, background: style.backgroundColor };
      });
    const disabledLook = await looks();
    expect(disabledLook.cursor).toBe('not-allowed');
    expect(disabledLook.border).toBe('dashed');

    // A tap on it (a person taps what they see) adds nothing, names what is missing and takes focus to that group.
    await add.click({ force: true });
    await expect(dialog.root).toBeVisible();
    await expect(dialog.group(group)).toHaveClass(/nudged/);
    await expect(dialog.blockedReason).toHaveClass(/nudged/);
    expect(await dialog.group(group).evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await expect(dialog.group(group)).toBeInViewport({ ratio: 1 });
    await cashier.page.screenshot({ path: `test-results/screens/modifiers-blocked-${item}.png` });
    // A second tap highlights it again.
    await add.click({ force: true });
    await expect(dialog.group(group)).toHaveClass(/nudged-again/);
    expect(station.store.listActive()).toEqual([]);

    // Choosing makes it addable: yellow again, and the running price follows the options.
    await cashier.page.keyboard.press('Space');
    await expect(dialog.blockedReason).toHaveCount(0);
    await expect(add).toBeEnabled();
    const enabledLook = await looks();
    expect(enabledLook.border).not.toBe('dashed');
    expect(enabledLook.background).not.toBe(disabledLook.background);
    await expectOnScreen(cashier.page, [dialog.linePrice, add]);
    await dialog.root.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.root).toHaveCount(0);
  }

  // The running price follows every choice, on screen at the bottom of the burger's long dialog.
  await cashier.menuItem('Burger').click();
  const burger = cashier.itemDialog('Burger');
  await burger.choice('Well done').check();
  await burger.extra('Avocado').check();
  await expect(burger.linePrice).toHaveText('€13.90');
  await burger.root.getByRole('button', { name: 'One more' }).click();
  await expect(burger.linePrice).toHaveText('€27.80');
  await expectOnScreen(cashier.page, [burger.linePrice, burger.addToOrder]);
  await cashier.page.screenshot({ path: 'test-results/screens/modifiers-1366x768.png' });
  await burger.addToOrder.click();
  await expect(cashier.cart).toContainText('2 × Burger');
});
