import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import { SyncService } from '../sync-service.js';
import { BACKENDS, testBackends } from '../testing/backends.js';
import { makeEvents } from '../testing/make-events.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { StatisticsKeeper } from './statistics-keeper.js';

const backends = testBackends();
afterAll(() => backends.dispose());

describe.each(BACKENDS)('StatisticsKeeper (%s)', (backend) => {
  it('analyses the event log once it passes 1,000 events and again each time it has grown fourfold', async () => {
    const db = await backends.open(backend);
    await migrate(db, MIGRATIONS);
    await db.query("INSERT INTO stores (id, name, created_at) VALUES ('stats', 'stats', now())");
    const sync = new SyncService(db, new ManualClock(1_750_000_000_000), { maxFutureSkewMs: Number.MAX_SAFE_INTEGER });
    const events = makeEvents('station-stats', 5_000);
    const pushUpTo = async (from: number, to: number) => {
      for (let i = from; i < to; i += 500) {
        const pushed = await sync.push('stats', { origin: 'station-stats', events: events.slice(i, Math.min(to, i + 500)) });
        if (!pushed.ok) throw new Error(pushed.error.message);
      }
      return sync.head('stats');
    };
    /** What the planner believes the table holds: -1 (PostgreSQL) or 0 until it is analysed. */
    const plannedRows = async () => Number((await db.query("SELECT reltuples FROM pg_class WHERE relname = 'events'"))[0]?.['reltuples']);
    const keeper = new StatisticsKeeper(db, silentLogger);

    keeper.observeHead(await pushUpTo(0, 900));
    await keeper.settled();
    expect(await plannedRows()).toBeLessThanOrEqual(0);

    keeper.observeHead(await pushUpTo(900, 1_200));
    await keeper.settled();
    expect(await plannedRows()).toBe(1_200);

    // Grown, but not fourfold: the statistics stay as they were.
    keeper.observeHead(await pushUpTo(1_200, 4_000));
    await keeper.settled();
    expect(await plannedRows()).toBe(1_200);

    keeper.observeHead(await pushUpTo(4_000, 5_000));
    await keeper.settled();
    expect(await plannedRows()).toBe(5_000);
    await db.close();
  });
});
