import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStationConfig } from '../electron/core/config.js';
import { DEMO_PINS, DEMO_STAFF } from '../electron/core/staff/demo-staff.js';
import { startStation, type Station } from '../electron/core/station.js';
import { MockSerialBench } from './support/mock-serial.js';
import { rendererDir } from './support/renderer-dir.js';

const SCANNER = '/dev/ttyMOCK-SCANNER';
const PRINTER = '/dev/ttyMOCK-PRINTER';

let dir: string;
let station: Station;
let serial: MockSerialBench;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-e2e-shift-'));
  serial = new MockSerialBench(SCANNER, PRINTER);
  station = await startStation({
    config: parseStationConfig(
      {
        stationId: 'station-counter',
        storeName: 'E2E Café',
        http: { host: '127.0.0.1', port: 0 },
        devices: {
          printers: [
            {
              id: 'receipt',
              transport: { kind: 'serial', path: PRINTER, baudRate: 38400 },
              profile: 'epson-tm-t88',
              drawer: { id: 'drawer', pin: 2 },
            },
          ],
          routing: { receipt: { printer: 'receipt' } },
          scanners: [{ id: 'scanner', transport: { kind: 'serial', path: SCANNER, baudRate: 9600 } }],
        },
      },
      'e2e',
    ),
    dataDir: join(dir, 'station'),
    rendererDir,
    serialBinding: serial.binding,
    staff: DEMO_STAFF,
  });
});

test.afterEach(async () => {
  await station.stop();
  serial.reset();
  rmSync(dir, { recursive: true, force: true });
});

test('scenario 8: a cashier signs in with a PIN, sells for cash and closes the shift short; the Z report prints', async ({ page }) => {
  await page.goto(station.windowUrl('cashier'));

  // The till is locked: a wrong PIN is refused in the alert, the right one (typed) signs Alex in.
  await expect(page.getByRole('heading', { name: 'Enter your PIN' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Espresso/ })).toHaveCount(0);
  for (const digit of '4321') await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong PIN');
  await page.keyboard.type(DEMO_PINS.alex);
  await page.keyboard.press('Enter');
  const staffBar = page.getByLabel('Signed in');
  await expect(staffBar).toContainText('Alex');
  await expect(staffBar).toContainText('Cashier');
  await expect(staffBar).toContainText('No shift open');

  // Cash needs an open shift: open it with a 100.00 float.
  await staffBar.getByRole('button', { name: 'Shift' }).click();
  await page.getByLabel('Opening float').fill('100.00');
  await page.getByRole('button', { name: 'Open shift' }).click();
  await expect(staffBar).toContainText('Shift open');
  await page.getByRole('button', { name: 'Done' }).click();

  // Two cash sales: espresso 2.50 paid with 5.00, croissant 2.20 paid with 10.00.
  for (const [item, tendered, change] of [
    ['Espresso', '5.00', '€2.50'],
    ['Croissant', '10.00', '€7.80'],
  ] as const) {
    await page.getByRole('button', { name: new RegExp(item) }).first().click();
    await expect(page.getByRole('list', { name: 'Cart' })).toContainText(item);
    await page.getByLabel('Cash tendered').fill(tendered);
    await page.getByRole('button', { name: 'Take payment' }).click();
    await expect(page.getByRole('status')).toContainText(`Change ${change}`);
    // The receipt prints before the next sale starts.
    await expect.poll(() => serial.printed.filter((d) => d.lines.join('\n').includes(`1 x ${item}`)).length).toBe(1);
    const newOrder = page.getByRole('button', { name: 'New order' });
    if (await newOrder.isVisible()) await newOrder.click();
  }

  // Close: 104.00 counted against 104.70 expected shows 0.70 short before anything is final.
  await staffBar.getByRole('button', { name: 'Shift' }).click();
  await page.getByRole('button', { name: 'Close shift' }).click();
  await page.getByLabel('Counted cash').fill('104.00');
  await page.getByRole('button', { name: 'Review count' }).click();
  const count = page.getByLabel('Cash count');
  await expect(count).toContainText('Expected cash€104.70');
  await expect(count).toContainText('Counted cash€104.00');
  await expect(count).toContainText('−€0.70 short');
  await page.getByRole('button', { name: 'Confirm and close shift' }).click();

  // The Z report is shown, and the printer received it with expected, counted and over/short.
  const zReport = page.getByRole('region', { name: 'Z report' });
  await expect(zReport).toContainText('Orders2');
  await expect(zReport).toContainText('Expected cash€104.70');
  await expect(zReport).toContainText('Over/short−€0.70 short');
  await expect(staffBar).toContainText('No shift open');
  await expect.poll(() => serial.printed.filter((d) => d.lines.some((l) => l.includes('Z REPORT'))).length, { message: 'Z report printed' }).toBe(1);
  const paper = serial.printed.find((d) => d.lines.some((l) => l.includes('Z REPORT')))!.lines.join('\n');
  expect(paper).toContain('E2E Café');
  // The report layout: aligned label–amount rows, the drawer count last, a line to sign.
  expect(paper).toMatch(/^Z REPORT\nshift closed$/m);
  expect(paper).toMatch(/^Orders +2$/m);
  expect(paper).toMatch(/^Net sales +4\.70$/m);
  expect(paper).toMatch(/^Opening float +100\.00$/m);
  expect(paper).toMatch(/^Expected cash +104\.70$/m);
  expect(paper).toMatch(/^Counted cash +104\.00$/m);
  expect(paper).toMatch(/^Over\/short +-0\.70 SHORT$/m);
  expect(paper).toContain('Counted and signed by:');
  expect(paper).not.toMatch(/^TOTAL/m);
  // A reprint is explicit and says so; the original printed exactly once.
  await page.getByRole('button', { name: 'Print Z report again' }).click();
  await expect.poll(() => serial.printed.filter((d) => d.lines.some((l) => l.includes('Z REPORT'))).length).toBe(2);
  expect(serial.printed.filter((d) => d.lines.some((l) => l.includes('REPRINT')))).toHaveLength(1);

  // The core refuses cash until the next shift opens; signing out locks the till again.
  const another = await station.dispatch('cashier', 'order.addLine', { itemId: 'espresso' }, 'e2e-after-close');
  expect(another.ok).toBe(true);
  const refused = await station.dispatch('cashier', 'order.payCash', { orderId: (another as { value: { id: string } }).value.id, tenderedMinor: 250 }, 'e2e-pay');
  expect(refused).toMatchObject({ ok: false, error: { code: 'no_open_shift' } });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Enter your PIN' })).toBeVisible();
});
