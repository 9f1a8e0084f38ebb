import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { SyncStatusView } from '../shared/ipc/diagnostics.js';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation, type Station } from '../electron/core/station.js';
import { startCentralServer, type CentralServer } from '../server/main.js';
import { rendererDir } from './support/renderer-dir.js';

/**
 * Scenario 5: the central server goes away while the cashier keeps selling; when it comes back on
 * the same address with the same data, the station drains its outbox by itself and another
 * station sees exactly the orders taken offline.
 */
const syncToken = 'e2e-offline-sync-token-0123456789';

let dir: string;
let server: CentralServer;
const stations: Station[] = [];

const startServer = (port = 0) =>
  startCentralServer({ dataDir: join(dir, 'server'), port, syncToken, logger: pino({ level: 'silent' }) });

async function startCounter(url: string): Promise<Station> {
  const station = await startStation({
    config: parseStationConfig(
      { stationId: 'station-counter', storeName: 'E2E Café', http: { host: '127.0.0.1', port: 0 }, server: { url, token: syncToken }, sync: { intervalMs: 500 } },
      'e2e',
    ),
    dataDir: join(dir, 'counter'),
    rendererDir,
    // Production waits up to 60 s between attempts; a test cannot. The retry logic is the same.
    syncTuning: { backoff: { initialMs: 200, maxMs: 1_000, factor: 2, jitter: 'full' } },
  });
  stations.push(station);
  return station;
}

async function sellEspressoForCash(cashier: Page): Promise<void> {
  await cashier.getByRole('button', { name: /Espresso/ }).click();
  await expect(cashier.getByRole('list', { name: 'Cart' }).getByRole('listitem')).toHaveCount(1);
  await cashier.getByLabel('Cash tendered').fill('5.00');
  await cashier.getByRole('button', { name: 'Take payment' }).click();
  await expect(cashier.getByRole('status')).toContainText('Change €2.50');
  await cashier.getByRole('button', { name: 'New order' }).click();
}

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-e2e-offline-'));
  server = await startServer();
});

test.afterEach(async () => {
  for (const s of stations.splice(0)) await s.stop();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('orders taken while the server is down are drained when it comes back, and another station sees exactly them', async ({ browser }) => {
  const port = Number(new URL(server.url).port);
  const counter = await startCounter(server.url);
  const cashier = await browser.newPage();
  await cashier.goto(counter.windowUrl('cashier'));
  const banner = cashier.getByLabel('Sync status');
  await expect(banner).toHaveText('All synced');

  await server.close();
  for (let i = 0; i < 3; i++) await sellEspressoForCash(cashier);

  const offlineOrders = counter.store.listOrderIds().sort();
  expect(offlineOrders).toHaveLength(3);
  const unsent = counter.store.outboxStats().depth;
  expect(unsent).toBeGreaterThanOrEqual(9); // opened, line, payment … per order
  await expect(banner).toHaveText('Offline — 3 unsynced');
  const status = await counter.dispatch('cashier', 'sync.status', {}, 'e2e-status');
  if (!status.ok) throw new Error(status.error.message);
  expect(status.value as SyncStatusView).toMatchObject({ outboxDepth: unsent, unsyncedOrders: 3 });

  // Same address, same data: nobody touches the station, it reconnects and drains by itself.
  server = await startServer(port);
  await expect(banner).toHaveText('All synced', { timeout: 15_000 });
  expect(counter.store.outboxStats().depth).toBe(0);

  const other = await startStation({
    config: parseStationConfig({ stationId: 'station-other', http: { host: '127.0.0.1', port: 0 }, server: { url: server.url, token: syncToken } }, 'e2e'),
    dataDir: join(dir, 'other'),
    rendererDir,
    manualSync: true,
  });
  stations.push(other);
  const pulled = await other.sync!.syncNow();
  expect(pulled.pulled).toBe(unsent); // the server holds each offline event once, and nothing else
  expect(other.store.listOrderIds().sort()).toEqual(offlineOrders);
  for (const orderId of offlineOrders) expect(other.store.getOrder(orderId)).toEqual(counter.store.getOrder(orderId));
});
