import { formatMoney } from '../shared/money.js';
import { expect, test } from './support/station-fixture.js';

/**
 * Issue #14, point 6: the customer display mirrors every state of the order and its tender, as the guest
 * sees it: options with their upcharges under the line, line and order discounts, tax, a tab recalled
 * from Open orders (not "Welcome"), a split's paid-so-far and still-due, the change after a cash part,
 * a declined card, "Tap or insert card" with the tip while the terminal waits, the thanks after the
 * last part, and the change after a cash sale.
 */

test.use({ stationSetup: { dirPrefix: 'pos-e2e-customer-', stationId: 'station-cd' } });

const eur = (minor: number) => formatMoney(minor, 'EUR');

test('the customer display follows the order through options, discounts, recall, a split, cash change and a card tap', async ({
  pos,
  station,
}) => {
  const customer = await pos.openCustomer();
  await expect(customer.welcome).toBeVisible();
  const cashier = await pos.openCashier();

  // A latte with oat milk and vanilla: each option under the line, with what it adds.
  await cashier.menuItem('Latte').click();
  const latte = cashier.itemDialog('Latte');
  await latte.choice('Oat milk').check();
  await latte.extra('Vanilla syrup').check();
  await latte.addToOrder.click();
  await expect(customer.heading).toHaveText(/^Order \d+$/);
  await expect(customer.order).toContainText('1 × Latte €4.80');
  await expect(customer.lineDetails('1 × Latte').getByRole('listitem')).toHaveText(['Oat milk +€0.40', 'Vanilla syrup +€0.50']);

  // Two espressos read as "2 × Espresso"; a discount on one of them sits under that line.
  await cashier.menuItem('Espresso').click();
  await cashier.menuItem('Croissant').click();
  await expect(customer.order).toContainText('1 × Croissant €2.20');
  await cashier.cartLine('1 × Espresso').click();
  await cashier.lineAction('Espresso', 'Discount').click();
  const lineDiscount = cashier.lineDiscount('Espresso');
  await lineDiscount.amountKind.check();
  await lineDiscount.amountOff.fill('0.50');
  await lineDiscount.reason('Loyalty').check();
  await lineDiscount.apply.click();
  await expect(lineDiscount.root).toHaveCount(0);
  await expect(customer.lineDetails('1 × Espresso').getByRole('listitem')).toHaveText(['Discount · Loyalty −€0.50']);

  // 10 % off the order: the subtotal, the discount with its reason, the VAT inside the prices, the total.
  await cashier.discountOrderButton.click();
  await cashier.orderDiscount.percentOff.fill('10');
  await cashier.orderDiscount.reason('Loyalty').check();
  await cashier.orderDiscount.apply.click();
  await expect(cashier.orderDiscount.root).toHaveCount(0);
  await expect.poll(() => station.store.listActive()[0]?.discounts.length).toBe(2);
  const discounted = station.store.listActive()[0]!;
  await expect(customer.subtotal).toHaveText(eur(discounted.subtotalMinor));
  await expect(customer.discount).toHaveText(`−${eur(discounted.discounts[1]!.appliedMinor)}`);
  await expect(customer.page.getByText('Discount · Loyalty', { exact: true })).toHaveCount(2);
  await expect(customer.tax).toHaveText(eur(discounted.taxMinor));
  await expect(customer.total).toHaveText(eur(discounted.totalMinor));
  await expect(cashier.total).toHaveText(eur(discounted.totalMinor));

  // Sent to the kitchen as a tab, the counter moves on: the next guest is welcome.
  await cashier.sendToKitchen.click();
  await expect(cashier.newOrderHeading).toBeVisible();
  await expect(customer.welcome).toBeVisible();
  // Recalled from Open orders, the tab is back on the guest's screen, not "Welcome".
  await cashier.openOrdersButton.click();
  await cashier.recallOrderButton().click();
  await expect(cashier.cartLines).toHaveCount(3);
  await expect(customer.heading).toHaveText(`Order ${discounted.ticketNumber}`);
  await expect(customer.order).toContainText('1 × Latte €4.80');
  await expect(customer.total).toHaveText(eur(discounted.totalMinor));

  // Split in two; the first guest pays cash with a €10 note: paid so far, still due, and their change.
  await cashier.openTender();
  await cashier.splitPayment.click();
  await cashier.numberOfParts.fill('2');
  await cashier.split.click();
  await cashier.cashTendered.fill('10');
  await cashier.takePayment.click();
  await expect(cashier.splitPart(2)).toBeChecked();
  const halfPaid = station.store.getOrder(discounted.id)!;
  expect(halfPaid.paidMinor).toBeGreaterThan(0);
  await expect(customer.paidSoFar).toHaveText(eur(halfPaid.paidMinor));
  await expect(customer.stillDue).toHaveText(eur(halfPaid.dueMinor));
  await expect(customer.changeDue).toHaveText(eur(1000 - halfPaid.paidMinor));
  await expect(customer.cardPrompt).toHaveCount(0);

  // The second guest's card with a €0.50 tip is declined: the guest sees it.
  await cashier.simulatedNextCardPayment.selectOption('decline');
  await cashier.cardTip.fill('0.50');
  await cashier.payByCard(eur(halfPaid.dueMinor + 50)).click();
  await expect(customer.cardPrompt).toHaveText('Card declined');
  await expect(customer.stillDue).toHaveText(eur(halfPaid.dueMinor));
  // The retry waits for the tap (slow on purpose): the terminal's prompt, with the tip.
  await cashier.simulatedNextCardPayment.selectOption('slow_approve');
  await cashier.retryCard.click();
  await expect(customer.cardPrompt).toHaveText(`Tap or insert card ${eur(halfPaid.dueMinor + 50)}`);
  await expect(customer.tip).toHaveText('€0.50');
  await expect(customer.stillDue).toHaveText(eur(halfPaid.dueMinor));
  // All of it on the guest's screen at once, without scrolling.
  for (const shown of [customer.cardPrompt, customer.stillDue, customer.total, customer.tip])
    await expect(shown).toBeInViewport({ ratio: 1 });
  await customer.page.screenshot({ path: 'test-results/screens/customer-card.png' });

  // Approved: thanks, the tip and what was paid; no change, the card paid last.
  await expect(customer.heading).toHaveText('Thank you!', { timeout: 15_000 });
  const paid = station.store.getOrder(discounted.id)!;
  expect(paid.status).toBe('paid');
  await expect(customer.cardPrompt).toHaveCount(0);
  await expect(customer.tip).toHaveText('€0.50');
  await expect(customer.paid).toHaveText(eur(paid.paidMinor));
  await expect(customer.changeDue).toHaveCount(0);
  // "New order" at once: the guest still sees the thanks until the next order starts.
  await cashier.newOrderButton.click();
  await expect(customer.heading).toHaveText('Thank you!');
  await cashier.menuItem('Espresso').click();
  await expect(customer.heading).toHaveText(/^Order \d+$/);
  await expect(customer.order).toHaveText('1 × Espresso €2.50');

  // Cash for the whole order: the change, large, after payment.
  await cashier.payCash('5');
  await expect(customer.heading).toHaveText('Thank you!');
  await expect(customer.changeDue).toHaveText('€2.50');
});
