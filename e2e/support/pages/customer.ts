import type { Locator, Page } from '@playwright/test';

/** The customer-facing display: what the guest sees of the order at the counter. */
export class CustomerDisplay {
  readonly welcome: Locator;
  readonly heading: Locator;
  readonly order: Locator;
  readonly total: Locator;
  readonly changeDue: Locator;
  readonly subtotal: Locator;
  readonly discount: Locator;
  readonly tax: Locator;
  readonly tip: Locator;
  readonly paid: Locator;
  readonly paidSoFar: Locator;
  readonly stillDue: Locator;
  /** What the card terminal asks of the guest ("Tap or insert card €3.56"). */
  readonly cardPrompt: Locator;

  constructor(readonly page: Page) {
    this.welcome = page.getByRole('heading', { name: 'Welcome' });
    this.heading = page.getByRole('heading', { level: 1 });
    this.order = page.getByRole('list', { name: 'Your order' });
    this.total = page.getByLabel('Order total');
    this.changeDue = page.getByLabel('Change due');
    this.subtotal = page.getByLabel('Subtotal');
    this.discount = page.getByLabel('Discount', { exact: true });
    this.tax = page.getByLabel('Tax', { exact: true });
    this.tip = page.getByLabel('Tip', { exact: true });
    this.paid = page.getByLabel('Paid', { exact: true });
    this.paidSoFar = page.getByLabel('Paid so far');
    this.stillDue = page.getByLabel('Still due');
    this.cardPrompt = page.getByRole('status', { name: 'Card terminal' });
  }

  /** What is printed under a line: its options with their prices, its discount. */
  lineDetails(lineText: string): Locator {
    return this.page.getByRole('list', { name: `${lineText} details` });
  }
}
