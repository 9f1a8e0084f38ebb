import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation, type Station } from '../electron/core/station.js';
import { startCentralServer, type CentralServer } from '../server/main.js';
import { MockSerialBench } from './support/mock-serial.js';

import { rendererDir } from './support/renderer-dir.js';
const SCANNER = '/dev/ttyMOCK-SCANNER';
const PRINTER = '/dev/ttyMOCK-PRINTER';
const syncToken = 'e2e-sync-token-0123456789abcdef';

let dir: string;
let server: CentralServer;
let station: Station;
let serial: MockSerialBench;
const extraStations: Station[] = [];

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-e2e-'));
  server = await startCentralServer({ dataDir: join(dir, 'server'), syncToken, logger: pino({ level: 'silent' }) });
  serial = new MockSerialBench(SCANNER, PRINTER);
  station = await startStation({
    config: parseStationConfig(
      {
        stationId: 'station-counter',
        storeName: 'E2E Café',
        http: { host: '127.0.0.1', port: 0 },
        server: { url: server.url, token: syncToken },
        sync: { intervalMs: 500 },
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
  });
});

test.afterEach(async () => {
  for (const s of extraStations.splice(0)) await s.stop();
  await station.stop();
  await server.close();
  serial.reset();
  rmSync(dir, { recursive: true, force: true });
});

test('a cashier scans, rings up and takes cash; the receipt prints, the kitchen sees the ticket and the server has it', async ({
  browser,
}) => {
  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));
  await expect(cashier.getByRole('button', { name: /Espresso/ })).toBeVisible();
  const cart = cashier.getByRole('list', { name: 'Cart' });

  // A misread barcode (bad check digit) and a code no item has are refused with a message and change nothing.
  serial.scan('4006381333932');
  await expect(cashier.getByRole('alert')).toContainText('check digit');
  serial.scan('4006381333948');
  await expect(cashier.getByRole('alert')).toContainText('No item has barcode 4006381333948');
  await expect(cart.getByRole('listitem')).toHaveCount(0);
  expect(station.store.listActive()).toEqual([]);
  expect(station.store.outboxStats().depth).toBe(0);

  // A good scan on the serial scanner opens an order and adds the croissant.
  serial.scan('4006381333931');
  await expect(cart).toContainText('Croissant');

  await cashier.getByRole('button', { name: /Espresso/ }).click();
  await expect(cart.getByRole('listitem')).toHaveCount(2);
  await expect(cashier.getByLabel('Total')).toHaveText('€4.70');

  await cashier.getByLabel('Cash tendered').fill('10.00');
  await cashier.getByRole('button', { name: 'Take payment' }).click();
  await expect(cashier.getByRole('status')).toContainText('Change €5.30');

  // The receipt went to the serial printer as ESC/POS; decoded, it says what the customer paid.
  await expect.poll(() => serial.printed.length, { message: 'receipt printed and cut' }).toBe(1);
  const text = serial.printed[0]!.lines.join('\n');
  expect(text).toContain('E2E Café');
  expect(text).toMatch(/1 x Croissant\s+2\.20/);
  expect(text).toMatch(/1 x Espresso\s+2\.50/);
  expect(text).toMatch(/TOTAL\s+4\.70/);
  expect(text).toMatch(/Change\s+5\.30/);
  // A cash sale opens the drawer exactly once.
  await expect.poll(() => serial.drawerKicks, { message: 'drawer kicked' }).toBe(1);

  // The kitchen window shows the paid order as a ticket, live.
  const order = station.store.listActive().find((o) => o.status === 'paid');
  expect(order).toBeDefined();
  const kitchen = await browser.newPage();
  await kitchen.goto(station.windowUrl('kitchen'));
  const ticket = kitchen.getByRole('article', { name: `Ticket ${order!.ticketNumber}` });
  await expect(ticket).not.toContainText('Croissant');
  await expect(ticket).toContainText('Espresso');

  // The events reached the central server: a second, fresh station pulls the same paid order.
  await expect.poll(() => station.store.outboxStats().depth, { message: 'outbox drained to the server' }).toBe(0);
  const fresh = await startStation({
    config: parseStationConfig(
      { stationId: 'station-fresh', http: { host: '127.0.0.1', port: 0 }, server: { url: server.url, token: syncToken } },
      'e2e',
    ),
    dataDir: join(dir, 'fresh'),
    rendererDir,
    manualSync: true,
  });
  extraStations.push(fresh);
  await fresh.sync!.syncNow();
  expect(fresh.store.getOrder(order!.id)).toEqual(order);
});
