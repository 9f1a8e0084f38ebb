import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { expect, test } from './support/station-fixture.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-shift-', devices: 'serial', storeName: 'E2E Café', staff: true } });

test('scenario 8: a cashier signs in with a PIN, sells for cash and closes the shift short; the Z report prints', async ({
  pos,
  station,
  serial,
  page,
}) => {
  const cashier = await pos.openCashier({ page });

  // The till is locked: a wrong PIN is refused in the alert, the right one (typed) signs Alex in.
  await expect(cashier.pinPrompt).toBeVisible();
  await expect(cashier.menuItem(/Espresso/)).toHaveCount(0);
  await cashier.tapPin('4321');
  await expect(cashier.alert).toContainText('Wrong PIN');
  await cashier.typePin(DEMO_PINS.alex);
  const staffBar = cashier.staffBar;
  await expect(staffBar).toContainText('Alex');
  await expect(staffBar).toContainText('Cashier');
  await expect(staffBar).toContainText('No shift open');

  // Cash needs an open shift: open it with a 100.00 float.
  await cashier.shiftButton.click();
  await cashier.openingFloat.fill('100.00');
  await cashier.openShift.click();
  await expect(staffBar).toContainText('Shift open');
  await cashier.shiftDone.click();

  // Two cash sales: espresso 2.50 paid with 5.00, croissant 2.20 paid with 10.00.
  for (const [item, tendered, change] of [
    ['Espresso', '5.00', '€2.50'],
    ['Croissant', '10.00', '€7.80'],
  ] as const) {
    await cashier.menuItem(item).first().click();
    await expect(cashier.cart).toContainText(item);
    await cashier.payCash(tendered);
    await expect(cashier.status).toContainText(`Change ${change}`);
    // The receipt prints before the next sale starts.
    await expect.poll(() => serial.printed.filter((d) => d.lines.join('\n').includes(`1 x ${item}`)).length).toBe(1);
    const newOrder = cashier.newOrderButton;
    if (await newOrder.isVisible()) await newOrder.click();
  }

  // A late table: a croissant rung up and parked, not paid.
  await cashier.menuItem('Croissant').first().click();
  await expect(cashier.cart).toContainText('Croissant');
  await cashier.parkOrder.click();
  await expect(cashier.newOrderHeading).toBeVisible();

  // Close, counted blind: nothing says what the drawer should hold until the count is entered.
  await cashier.shiftButton.click();
  await cashier.closeShift.click();
  await expect(cashier.countedCash).toBeVisible();
  await expect(page.getByText(/Expected/)).toHaveCount(0);
  await expect(page.getByText('€104.70')).toHaveCount(0);
  await expect(cashier.cashCount).toHaveCount(0);
  await cashier.countedCash.fill('104.00');
  await cashier.reviewCount.click();
  // Then 104.00 counted against 104.70 expected shows 0.70 short before anything is final.
  const count = cashier.cashCount;
  await expect(count).toContainText('Expected cash€104.70');
  await expect(count).toContainText('Counted cash€104.00');
  await expect(count).toContainText('−€0.70 short');
  // What is still open is counted, and closing waits until someone says to close anyway.
  await expect(cashier.stillOpen).toContainText('1 open order not paid yet');
  await expect(cashier.stillOpen).toContainText('1 kitchen ticket still on the kitchen screen');
  await expect(cashier.confirmCloseShift).toBeDisabled();
  await cashier.closeAnyway.check();
  await cashier.confirmCloseShift.click();

  // The Z report is shown, and the printer received it with expected, counted and over/short.
  const zReport = cashier.zReport;
  await expect(zReport).toContainText('Orders2');
  await expect(zReport).toContainText('Expected cash€104.70');
  await expect(zReport).toContainText('Over/short−€0.70 short');
  // Tax and tips as the printed report has them: the demo catalog's VAT is inside its prices.
  await expect(zReport).toContainText('Tax€0.62');
  await expect(zReport).toContainText('Tips€0.00');
  await expect(staffBar).toContainText('No shift open');
  await expect
    .poll(() => serial.printed.filter((d) => d.lines.some((l) => l.includes('Z REPORT'))).length, { message: 'Z report printed' })
    .toBe(1);
  const paper = serial.printed.find((d) => d.lines.some((l) => l.includes('Z REPORT')))!.lines.join('\n');
  expect(paper).toContain('E2E Café');
  // The report layout: aligned label–amount rows, the drawer count last, a line to sign.
  expect(paper).toMatch(/^Z REPORT\nshift closed$/m);
  expect(paper).toMatch(/^Orders +2$/m);
  expect(paper).toMatch(/^Net sales +4\.70$/m);
  expect(paper).toMatch(/^Tax +0\.62$/m);
  expect(paper).toMatch(/^Tips +0\.00$/m);
  expect(paper).toMatch(/^Opening float +100\.00$/m);
  expect(paper).toMatch(/^Expected cash +104\.70$/m);
  expect(paper).toMatch(/^Counted cash +104\.00$/m);
  expect(paper).toMatch(/^Over\/short +-0\.70 SHORT$/m);
  expect(paper).toContain('Counted and signed by:');
  expect(paper).not.toMatch(/^TOTAL/m);
  // A reprint is explicit and says so; the original printed exactly once.
  await cashier.reprintZReport.click();
  await expect.poll(() => serial.printed.filter((d) => d.lines.some((l) => l.includes('Z REPORT'))).length).toBe(2);
  expect(serial.printed.filter((d) => d.lines.some((l) => l.includes('REPRINT')))).toHaveLength(1);

  // The core refuses cash until the next shift opens; signing out locks the till again.
  const another = await station.dispatch('cashier', 'order.addLine', { itemId: 'espresso' }, 'e2e-after-close');
  expect(another.ok).toBe(true);
  const refused = await station.dispatch(
    'cashier',
    'order.payCash',
    { orderId: (another as { value: { id: string } }).value.id, tenderedMinor: 250 },
    'e2e-pay',
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'no_open_shift' } });
  await cashier.signOut.click();
  await expect(cashier.pinPrompt).toBeVisible();
});
