import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation, type Station } from '../electron/core/station.js';
import { rendererDir } from './support/renderer-dir.js';

let dir: string;
let station: Station | null = null;

/** A standalone till on a fixed port and data dir, so a restart comes back at the same address with the same data. */
async function start(port: number): Promise<Station> {
  return startStation({
    config: parseStationConfig({ stationId: 'station-counter', http: { host: '127.0.0.1', port } }, 'e2e'),
    dataDir: join(dir, 'station'),
    rendererDir,
  });
}

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-e2e-restart-'));
});

test.afterEach(async () => {
  await station?.stop();
  station = null;
  rmSync(dir, { recursive: true, force: true });
});

async function expectCart(cashier: Page) {
  const cart = cashier.getByRole('list', { name: 'Cart' });
  await expect(cart.getByRole('listitem')).toHaveCount(2);
  await expect(cart).toContainText('1 × Burger');
  await expect(cart).toContainText('Well done');
  await expect(cart).toContainText('2 × Espresso');
  await expect(cashier.getByLabel('Total')).toHaveText('€16.90');
}

test('scenario 7: the cart survives a core restart and a page reload, and is then paid', async ({ browser }) => {
  station = await start(0);
  const port = Number(new URL(station.url).port);
  const cashier = await browser.newPage();
  await cashier.goto(station.windowUrl('cashier'));

  // Two lines: a burger with a required choice, and two espressos on one line.
  await cashier.getByRole('button', { name: /^Burger/ }).click();
  const dialog = cashier.getByRole('dialog', { name: 'Burger' });
  await dialog.getByRole('radio', { name: 'Well done' }).check();
  await dialog.getByRole('button', { name: 'Add to order' }).click();
  await cashier.getByRole('button', { name: /^Espresso/ }).click();
  const cart = cashier.getByRole('list', { name: 'Cart' });
  await cart.getByRole('button', { name: /1 × Espresso/ }).click();
  await cashier.getByRole('button', { name: 'One more Espresso' }).click();
  await expectCart(cashier);
  const orderId = station.store.listActive()[0]!.id;

  // The core stops (power cut at the back office) and starts again on the same data and port.
  await station.stop();
  station = null;
  const connection = cashier.locator('.station-header .connection');
  await expect(connection).toHaveText('Offline — reconnecting');
  // While the core is down the cashier still sees what was rung up.
  await expectCart(cashier);
  station = await start(port);
  await expect(connection).toHaveText('Online', { timeout: 15_000 });
  await expectCart(cashier);
  expect(station.store.getOrder(orderId)?.lines).toHaveLength(2);

  // A reload of the window brings the same order back from the station.
  await cashier.reload();
  await expectCart(cashier);
  await expect(cashier.getByRole('heading', { name: /^Order \d+/ })).toBeVisible();

  // ...and it can still be paid: the same order, not a new one.
  await cashier.getByLabel('Cash tendered').fill('20');
  await cashier.getByRole('button', { name: 'Take payment' }).click();
  await expect(cashier.getByRole('status')).toContainText('Change €3.10');
  expect(station.store.getOrder(orderId)?.status).toBe('paid');
  expect(station.store.listActive().filter((o) => o.status === 'open')).toEqual([]);

  // Once paid, a reload starts a fresh cart rather than reopening the paid order.
  await cashier.reload();
  await expect(cashier.getByRole('button', { name: /^Espresso/ })).toBeVisible();
  await expect(cashier.getByRole('heading', { name: 'New order' })).toBeVisible();
  await expect(cashier.getByRole('list', { name: 'Cart' }).getByRole('listitem')).toHaveCount(0);
});
