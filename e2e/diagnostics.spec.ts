import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

test('devices are edited in diagnostics: a preset adds a network kitchen printer, a bad port is refused by field, the fix is saved to station.json', async ({ page }, testInfo) => {
  const configFile = join(dir, 'station', 'station.json');
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${station.url}/diagnostics#token=${station.tokens.cashier}`);

  const section = page.getByRole('region', { name: 'Device configuration' });
  await section.getByRole('button', { name: 'Edit' }).click();
  const editor = section.getByLabel('Devices configuration (JSON)');
  await expect(editor).toHaveValue(/"id": "receipt"/);

  await section.getByRole('group', { name: 'Presets' }).getByRole('button', { name: /network kitchen printer/ }).click();
  await expect(editor).toHaveValue(/"host": "192\.168\.1\.50"/);
  await section.getByRole('button', { name: 'Validate' }).click();
  await expect(section.getByText('Valid: ready to save.')).toBeVisible();

  // A port out of range: refused with the field's path, and nothing is written.
  await editor.fill((await editor.inputValue()).replace('"port": 9100', '"port": 70000'));
  await section.getByRole('button', { name: 'Save' }).click();
  const problems = section.getByRole('list', { name: 'Configuration problems' });
  await expect(problems).toContainText('printers.1.transport.port');
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await section.screenshot({ path: testInfo.outputPath('device-config-editor.png') });
  expect(existsSync(configFile)).toBe(false);

  await editor.fill((await editor.inputValue()).replace('"port": 70000', '"port": 9100'));
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'Saved — restart the station to apply' })).toBeVisible();
  const written = JSON.parse(readFileSync(configFile, 'utf8')) as { devices: { printers: unknown[]; routing: { kitchen: unknown } } };
  expect(written.devices.printers).toContainEqual(expect.objectContaining({ id: 'grill-printer', transport: { kind: 'tcp', host: '192.168.1.50', port: 9100 } }));
  expect(written.devices.routing.kitchen).toEqual({ grill: { printer: 'grill-printer', fallback: 'receipt' } });
  // The running devices are unchanged until the restart.
  expect(station.devices.list().map((d) => d.id)).not.toContain('grill-printer');

  // After a reload the window still says a saved configuration waits for the restart, and editing
  // again starts from what was saved, not from what runs.
  await page.reload();
  await expect(section.getByRole('status').filter({ hasText: 'Saved — restart the station to apply' })).toBeVisible();
  await section.getByRole('button', { name: 'Edit' }).click();
  await expect(editor).toHaveValue(/grill-printer/);
});
