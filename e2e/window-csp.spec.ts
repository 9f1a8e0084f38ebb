import type { Page } from '@playwright/test';
import { expect, test } from './support/station-fixture.js';

/**
 * The windows run under the strict CSP (no inline script or style, connect only to their own
 * station): every window works and the browser reports no violation while it is used.
 */
async function recordViolations(page: Page, into: string[]): Promise<void> {
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) into.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

test('cashier, kitchen and customer windows work under the CSP without a single violation', async ({ pos, browser }) => {
  const violations: string[] = [];
  const pages = await Promise.all([browser.newPage(), browser.newPage(), browser.newPage()]);
  for (const page of pages) await recordViolations(page, violations);
  const [cashierPage, kitchenPage, customerPage] = pages;

  const cashier = await pos.openCashier({ page: cashierPage });
  const kitchen = await pos.openKitchen({ page: kitchenPage });
  await pos.openCustomer({ page: customerPage });
  const response = await cashierPage.request.get(cashierPage.url());
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");

  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(1);
  await cashier.payCash('5.00');
  await expect(cashier.status).toContainText('Change');
  await expect(kitchenPage.getByText('Espresso').first()).toBeVisible();
  expect(kitchen).toBeDefined();
  expect(violations).toEqual([]);
  for (const page of pages) await page.close();
});
