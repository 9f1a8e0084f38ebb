import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { expect, test } from './support/station-fixture.js';
import { KitchenDisplay } from './support/pages/index.js';

/**
 * Issue #14: axe-core over every window in the states staff meet them, failing on any serious or
 * critical finding (WCAG 2.x A/AA rules and axe's best practices, which include landmarks and
 * scrollable regions). Each state is checked on its own so one run lists everything that fails.
 */

test.use({ stationSetup: { dirPrefix: 'pos-e2e-a11y-', devices: 'simulated', storeName: 'E2E Café', staff: true } });

const COUNTER_SCREEN = { width: 1366, height: 768 };
const KITCHEN_SCREEN = { width: 1920, height: 1080 };

interface Finding {
  state: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

async function audit(page: Page, state: string): Promise<Finding[]> {
  // Let transitions and pushes settle: a half-faded colour is not what staff see.
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  if (process.env.A11Y_VERBOSE)
    for (const v of result.violations)
      console.log(`[${state}] ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      state,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`),
    }));
}

function report(findings: Finding[]): string {
  return findings.map((f) => `[${f.state}] ${f.rule} (${f.impact}): ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
}

test('every window, in the states staff meet it, has no serious or critical axe finding', async ({ pos, station }) => {
  test.setTimeout(120_000);
  const findings: Finding[] = [];

  // Cashier: the PIN pad, then the shift panel.
  const cashier = await pos.openCashier({ viewport: COUNTER_SCREEN });
  await expect(cashier.pinPrompt).toBeVisible();
  findings.push(...(await audit(cashier.page, 'cashier: sign-in PIN pad')));
  await cashier.typePin(DEMO_PINS.alex);
  await expect(cashier.staffBar).toContainText('Alex');
  await cashier.shiftButton.click();
  await expect(cashier.openingFloat).toBeVisible();
  findings.push(...(await audit(cashier.page, 'cashier: open shift')));
  await cashier.openingFloat.fill('100.00');
  await cashier.openShift.click();
  await expect(cashier.staffBar).toContainText('Shift open');
  await cashier.shiftDone.click();
  findings.push(...(await audit(cashier.page, 'cashier: empty order')));
  const customer = await pos.openCustomer({ viewport: { width: 1024, height: 600 } });
  await expect(customer.welcome).toBeVisible();
  findings.push(...(await audit(customer.page, 'customer display: welcome')));

  // An order: the options dialog, lines with one selected, the tender view, paid.
  await cashier.menuItem('Latte').click();
  const latte = cashier.itemDialog('Latte');
  await expect(latte.root).toBeVisible();
  findings.push(...(await audit(cashier.page, 'cashier: options dialog')));
  await latte.choice('Oat milk').check();
  await latte.addToOrder.click();
  await cashier.menuItem('Club sandwich').click();
  await cashier.menuItem('Croissant').first().click();
  await expect(cashier.cartLines).toHaveCount(3);
  await cashier.cartLine('1 × Croissant').click();
  await expect(cashier.lineActions('Croissant')).toBeVisible();
  findings.push(...(await audit(cashier.page, 'cashier: order with a line selected')));
  await cashier.openTender();
  findings.push(...(await audit(cashier.page, 'cashier: tender view')));
  await cashier.cashTendered.fill('50.00');
  await cashier.takePayment.click();
  await expect(cashier.status).toContainText('Change');
  findings.push(...(await audit(cashier.page, 'cashier: paid')));
  await cashier.newOrderButton.click();

  // A parked tab for the open orders list and the shift-close warning.
  await cashier.menuItem('Espresso').click();
  await cashier.parkOrder.click();
  await cashier.openOrdersButton.click();
  await expect(cashier.openOrders).toBeVisible();
  findings.push(...(await audit(cashier.page, 'cashier: open orders dialog')));
  await cashier.page.keyboard.press('Escape');
  await expect(cashier.openOrders).toHaveCount(0);

  // Kitchen: all tickets, one bumped (the recall list), then expo.
  const kitchenPage = await pos.openKitchen({ viewport: KITCHEN_SCREEN });
  const kitchen = kitchenPage;
  const paid = station.store.listActive().find((o) => o.status === 'paid')!;
  const ticket = kitchen.ticket(paid.ticketNumber).first();
  await expect(ticket).toBeVisible();
  findings.push(...(await audit(kitchen.page, 'kitchen: all tickets')));
  await kitchen.showStation('Bar');
  const barTicket = kitchen.ticket(paid.ticketNumber).first();
  await barTicket.getByRole('button', { name: /^Bump ticket/ }).click();
  await expect(barTicket).toHaveCount(0);
  await kitchen.recallButton.click();
  await expect(kitchen.recentlyBumped).toBeVisible();
  findings.push(...(await audit(kitchen.page, 'kitchen: bar with a bumped ticket to recall')));
  await kitchen.page.getByRole('button', { name: 'Settings' }).click();
  findings.push(...(await audit(kitchen.page, 'kitchen: settings open')));
  await kitchen.page.getByRole('button', { name: 'Settings' }).click();
  const expoPage = await kitchen.page.context().newPage();
  await expoPage.setViewportSize(KITCHEN_SCREEN);
  await KitchenDisplay.rememberSettings(expoPage, { view: 'expo' });
  const expo = await pos.openKitchen({ page: expoPage });
  await expect(expo.tickets.first()).toBeVisible();
  findings.push(...(await audit(expo.page, 'kitchen: expo')));

  // Customer display with the order on screen.
  await cashier.menuItem('Croissant').first().click();
  await expect(customer.order).toContainText('Croissant');
  findings.push(...(await audit(customer.page, 'customer display: order')));

  // Diagnostics, with the receipt the virtual printer printed.
  const diagnostics = await pos.openDiagnostics({ viewport: COUNTER_SCREEN });
  await expect(diagnostics.page.getByRole('heading', { name: 'Diagnostics' }).first()).toBeVisible();
  await diagnostics.page.waitForTimeout(500);
  findings.push(...(await audit(diagnostics.page, 'diagnostics')));

  // Shift close: the count, then the review with the warning about what is still open.
  await cashier.shiftButton.click();
  await cashier.closeShift.click();
  await expect(cashier.countedCash).toBeVisible();
  findings.push(...(await audit(cashier.page, 'cashier: shift close count')));
  await cashier.countedCash.fill('120.00');
  await cashier.reviewCount.click();
  await expect(cashier.stillOpen).toBeVisible();
  findings.push(...(await audit(cashier.page, 'cashier: shift close review')));

  expect(findings, report(findings)).toEqual([]);
});
