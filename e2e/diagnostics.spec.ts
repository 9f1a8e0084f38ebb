import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation, type Station } from '../electron/core/station.js';
import { rendererDir } from './support/renderer-dir.js';
import { sellForCash } from './support/station-orders.js';

let dir: string;
let station: Station;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-e2e-diag-'));
  // Simulated devices: the virtual printer decodes what the station sends it.
  station = await startStation({
    config: parseStationConfig({ stationId: 'station-counter', storeName: 'Diag Café', http: { host: '127.0.0.1', port: 0 } }, 'e2e'),
    dataDir: join(dir, 'station'),
    rendererDir,
  });
});

test.afterEach(async () => {
  await station.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('diagnostics shows the decoded virtual receipt and the order’s log lines, and routes a category to a new station', async ({ page }, testInfo) => {
  const sold = await sellForCash(station, [{ itemId: 'croissant', quantity: 2 }]);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${station.url}/diagnostics#token=${station.tokens.cashier}`);

  // The receipt as the printer "printed" it, decoded from the ESC/POS bytes.
  const paper = page.getByRole('region', { name: 'Virtual printer output' }).getByRole('listitem').first();
  await expect(paper).toContainText('Diag Café');
  await expect(paper).toContainText(/2 x Croissant\s+4\.40/);
  await expect(paper).toContainText('cut');

  // Logs filtered by the ticket number staff know: only that order's lines.
  const logs = page.getByRole('region', { name: 'Logs' });
  await logs.getByLabel('Order').fill(String(sold.ticketNumber));
  const lines = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
  await expect(lines.filter({ hasText: 'receipt queued' })).toHaveCount(1);
  for (const text of await lines.allTextContents()) expect(text).toContain(`order=${sold.id}`);
  await logs.getByLabel('Order').fill('999');
  await expect(logs).toContainText('No active order has ticket number 999');

  // Bakery goes to a new "oven" station; the next croissant is an oven ticket.
  const routing = page.getByRole('region', { name: 'Kitchen routing' });
  await routing.getByLabel('New station').fill('oven');
  await routing.getByRole('button', { name: 'Add station' }).click();
  await routing.getByLabel('Station for Bakery').selectOption('oven');
  await routing.getByRole('button', { name: 'Save routing' }).click();
  await expect(page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: 'Kitchen routing saved' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('diagnostics.png'), fullPage: true });

  // The item table shows where a croissant goes now, and the kitchen screens offer the new station.
  await routing.getByText('By item').click();
  await expect(routing.getByRole('row', { name: /Croissant/ })).toContainText('now: oven');
  const kitchen = await page.context().newPage();
  await kitchen.goto(station.windowUrl('kitchen'));
  await expect(kitchen.getByRole('group', { name: 'Station' }).getByRole('button', { name: 'Oven', exact: true })).toBeVisible();
});
