import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { encodeHlc } from '../shared/hlc.js';
import { PullResponse, type PushBatch } from '../shared/sync/protocol.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { MIGRATIONS } from './db/migrations.js';
import { pullResponseJson, SyncService } from './sync-service.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { makeEvents, newUuid } from './testing/make-events.js';

const STORE = 'svc-store';
const backends = testBackends();
afterAll(() => backends.dispose());

describe.each(BACKENDS)('SyncService (%s)', (backend) => {
  let db: Database;
  let service: SyncService;
  const clock = new ManualClock(1_750_000_000_000);

  beforeAll(async () => {
    db = await backends.open(backend);
    await migrate(db, MIGRATIONS);
    for (const store of [STORE, 'other-store']) await db.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $1, now())', [store]);
    service = new SyncService(db, clock, { maxFutureSkewMs: 60_000 });
  });
  afterAll(async () => {
    await db?.close();
  });

  const pushOk = async (origin: string, events: PushBatch['events'], store = STORE) => {
    const outcome = await service.push(store, { origin, events });
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value.results;
  };

  it('applies a batch in seq order but answers in request order', async () => {
    const [e1, e2, e3] = makeEvents('svc-order', 3);
    const results = await pushOk('svc-order', [e3!, e1!, e2!]);
    expect(results.map((r) => [r.seq, r.status])).toEqual([
      [3, 'accepted'],
      [1, 'accepted'],
      [2, 'accepted'],
    ]);
    const serverSeq = (i: number) => {
      const r = results[i]!;
      return r.status === 'accepted' ? r.serverSeq : NaN;
    };
    expect(serverSeq(2)).toBe(serverSeq(1) + 1);
    expect(serverSeq(0)).toBe(serverSeq(1) + 2);
  });

  it('treats the same event twice in one batch as accepted then duplicate', async () => {
    const [e1] = makeEvents('svc-twice', 1);
    expect((await pushOk('svc-twice', [e1!, e1!])).map((r) => r.status)).toEqual(['accepted', 'duplicate']);
  });

  it('rejects an event id another origin already used; the seq is consumed so later events flow', async () => {
    const [theirs] = makeEvents('svc-owner', 1);
    await pushOk('svc-owner', [theirs!]);
    const [mine1, mine2] = makeEvents('svc-copier', 2);
    const results = await pushOk('svc-copier', [{ ...mine1!, id: theirs!.id }, mine2!]);
    expect(results).toEqual([
      { id: theirs!.id, seq: 1, status: 'rejected', code: 'event_id_conflict', reason: 'event id already used by another event' },
      { id: mine2!.id, seq: 2, status: 'accepted', serverSeq: expect.any(Number) },
    ]);
    const [head] = await db.query("SELECT last_seq FROM origin_heads WHERE store_id = $1 AND origin = 'svc-copier'", [STORE]);
    expect(Number(head?.['last_seq'])).toBe(2);
  });

  it('quarantines an event stamped too far in the future and keeps the rest', async () => {
    const events = makeEvents('svc-skew', 2);
    const ahead = { ...events[0]!, hlc: encodeHlc({ wallMs: clock.now() + 3_600_000, counter: 0 }) };
    const results = await pushOk('svc-skew', [ahead, events[1]!]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['clock_skew', 'accepted']);
    const [row] = await db.query("SELECT code FROM rejected_events WHERE store_id = $1 AND origin = 'svc-skew'", [STORE]);
    expect(row?.['code']).toBe('clock_skew');
  });

  it('stores nothing when an event claims another origin', async () => {
    const events = makeEvents('svc-mixed', 2);
    const outcome = await service.push(STORE, { origin: 'svc-mixed', events: [events[0]!, { ...events[1]!, origin: 'svc-other' }] });
    expect(outcome).toEqual({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('events.1.origin') } });
    const rows = await db.query("SELECT count(*)::int AS n FROM events WHERE origin = 'svc-mixed'");
    expect(rows[0]?.['n']).toBe(0);
  });

  it('stamps received_at from the injected clock and advances the origin head', async () => {
    clock.set(Date.UTC(2025, 0, 2, 3, 4, 5));
    await pushOk('svc-clock', makeEvents('svc-clock', 2));
    const [event] = await db.query("SELECT received_at FROM events WHERE origin = 'svc-clock' AND seq = 1");
    expect(event?.['received_at']).toEqual(new Date(Date.UTC(2025, 0, 2, 3, 4, 5)));
    const [head] = await db.query("SELECT last_seq FROM origin_heads WHERE origin = 'svc-clock'");
    expect(Number(head?.['last_seq'])).toBe(2);
    clock.set(1_750_000_000_000);
  });

  it('keeps concurrent pushes of different origins gapless per origin', async () => {
    const origins = ['svc-c1', 'svc-c2', 'svc-c3'];
    const batches = origins.map((origin) => makeEvents(origin, 30));
    await Promise.all(batches.flatMap((events, i) => [0, 10, 20].map((from) => pushOk(origins[i]!, events.slice(0, from + 10)))));
    for (const origin of origins) {
      const rows = await db.query('SELECT seq FROM events WHERE origin = $1 ORDER BY server_seq', [origin]);
      expect(rows.map((r) => Number(r['seq']))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
  });

  it("pages one store's log with a cursor and reports upToDate on the last page", async () => {
    const tail = await service.pull(STORE, 0, 1000);
    expect(tail.upToDate).toBe(true);
    const events = makeEvents('svc-pull', 5);
    await pushOk('svc-pull', events);
    await pushOk('svc-pull', makeEvents('svc-pull', 3), 'other-store');
    const first = await service.pull(STORE, tail.nextCursor, 2);
    const second = await service.pull(STORE, first.nextCursor, 2);
    const third = await service.pull(STORE, second.nextCursor, 2);
    expect([first, second, third].map((p) => p.upToDate)).toEqual([false, false, true]);
    // Every page tells the store's head, so a puller knows how far behind it is.
    expect([first, second, third].map((p) => p.head)).toEqual([third.nextCursor, third.nextCursor, third.nextCursor]);
    expect([first, second, third].flatMap((p) => p.events.map((e) => JSON.parse(e.body) as unknown))).toEqual(events);
    expect(await service.pull(STORE, third.nextCursor, 2)).toEqual({
      events: [],
      nextCursor: third.nextCursor,
      upToDate: true,
      head: third.nextCursor,
    });
    expect(await service.head(STORE)).toBe(third.nextCursor);
    expect((await service.pull('other-store', 0, 10)).events).toHaveLength(3);
  });

  it('renders a page as the PullResponse the stations validate, bodies spliced in as stored', async () => {
    const events = makeEvents('svc-wire', 3);
    await pushOk('svc-wire', events);
    const [row] = await db.query('SELECT min(server_seq) AS first FROM events WHERE origin = $1', ['svc-wire']);
    const page = await service.pull(STORE, Number(row?.['first']) - 1, 2);
    const wire = PullResponse.parse(JSON.parse(pullResponseJson(page, 1234)));
    expect(wire).toEqual({
      events: page.events.map((e, i) => ({ serverSeq: e.serverSeq, event: events[i] })),
      nextCursor: page.nextCursor,
      upToDate: false,
      head: page.head,
      serverTime: 1234,
    });
    const empty = await service.pull(STORE, page.head!, 2);
    expect(JSON.parse(pullResponseJson(empty, 1))).toEqual({
      events: [],
      nextCursor: page.head,
      upToDate: true,
      head: page.head,
      serverTime: 1,
    });
  });

  it('leaves out the events a puller holds (its own up to a seq) and moves its cursor past them', async () => {
    const start = await service.head(STORE);
    const mine = makeEvents('svc-mine', 6);
    const theirs = makeEvents('svc-theirs', 2);
    await pushOk('svc-mine', mine.slice(0, 3));
    await pushOk('svc-theirs', theirs.slice(0, 1));
    await pushOk('svc-mine', mine.slice(3));
    await pushOk('svc-theirs', theirs.slice(1));
    const except = { origin: 'svc-mine', throughSeq: 4 };
    const bodies = (page: { events: { body: string }[] }) => page.events.map((e) => JSON.parse(e.body) as unknown);

    // Held: svc-mine 1..4. Sent: everyone else's, and svc-mine's 5 and 6 (lost by a restored station).
    const all = await service.pull(STORE, start, 1000, except);
    expect(bodies(all)).toEqual([theirs[0], mine[4], mine[5], theirs[1]]);
    expect(all).toMatchObject({ upToDate: true, nextCursor: all.head });

    // Paged: a full page ends at its last event; the last one reaches the head past skipped events.
    const first = await service.pull(STORE, start, 2, except);
    expect(bodies(first)).toEqual([theirs[0], mine[4]]);
    expect(first.upToDate).toBe(false);
    expect(first.nextCursor).toBe(first.events[1]!.serverSeq);
    const second = await service.pull(STORE, first.nextCursor, 2, except);
    expect(bodies(second)).toEqual([mine[5], theirs[1]]);
    const last = await service.pull(STORE, second.nextCursor, 2, except);
    expect(last).toEqual({ events: [], nextCursor: all.head, upToDate: true, head: all.head });

    // Only skipped events left after the cursor: an empty page that still moves the cursor to the head.
    await pushOk('svc-mine', makeEvents('svc-mine', 2, { firstSeq: 7 }));
    const head = await service.head(STORE);
    expect(await service.pull(STORE, all.head!, 10, { origin: 'svc-mine', throughSeq: 8 })).toEqual({
      events: [],
      nextCursor: head,
      upToDate: true,
      head,
    });
    // Another store's log is not this store's head.
    expect((await service.pull('other-store', 0, 10, except)).head).not.toBe(head);
  });

  it('rejects out-of-range pull arguments as programming errors', async () => {
    await expect(service.pull(STORE, -1, 10)).rejects.toThrow(RangeError);
    await expect(service.pull(STORE, 0, 0)).rejects.toThrow(RangeError);
    await expect(service.pull(STORE, 0, 1001)).rejects.toThrow(RangeError);
  });

  it('gives a fresh id that is not in the log a clean accept', async () => {
    const [event] = makeEvents('svc-fresh', 1);
    const results = await pushOk('svc-fresh', [{ ...event!, id: newUuid() }]);
    expect(results[0]?.status).toBe('accepted');
  });
});
