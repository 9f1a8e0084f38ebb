import { expect, test } from './support/station-fixture.js';
import type { CashierWindow } from './support/pages/index.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-paper-', devices: 'serial', storeName: 'E2E Café', printerName: 'Receipt printer' } });

async function sellEspresso(cashier: CashierWindow, change: string): Promise<void> {
  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(1);
  await cashier.payCash('5');
  await expect(cashier.status).toContainText(`Change ${change}`);
}

test('paper runs out mid-service: the receipt is held, both windows warn, and it prints once when paper is back', async ({
  pos,
  station,
  serial,
}) => {
  const cashier = await pos.openCashier();
  const devices = cashier.devices;
  await expect(devices).toContainText('ready');

  // A first sale prints normally.
  await sellEspresso(cashier, '€2.50');
  await expect.poll(() => serial.printed.length).toBe(1);

  // The roll ends halfway through the next receipt.
  serial.printer.runOutOfPaperAfter(60);
  await sellEspresso(cashier, '€2.50');
  await expect(devices).toContainText(/paper out/i);
  // The sale itself is done: paying never waits for the printer.
  expect(station.store.listActive().filter((o) => o.status === 'paid')).toHaveLength(2);

  const diagnostics = await pos.openDiagnostics();
  const printerRow = diagnostics.device('Receipt printer');
  await expect(printerRow).toContainText('paper out');
  await expect(diagnostics.jobs.first()).not.toContainText('done');

  // Nothing more came out while the paper was out.
  expect(serial.printed).toHaveLength(1);

  // A new roll: the held receipt comes out exactly once, and the warnings clear.
  serial.printer.setCondition({ paper: 'ok' });
  await expect(devices).not.toContainText(/paper out/i);
  await expect(printerRow).not.toContainText('paper out');
  await expect.poll(() => serial.printed.length).toBeGreaterThanOrEqual(2);
  await expect(diagnostics.jobs.first()).toContainText('done');
  // Once no job is pending and the printer holds no bytes, nothing else can come out: count now.
  await expect.poll(() => station.devices.queue.jobs({ states: ['queued', 'sending', 'sent-unconfirmed'] }).length).toBe(0);
  await expect.poll(() => serial.printer.heldBytes).toBe(0);
  expect(serial.printed).toHaveLength(2);
  const second = serial.printed[1]!.lines.join('\n');
  expect(second).toContain('Order #2');
  expect(second).not.toContain('REPRINT');
  expect(station.devices.queue.jobs({ states: ['done'] }).filter((job) => job.kind === 'receipt')).toHaveLength(2);
});
