import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { MIGRATIONS } from './db/migrations.js';
import { EVENTS_CHANNEL, SyncService } from './sync-service.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { makeEvents } from './testing/make-events.js';

const STORE = 'append-store';
const backends = testBackends();
afterAll(() => backends.dispose());

/** The single-statement append: columns, order, origin head and the commit notification. */
describe.each(BACKENDS)('batch append (%s)', (backend) => {
  let db: Database;
  let service: SyncService;
  const notifications: string[] = [];

  beforeAll(async () => {
    db = await backends.open(backend);
    await migrate(db, MIGRATIONS);
    await db.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $1, now())', [STORE]);
    await db.listen(EVENTS_CHANNEL, { onNotify: (payload) => notifications.push(payload) });
    service = new SyncService(db, new ManualClock(1_750_000_000_000));
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Notifications arrive asynchronously after commit; wait for a count instead of sleeping blindly. */
  const notified = async (count: number) => {
    for (let i = 0; i < 200 && notifications.length < count; i++) await new Promise((done) => setTimeout(done, 10));
    return notifications;
  };

  it('stores a full batch in seq order with key columns equal to the body, moves the head and notifies once', async () => {
    const events = makeEvents('append-full', 500);
    const outcome = await service.push(STORE, { origin: 'append-full', events: [...events].reverse() });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.value.results.every((r) => r.status === 'accepted')).toBe(true);
    expect(outcome.value.accepted.map((e) => e.seq)).toEqual(events.map((e) => e.seq));

    const rows = await db.query(
      `SELECT server_seq, event_id::text AS event_id, seq, order_id::text AS order_id, hlc, type, v, body
       FROM events WHERE store_id = $1 AND origin = 'append-full' ORDER BY server_seq`,
      [STORE],
    );
    expect(rows.map((row) => Number(row['seq']))).toEqual(events.map((e) => e.seq));
    rows.forEach((row, i) => {
      const event = events[i]!;
      expect([row['event_id'], row['order_id'], row['hlc'], row['type'], Number(row['v'])]).toEqual([
        event.id,
        event.orderId,
        event.hlc,
        event.type,
        event.v,
      ]);
      expect(row['body']).toEqual(event);
    });
    const [head] = await db.query("SELECT last_seq, last_hlc FROM origin_heads WHERE store_id = $1 AND origin = 'append-full'", [STORE]);
    expect([Number(head?.['last_seq']), head?.['last_hlc']]).toEqual([500, events.at(-1)!.hlc]);

    const newest = Math.max(...rows.map((row) => Number(row['server_seq'])));
    expect(await notified(1)).toEqual([`${STORE} ${newest}`]);
  });

  it('sends no notification and keeps the head when a batch stores nothing new', async () => {
    const events = makeEvents('append-again', 3);
    await service.push(STORE, { origin: 'append-again', events });
    const before = (await notified(2)).length;
    const again = await service.push(STORE, { origin: 'append-again', events });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    // A later push that stores something proves the quiet one was not merely slow to arrive.
    await service.push(STORE, { origin: 'append-again', events: makeEvents('append-again', 1, { firstSeq: 4 }) });
    expect((await notified(before + 1)).length).toBe(before + 1);
    const [head] = await db.query("SELECT last_seq FROM origin_heads WHERE store_id = $1 AND origin = 'append-again'", [STORE]);
    expect(Number(head?.['last_seq'])).toBe(4);
  });

  it('rejects an id another origin already used even when the batch continues the head, and the seq is consumed', async () => {
    const [theirs] = makeEvents('append-owner', 1);
    await service.push(STORE, { origin: 'append-owner', events: [theirs!] });
    await service.push(STORE, { origin: 'append-thief', events: makeEvents('append-thief', 1) });
    const [second, third] = makeEvents('append-thief', 2, { firstSeq: 2 });
    const stolen = { ...second!, id: theirs!.id };
    const outcome = await service.push(STORE, { origin: 'append-thief', events: [stolen, third!] });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.value.results.map((r) => [r.seq, r.status, r.status === 'rejected' ? r.code : undefined])).toEqual([
      [2, 'rejected', 'event_id_conflict'],
      [3, 'accepted', undefined],
    ]);
    // The verdict is stored: the same push again answers the same, and nothing is stored twice.
    const again = await service.push(STORE, { origin: 'append-thief', events: [stolen, third!] });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.results.map((r) => r.status)).toEqual(['rejected', 'duplicate']);
    const [count] = await db.query("SELECT count(*)::int AS n FROM events WHERE store_id = $1 AND origin = 'append-thief'", [STORE]);
    expect(count?.['n']).toBe(2);
  });

  it('stores each event once when the same next batch races itself', async () => {
    await service.push(STORE, { origin: 'append-race', events: makeEvents('append-race', 1) });
    const batch = makeEvents('append-race', 50, { firstSeq: 2 });
    const outcomes = await Promise.all([1, 2, 3].map(() => service.push(STORE, { origin: 'append-race', events: batch })));
    const statuses = outcomes.map((o) => (o.ok ? [...new Set(o.value.results.map((r) => r.status))].join() : o.error.message));
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(2);
    const [count] = await db.query(
      "SELECT count(*)::int AS n, count(DISTINCT seq)::int AS seqs FROM events WHERE store_id = $1 AND origin = 'append-race'",
      [STORE],
    );
    expect(count).toEqual({ n: 51, seqs: 51 });
  });
});
