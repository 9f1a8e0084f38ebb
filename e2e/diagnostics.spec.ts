import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/station-fixture.js';
import { sellForCash } from './support/station-orders.js';

// Simulated devices: the virtual printer decodes what the station sends it.
test.use({ stationSetup: { dirPrefix: 'pos-e2e-diag-', storeName: 'Diag Café' } });

test('diagnostics shows the decoded virtual receipt and the order’s log lines, and routes a category to a new station', async ({
  pos,
  station,
  page,
}, testInfo) => {
  const sold = await sellForCash(station, [{ itemId: 'croissant', quantity: 2 }]);
  const diagnostics = await pos.openDiagnostics({ page, viewport: { width: 1400, height: 1000 } });

  // No mesh in this station.json (no peers, no peer endpoint): the store network says so, and lists no peer.
  await expect(diagnostics.storeNetwork).toContainText('Not configured');
  await expect(diagnostics.peers).toHaveCount(0);

  // The receipt as the printer "printed" it, decoded from the ESC/POS bytes.
  const paper = diagnostics.printedDocuments.first();
  await expect(paper).toContainText('Diag Café');
  await expect(paper).toContainText(/2 x Croissant\s+4\.40/);
  await expect(paper).toContainText('cut');

  // Logs filtered by the ticket number staff know: only that order's lines.
  await diagnostics.logOrderFilter.fill(String(sold.ticketNumber));
  const lines = diagnostics.logLines;
  await expect(lines.filter({ hasText: 'receipt queued' })).toHaveCount(1);
  for (const text of await lines.allTextContents()) expect(text).toContain(`order=${sold.id}`);
  await diagnostics.logOrderFilter.fill('999');
  await expect(diagnostics.logs).toContainText('No active order has ticket number 999');

  // Bakery goes to a new "oven" station; the next croissant is an oven ticket. Routing is the store's,
  // not this station's: saved, it is the store's first routing document, edited here.
  await expect(diagnostics.routing).toContainText('Catalog defaults: nobody has saved routing for this store yet.');
  await diagnostics.routingNewStation.fill('oven');
  await diagnostics.routingAddStation.click();
  await diagnostics.routingStationFor('Bakery').selectOption('oven');
  await diagnostics.routingSave.click();
  await expect(diagnostics.notice('Kitchen routing saved')).toBeVisible();
  await expect(diagnostics.routing).toContainText(`Store routing v1, saved at ${station.stationId} on`);
  await page.screenshot({ path: testInfo.outputPath('diagnostics.png'), fullPage: true });

  // The item table shows where a croissant goes now, and the kitchen screens offer the new station.
  await diagnostics.routingByItem.click();
  await expect(diagnostics.routingItem(/Croissant/)).toContainText('now: oven');
  const kitchen = await pos.openKitchen({ page: await page.context().newPage() });
  await expect(kitchen.stationButton('Oven')).toBeVisible();
});

test('devices are edited in diagnostics: a preset adds a network kitchen printer, a bad port is refused by field, the fix is saved to station.json', async ({
  pos,
  station,
  page,
}, testInfo) => {
  const configFile = join(pos.stationDir, 'station.json');
  const diagnostics = await pos.openDiagnostics({ page, viewport: { width: 1400, height: 1000 } });

  await diagnostics.deviceConfigButton('Edit').click();
  const editor = diagnostics.deviceConfigEditor;
  await expect(editor).toHaveValue(/"id": "receipt"/);

  await diagnostics.deviceConfigPreset(/network kitchen printer/).click();
  await expect(editor).toHaveValue(/"host": "192\.168\.1\.50"/);
  await diagnostics.deviceConfigButton('Validate').click();
  await expect(diagnostics.deviceConfigMessage('Valid: ready to save.')).toBeVisible();

  // A port out of range: refused with the field's path, and nothing is written.
  await editor.fill((await editor.inputValue()).replace('"port": 9100', '"port": 70000'));
  await diagnostics.deviceConfigButton('Save').click();
  await expect(diagnostics.deviceConfigProblems).toContainText('printers.1.transport.port');
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await diagnostics.deviceConfig.screenshot({ path: testInfo.outputPath('device-config-editor.png') });
  expect(existsSync(configFile)).toBe(false);

  await editor.fill((await editor.inputValue()).replace('"port": 70000', '"port": 9100'));
  await diagnostics.deviceConfigButton('Save').click();
  await expect(diagnostics.deviceConfigStatus('Saved — restart the station to apply')).toBeVisible();
  const written = JSON.parse(readFileSync(configFile, 'utf8')) as { devices: { printers: unknown[]; routing: { kitchen: unknown } } };
  expect(written.devices.printers).toContainEqual(
    expect.objectContaining({ id: 'grill-printer', transport: { kind: 'tcp', host: '192.168.1.50', port: 9100 } }),
  );
  expect(written.devices.routing.kitchen).toEqual({ grill: { printer: 'grill-printer', fallback: 'receipt' } });
  // The running devices are unchanged until the restart.
  expect(station.devices.list().map((d) => d.id)).not.toContain('grill-printer');

  // After a reload the window still says a saved configuration waits for the restart, and editing
  // again starts from what was saved, not from what runs.
  await page.reload();
  await expect(diagnostics.deviceConfigStatus('Saved — restart the station to apply')).toBeVisible();
  await diagnostics.deviceConfigButton('Edit').click();
  await expect(editor).toHaveValue(/grill-printer/);
});
