import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { ManualScheduler } from '../electron/core/testing/manual-scheduler.js';
import { ManualClock } from '../shared/clock.js';
import { expect, test } from './support/station-fixture.js';

// `npm start`'s demo team, as it runs there ({ demo: true }); the station's clock and timers are the test's.
test.describe('settings', () => {
  test.use({ stationSetup: { dirPrefix: 'pos-e2e-approve-', storeName: 'E2E Café', staff: 'demo' } });

  test('saving kitchen routing asks a manager PIN every time; a cashier PIN is refused in the prompt', async ({ pos, page }) => {
    const diagnostics = await pos.openDiagnostics({ page, viewport: { width: 1400, height: 1000 } });
    await diagnostics.routingNewStation.fill('oven');
    await diagnostics.routingAddStation.click();
    await diagnostics.routingStationFor('Bakery').selectOption('oven');
    await diagnostics.routingSave.click();

    const prompt = page.getByRole('dialog', { name: 'Save the kitchen routing' });
    await expect(prompt).toContainText('change the kitchen routing');
    await prompt.getByLabel('Manager PIN').fill(DEMO_PINS.alex);
    await prompt.getByRole('button', { name: 'Approve' }).click();
    await expect(prompt).toContainText('not a manager PIN');
    await expect(diagnostics.routing).toContainText('Catalog defaults');

    await prompt.getByLabel('Manager PIN').fill(DEMO_PINS.morgan);
    await prompt.getByRole('button', { name: 'Approve' }).click();
    await expect(prompt).toBeHidden();
    await expect(diagnostics.notice('Kitchen routing saved')).toBeVisible();

    // The next change asks again: an approval is for one command, never for the window.
    await diagnostics.routingStationFor('Bakery').selectOption('oven');
    await diagnostics.routingNewStation.fill('pass');
    await diagnostics.routingAddStation.click();
    await diagnostics.routingSave.click();
    await expect(prompt).toBeVisible();
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await expect(prompt).toBeHidden();
    await expect(diagnostics.routing).toContainText('Not saved');
  });
});

test.describe('the till', () => {
  const clock = new ManualClock(Date.now());
  const scheduler = new ManualScheduler(clock);
  test.use({ stationSetup: { dirPrefix: 'pos-e2e-idle-', storeName: 'E2E Café', staff: 'demo', clock, scheduler } });

  test('says demo PINs are active, and signs an idle cashier out back to the PIN pad', async ({ pos, page }) => {
    const cashier = await pos.openCashier({ page });
    await expect(page.getByRole('note')).toContainText('Demo PINs are active');
    await cashier.typePin(DEMO_PINS.alex);
    await expect(cashier.staffBar).toContainText('Alex');
    await cashier
      .menuItem(/Espresso/)
      .first()
      .click();
    await expect(cashier.cart).toContainText('Espresso');

    // Fifteen minutes with nobody working the till: the station's idle timer signs Alex out and the
    // window goes back to the PIN pad by itself, with nothing clicked.
    clock.advance(15 * 60_000);
    while (scheduler.delays().some((delay) => delay <= 0)) scheduler.fireNext();
    await expect(cashier.pinPrompt).toBeVisible();
    await expect(cashier.staffBar).toHaveCount(0);
    await expect(page.getByRole('note')).toContainText('Demo PINs are active');
  });
});
