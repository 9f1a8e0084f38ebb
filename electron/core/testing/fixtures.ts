import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/logger.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { EventStore } from '../event-store.js';
import type { OrderService } from '../orders/order-service.js';
import { StoreData } from '../store-data/store-data.js';
import type { OrderView } from '../../../shared/order-view.js';

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openTestStore(
  path: string,
  origin = 'station-test',
  clock = new ManualClock(),
): { db: Db; store: EventStore; clock: ManualClock } {
  const db = openDatabase(path, silentLogger);
  const store = new EventStore({
    db,
    origin,
    clock,
    random: (n) => new Uint8Array(randomBytes(n)),
    logger: silentLogger,
    maxClockDriftMs: 60_000,
  });
  return { db, store, clock };
}

/** The store data of a test store: the station's documents, stamped by its event store's clock. */
export function openTestStoreData(opened: { db: Db; store: EventStore; clock: ManualClock }): StoreData {
  return new StoreData({ db: opened.db, origin: opened.store.origin, clock: opened.clock, hlc: opened.store, logger: silentLogger });
}

/** A takeout croissant paid in cash (four events: opened, line, capture, ticket fired); throws if refused. */
export function sellCroissantForCash(orders: OrderService): OrderView {
  const added = orders.addLine({ orderType: 'takeout' }, 'croissant', 1);
  if (!added.ok) throw new Error(added.error.message);
  const paid = orders.payCash(added.value.id, 500);
  if (!paid.ok) throw new Error(paid.error.message);
  return paid.value.order;
}
