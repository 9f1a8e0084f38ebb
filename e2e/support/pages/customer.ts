import type { Locator, Page } from '@playwright/test';

/** The customer-facing display: what the guest sees of the order at the counter. */
export class CustomerDisplay {
  readonly welcome: Locator;
  readonly order: Locator;
  readonly total: Locator;
  readonly changeDue: Locator;

  constructor(readonly page: Page) {
    this.welcome = page.getByRole('heading', { name: 'Welcome' });
    this.order = page.getByRole('list', { name: 'Your order' });
    this.total = page.getByLabel('Order total');
    this.changeDue = page.getByLabel('Change due');
  }
}
