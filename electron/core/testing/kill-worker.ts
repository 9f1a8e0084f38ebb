/**
 * Crash-test worker: sells orders as fast as it can while syncing, until the test harness SIGKILLs
 * it. After each commit it reports `orderId eventCount`, so the harness knows what was committed.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { systemClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/logger.js';
import { openDatabase } from '../db/open-database.js';
import { demoCatalog } from '../demo-catalog.js';
import { EventStore } from '../event-store.js';
import { OrderService } from '../orders/order-service.js';
import { realScheduler } from '../sync/scheduler.js';
import { SyncClient } from '../sync/sync-client.js';
import { SyncEngine } from '../sync/sync-engine.js';

const [dataDir, serverUrl, token, origin] = process.argv.slice(2);
if (!dataDir || !serverUrl || !token || !origin) throw new Error('usage: kill-worker DATA_DIR SERVER_URL TOKEN ORIGIN');

const db = openDatabase(join(dataDir, 'station.sqlite'), silentLogger);
const store = new EventStore({
  db,
  origin,
  clock: systemClock,
  random: (n) => new Uint8Array(randomBytes(n)),
  logger: silentLogger,
  maxClockDriftMs: 60_000,
});
const orders = new OrderService(store, demoCatalog, 'EUR', { kind: 'device', id: origin });
const sync = new SyncEngine({
  store,
  transport: new SyncClient(serverUrl, token),
  clock: systemClock,
  scheduler: realScheduler,
  logger: silentLogger,
  pollIntervalMs: 20,
  backoff: { initialMs: 10, maxMs: 50, factor: 2, jitter: 'full' },
});
sync.start();

const items = ['espresso', 'croissant', 'club-sandwich', 'soup-of-the-day'];
let current: string | undefined = store.listActive().find((o) => o.status === 'open')?.id;
process.stdout.write('ready\n');

for (;;) {
  const item = items[Math.floor(Math.random() * items.length)]!;
  const result =
    current === undefined || Math.random() < 0.6
      ? orders.addLine({ orderId: current, orderType: 'takeout' }, item, 1)
      : orders.payCash(current, 100_000);
  if (!result.ok) throw new Error(result.error.message);
  const view = 'order' in result.value ? result.value.order : result.value;
  current = view.status === 'open' ? view.id : undefined;
  process.stdout.write(`${view.id} ${view.eventCount}\n`);
  sync.kick();
  // Yield so sync rounds interleave with writes, as they do in the real process.
  await new Promise((resolve) => setImmediate(resolve));
}
