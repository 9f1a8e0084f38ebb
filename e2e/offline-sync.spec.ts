import type { SyncStatusView } from '../shared/ipc/diagnostics.js';
import type { CashierWindow } from './support/pages/index.js';
import { expect, test } from './support/station-fixture.js';

/**
 * Scenario 5: the central server goes away while the cashier keeps selling; when it comes back on
 * the same address with the same data, the station drains its outbox by itself and another
 * station sees exactly the orders taken offline.
 */
test.use({
  stationSetup: { dirPrefix: 'pos-e2e-offline-', storeName: 'E2E Café', server: 'sync-token', syncIntervalMs: 500, fastSyncRetries: true },
});

async function sellEspressoForCash(cashier: CashierWindow): Promise<void> {
  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(1);
  await cashier.payCash('5.00');
  await expect(cashier.status).toContainText('Change €2.50');
  await cashier.newOrderButton.click();
}

test('orders taken while the server is down are drained when it comes back, and another station sees exactly them', async ({
  pos,
  station: counter,
}) => {
  const cashier = await pos.openCashier();
  const banner = cashier.syncStatus;
  await expect(banner).toHaveText('All synced');

  await pos.stopServer();
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
  await pos.restartServer();
  await expect(banner).toHaveText('All synced', { timeout: 15_000 });
  expect(counter.store.outboxStats().depth).toBe(0);

  const other = await pos.startOtherStation({ stationId: 'station-other', dataDirName: 'other', pullsFromServer: true });
  const pulled = await other.sync!.syncNow();
  expect(pulled.pulled).toBe(unsent); // the server holds each offline event once, and nothing else
  expect(other.store.listOrderIds().sort()).toEqual(offlineOrders);
  for (const orderId of offlineOrders) expect(other.store.getOrder(orderId)).toEqual(counter.store.getOrder(orderId));
});
