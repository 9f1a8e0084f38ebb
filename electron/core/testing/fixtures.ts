import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/logger.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { EventStore } from '../event-store.js';

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openTestStore(path: string, origin = 'station-test', clock = new ManualClock()): { db: Db; store: EventStore; clock: ManualClock } {
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
