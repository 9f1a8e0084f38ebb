import type { Locator } from '@playwright/test';
import { expect, test } from './support/station-fixture.js';

/**
 * Issue #14 point 5: the refund dialog on the 1366×768 counter screen. A problem shows where the
 * cashier looks (beside its field, announced), within the screen; a refund done clears the form and
 * what is left follows the order, worded as money; the reason is a chip, as for voids and discounts.
 */

const COUNTER_SCREEN = { width: 1366, height: 768 };

test.use({ stationSetup: { dirPrefix: 'pos-e2e-refund-', devices: 'serial', storeName: 'E2E Café' } });

/** Inside the dialog's visible part and the counter screen: not just somewhere below the fold. */
async function expectOnScreen(locator: Locator): Promise<void> {
  await expect(locator).toBeInViewport({ ratio: 1 });
  const box = (await locator.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(COUNTER_SCREEN.height);
}

test('a cash order refunded in two parts: problems on screen, the form starts over, chips recorded, nothing left at the end', async ({
  pos,
  station,
}) => {
  const cashier = await pos.openCashier({ viewport: COUNTER_SCREEN });
  await cashier.menuItem('Club sandwich').click();
  await cashier.charge.click();
  await cashier.quickCashButton('€10.00').click();
  await expect(cashier.status).toContainText('Paid — Change €1.10');
  const order = station.store.listActive().find((o) => o.status === 'paid')!;

  await cashier.openOrdersButton.click();
  await cashier.refundOrderButton(order.ticketNumber).click();
  const refund = cashier.refundDialog(order.ticketNumber);
  await expect(refund.tender(/Cash — €8\.90 refundable/)).toBeChecked();
  await expect(refund.amount).toHaveValue('8.90');

  // More than was taken: said beside the amount, as money, on screen and announced.
  await refund.amount.fill('9.50');
  await refund.reasonChip('Quality complaint').check();
  await refund.refundCash.click();
  await expect(refund.amountError).toHaveText('Only €8.90 is left to refund from this payment');
  await expectOnScreen(refund.amountError);
  await expect(refund.amount).toBeFocused();
  await expect(refund.amount).toHaveAttribute('aria-invalid', 'true');

  // No reason picked: said beside the chips, on screen.
  await refund.amount.fill('2.00');
  await refund.giveReason('   ');
  await refund.refundCash.click();
  await expect(refund.reasonError).toHaveText('Say why in a few words');
  await expectOnScreen(refund.reasonError);
  await expect(refund.amountError).toHaveCount(0);

  // A chip reason: €2.00 back; the form starts over with what is now left.
  await refund.reasonChip('Quality complaint').check();
  await refund.refundCash.click();
  await expect(refund.result).toContainText('Refunded €2.00 in cash');
  await expectOnScreen(refund.result);
  await expect(refund.tender(/Cash — €6\.90 refundable/)).toBeChecked();
  await expect(refund.amount).toHaveValue('6.90');
  await expect(refund.reasonChip('Quality complaint')).not.toBeChecked();
  await expect(refund.reason).toHaveCount(0);

  // The rest, with the cashier's own words; then nothing is left and the refund button is off.
  await refund.giveReason('Guest left before eating');
  await refund.refundCash.click();
  await expect(refund.result).toContainText('Refunded €6.90 in cash');
  await expect(refund.nothingLeft).toBeVisible();
  await expect(refund.submit).toBeDisabled();
  await expect(refund.root).not.toContainText(/\b(?:690|890|200)\b/);

  await expect.poll(() => station.store.getOrder(order.id)!.status).toBe('refunded');
  expect(
    station.store
      .orderEvents(order.id)
      .filter((e) => e.type === 'PaymentRefunded')
      .map((e) => (e.payload as { amountMinor: number; reason: string }).amountMinor + ' ' + (e.payload as { reason: string }).reason),
  ).toEqual(['200 Quality complaint', '690 Guest left before eating']);
});
