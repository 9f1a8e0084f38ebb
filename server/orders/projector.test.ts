import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { MIGRATIONS } from '../db/migrations.js';
import { SyncService } from '../sync-service.js';
import { BACKENDS, testBackends } from '../testing/backends.js';
import { makeEvents } from '../testing/make-events.js';
import { OrderProjector } from './projector.js';

const STORE = 'projector-store';
const backends = testBackends();
afterAll(() => backends.dispose());

describe.each(BACKENDS)('order projection (%s)', (backend) => {
  let db: Database;
  let projector: OrderProjector;
  const clock = new ManualClock(1_750_000_000_000);

  beforeAll(async () => {
    db = await backends.open(backend);
    await migrate(db, MIGRATIONS);
    await db.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $1, now())', [STORE]);
    projector = new OrderProjector(db, clock, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('folds a log longer than one page into one row per order and moves the cursor to the head', async () => {
    // 1,200 events = 120 orders of 10; an order straddles the first page boundary (events 491-500 | 501-...).
    const events = makeEvents('projector-origin', 1_200, { eventsPerOrder: 10 });
    const sync = new SyncService(db, clock);
    for (let from = 0; from < events.length; from += 500) {
      const pushed = await sync.push(STORE, { origin: 'projector-origin', events: events.slice(from, from + 500) });
      if (!pushed.ok) throw new Error(pushed.error.message);
    }
    expect(await projector.projectPage(STORE)).toBe(500);
    expect(await projector.projectPage(STORE)).toBe(500);
    expect(await projector.projectPage(STORE)).toBe(200);
    expect(await projector.projectPage(STORE)).toBe(0);

    const [cursor] = await db.query('SELECT cursor FROM projector_cursors WHERE store_id = $1', [STORE]);
    const [head] = await db.query('SELECT max(server_seq) AS head FROM events WHERE store_id = $1', [STORE]);
    expect(Number(cursor?.['cursor'])).toBe(Number(head?.['head']));

    const orders = await db.query('SELECT order_id::text AS order_id, status, view FROM orders WHERE store_id = $1', [STORE]);
    expect(orders).toHaveLength(120);
    const orderIds = new Set(events.map((e) => e.orderId));
    for (const row of orders) {
      expect(orderIds.has(String(row['order_id']))).toBe(true);
      expect(row['status']).toBe('open');
      // Every order has its opening event and nine lines, across page boundaries too.
      expect((row['view'] as { lines: unknown[] }).lines).toHaveLength(9);
    }
  });

  it.runIf(backend === 'postgres')('leaves a store alone while another instance holds its cursor', async () => {
    const sync = new SyncService(db, clock);
    await sync.push(STORE, { origin: 'projector-busy', events: makeEvents('projector-busy', 3) });
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    let locked!: () => void;
    const lockTaken = new Promise<void>((done) => (locked = done));
    const other = db.transaction(async (tx) => {
      await tx.query('SELECT cursor FROM projector_cursors WHERE store_id = $1 FOR UPDATE', [STORE]);
      locked();
      await held;
    });
    await lockTaken;
    expect(await projector.projectPage(STORE)).toBe(0);
    release();
    await other;
    expect(await projector.projectPage(STORE)).toBe(3);
  });
});
