import { expect, test, type Page } from '@playwright/test';
import type { Station } from '../electron/core/station.js';
import type { MockSerialBench } from './support/mock-serial.js';
import { startSerialStation, type SerialStation } from './support/serial-station.js';

let counter: SerialStation;
let station: Station;
let serial: MockSerialBench;

test.beforeEach(async () => {
  counter = await startSerialStation({ stationId: 'station-counter', dirPrefix: 'pos-e2e-paper-', printerName: 'Receipt printer' });
  ({ station, serial } = counter);
});

test.afterEach(async () => {
  await counter.stop();
});

async function sellEspresso(cashier: Page, change: string): Promise<void> {
  await cashier.getByRole('button', { name: /Espresso/ }).click();
  await expect(cashier.getByRole('list', { name: 'Cart' }).getByRole('listitem')).toHaveCount(1);
  await cashier.getByLabel('Cash tendered').fill('5');
  await cashier.getByRole('button', { name: 'Take payment' }).click();
  await expect(cashier.getByRole('status')).toContainText(`Change ${change}`);
}

test('paper runs out mid-service: the receipt is held, both windows warn, and it prints once when paper is back', async ({ browser }) => {
  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  const devices = cashier.getByRole('list', { name: 'Devices' });
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

  const diagnostics = await browser.newPage();
  await diagnostics.goto(`${station.url}/diagnostics#token=${station.tokens.cashier}`);
  const printerRow = diagnostics.getByRole('region', { name: 'Devices' }).getByRole('listitem', { name: 'Receipt printer', exact: true });
  await expect(printerRow).toContainText('paper out');
  const jobs = diagnostics.getByRole('region', { name: 'Print jobs' });
  await expect(jobs.getByRole('listitem').first()).not.toContainText('done');

  // Nothing more came out while the paper was out.
  expect(serial.printed).toHaveLength(1);

  // A new roll: the held receipt comes out exactly once, and the warnings clear.
  serial.printer.setCondition({ paper: 'ok' });
  await expect(devices).not.toContainText(/paper out/i);
  await expect(printerRow).not.toContainText('paper out');
  await expect.poll(() => serial.printed.length).toBeGreaterThanOrEqual(2);
  await expect(jobs.getByRole('listitem').first()).toContainText('done');
  // Once no job is pending and the printer holds no bytes, nothing else can come out: count now.
  await expect.poll(() => station.devices.queue.jobs({ states: ['queued', 'sending', 'sent-unconfirmed'] }).length).toBe(0);
  await expect.poll(() => serial.printer.heldBytes).toBe(0);
  expect(serial.printed).toHaveLength(2);
  const second = serial.printed[1]!.lines.join('\n');
  expect(second).toContain('Order #2');
  expect(second).not.toContain('REPRINT');
  expect(station.devices.queue.jobs({ states: ['done'] }).filter((job) => job.kind === 'receipt')).toHaveLength(2);
});
