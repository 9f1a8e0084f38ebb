import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { ErrorResponse, PullResponse, PushResponse, WhoAmI } from '../shared/sync/protocol.js';
import type { Database } from './db/database.js';
import { openPgliteDatabase } from './db/pglite.js';
import { startCentralServer, type CentralServer } from './main.js';
import { ADMIN_TOKEN, channelKey, createStore, stationToken } from './testing/admin.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http } from './testing/http.js';
import { makeEvents, newUuid } from './testing/make-events.js';

const NOW = 1_750_000_000_000;
const STORE = 'cafe';
const backends = testBackends();
afterAll(() => backends.dispose());

const expectError = (body: unknown, code: string) => {
  const parsed = ErrorResponse.parse(body);
  expect(parsed.error.code).toBe(code);
  return parsed.error.message;
};

describe.each(BACKENDS)('central sync server over HTTP (%s)', (backend) => {
  let server: CentralServer;
  const logLines: string[] = [];
  /** One credential per station id, issued on first use. */
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger,
      clock: new ManualClock(NOW),
      rateLimit: false,
    });
    await createStore(server.url, STORE);
  });
  afterAll(async () => {
    await server?.close();
  });

  const tokenFor = async (origin: string, store = STORE) => {
    const key = `${store}/${origin}`;
    let token = tokens.get(key);
    if (!token) {
      token = await stationToken(server.url, store, origin);
      tokens.set(key, token);
    }
    return token;
  };
  const pushUrl = (store = STORE) => `${server.url}/v1/stores/${store}/sync/push`;
  const pullUrl = (query: string, store = STORE) => `${server.url}/v1/stores/${store}/sync/pull?${query}`;
  const push = async (origin: string, events: readonly unknown[], store = STORE) => {
    const reply = await http(pushUrl(store), { token: await tokenFor(origin, store), json: { origin, events } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return PushResponse.parse(reply.body);
  };
  const pull = async (cursor: number, limit: number, store = STORE) => {
    const reply = await http(pullUrl(`cursor=${cursor}&limit=${limit}`, store), { token: await tokenFor('station-reader', store) });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return PullResponse.parse(reply.body);
  };

  it('answers /health and /ready without a token', async () => {
    const reply = await http(`${server.url}/health`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true });
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await http(`${server.url}/ready`)).body).toEqual({ ready: true });
  });

  it('tells a credential who it is', async () => {
    const token = await tokenFor('station-me');
    const me = WhoAmI.parse((await http(`${server.url}/v1/auth/me`, { token })).body);
    expect(me).toMatchObject({ kind: 'station', storeId: STORE, stationId: 'station-me' });
  });

  it('accepts a batch and pages it back one event at a time', async () => {
    const events = makeEvents('station-page', 3);
    const pushed = await push('station-page', events);
    expect(pushed.serverTime).toBe(NOW);
    expect(pushed.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const serverSeqs = pushed.results.map((r) => (r.status === 'accepted' ? r.serverSeq : -1));
    expect(serverSeqs[1]).toBe(serverSeqs[0]! + 1);
    expect(serverSeqs[2]).toBe(serverSeqs[0]! + 2);

    let cursor = serverSeqs[0]! - 1;
    const pages: PullResponse[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await pull(cursor, 1);
      pages.push(page);
      cursor = page.nextCursor;
    }
    expect(pages.map((p) => p.events.map((e) => e.serverSeq))).toEqual(serverSeqs.map((s) => [s]));
    expect(pages.map((p) => p.events[0]?.event)).toEqual(events);
    expect(pages.map((p) => p.upToDate)).toEqual([false, false, true]);
    expect(pages.map((p) => p.serverTime)).toEqual([NOW, NOW, NOW]);
    expect(await pull(cursor, 1)).toEqual({ events: [], nextCursor: cursor, upToDate: true, head: cursor, serverTime: NOW });
  });

  it('uses the default page when cursor and limit are empty', async () => {
    const page = await pull(0, 1000);
    const reply = await http(pullUrl('cursor=&limit='), { token: await tokenFor('station-reader') });
    expect(reply.status).toBe(200);
    expect(PullResponse.parse(reply.body).events).toEqual(page.events.slice(0, 200));
  });

  it('keeps stores apart: the same station id in two stores has two logs', async () => {
    await createStore(server.url, 'bakery');
    const inCafe = makeEvents('station-1', 2);
    const inBakery = makeEvents('station-1', 2);
    expect((await push('station-1', inCafe)).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect((await push('station-1', inBakery, 'bakery')).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const bakery = await pull(0, 1000, 'bakery');
    expect(bakery.events.map((e) => e.event.id)).toEqual(inBakery.map((e) => e.id));
    const cafe = await pull(0, 1000);
    expect(cafe.events.map((e) => e.event.id)).not.toContain(inBakery[0]!.id);
  });

  it('answers a re-pushed batch with duplicates and stores nothing new', async () => {
    const events = makeEvents('station-dup', 3);
    const first = await push('station-dup', events);
    const lastSeq = Math.max(...first.results.map((r) => (r.status === 'accepted' ? r.serverSeq : 0)));
    const again = await push('station-dup', events);
    expect(again.results).toEqual(events.map((e) => ({ id: e.id, seq: e.seq, status: 'duplicate' })));
    expect(await pull(lastSeq, 10)).toMatchObject({ events: [], upToDate: true });
  });

  it('rejects a gap with the seq it expects and a retryable code, and everything after it', async () => {
    const events = makeEvents('station-gap', 5);
    await push('station-gap', events.slice(0, 2));
    const pushed = await push('station-gap', [events[3]!, events[4]!]);
    expect(pushed.results).toEqual([
      { id: events[3]!.id, seq: 4, status: 'rejected', code: 'seq_gap', reason: expect.stringContaining('gap'), expectedSeq: 3 },
      { id: events[4]!.id, seq: 5, status: 'rejected', code: 'seq_gap', reason: expect.stringContaining('gap'), expectedSeq: 3 },
    ]);
    const healed = await push('station-gap', events.slice(2));
    expect(healed.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('rejects a seq that is already taken by a different event', async () => {
    const [original] = makeEvents('station-clash', 1);
    await push('station-clash', [original!]);
    const impostor = { ...original!, id: newUuid() };
    const pushed = await push('station-clash', [impostor]);
    expect(pushed.results).toEqual([
      { id: impostor.id, seq: 1, status: 'rejected', code: 'seq_conflict', reason: 'seq already used by another event' },
    ]);
  });

  it('rejects an invalid event alone: the rest of the batch is accepted, and the verdict is stable', async () => {
    const events = makeEvents('station-poison', 3);
    const poisoned = { ...events[1]!, payload: { ...events[1]!.payload, quantity: -5 } };
    const first = await push('station-poison', [events[0]!, poisoned, events[2]!]);
    expect(first.results.map((r) => (r.status === 'rejected' ? `${r.status}:${r.code}` : r.status))).toEqual([
      'accepted',
      'rejected:invalid_event',
      'accepted',
    ]);
    const rejection = first.results[1]!;
    expect(rejection.status === 'rejected' && rejection.reason).toContain('quantity');
    const again = await push('station-poison', [poisoned]);
    expect(again.results).toEqual([rejection]);
  });

  it('rejects an event type it does not know as unsupported and keeps its seq open', async () => {
    const events = makeEvents('station-future', 2);
    const unknown = { ...events[0]!, type: 'HologramProjected', v: 1, payload: {} };
    const pushed = await push('station-future', [unknown, events[1]!]);
    expect(pushed.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['unsupported_event', 'seq_gap']);
    expect((await push('station-future', events)).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
  });

  it("refuses a batch carrying another origin's event as a bad request", async () => {
    const events = [...makeEvents('station-a', 1), ...makeEvents('station-b', 1, { firstSeq: 2 })];
    const reply = await http(pushUrl(), { token: await tokenFor('station-a'), json: { origin: 'station-a', events } });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toContain('events.1.origin');
    const retry = await push('station-a', events.slice(0, 1));
    expect(retry.results[0]?.status).toBe('accepted');
  });

  it.each([
    ['missing events', { origin: 'station-x' }, 'events'],
    ['empty events', { origin: 'station-x', events: [] }, 'events'],
    ['bad origin', { origin: 'Station X', events: makeEvents('station-x', 1) }, 'origin'],
    [
      'event id not a UUIDv7',
      { origin: 'station-x', events: [{ ...makeEvents('station-x', 1)[0]!, id: 'not-a-uuid' }] },
      'events.0.id: event id must be a UUIDv7',
    ],
    ['seq missing', { origin: 'station-x', events: [{ ...makeEvents('station-x', 1)[0]!, seq: undefined }] }, 'events.0.seq'],
  ])('answers a malformed push (%s) with 400 and the failing path', async (_name, json, expected) => {
    const reply = await http(pushUrl(), { token: await tokenFor('station-x'), json });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toContain(expected);
  });

  it('answers a body that is not JSON with 400', async () => {
    const token = await tokenFor('station-x');
    const reply = await http(pushUrl(), { token, rawBody: '{"origin": "station-x", ' });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toMatch(/JSON/i);
    const text = await http(pushUrl(), { token, rawBody: 'hello', contentType: 'text/plain' });
    expect(text.status).toBe(400);
    expect(expectError(text.body, 'bad_request')).toContain('(root)');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['cursor=-1', 'cursor'],
    ['cursor=abc', 'cursor'],
    ['waitMs=40000', 'waitMs'],
    ['exceptOrigin=station-a', 'exceptThroughSeq'],
    ['exceptThroughSeq=3', 'exceptThroughSeq'],
    ['exceptOrigin=Not%20An%20Origin&exceptThroughSeq=3', 'exceptOrigin'],
    ['exceptOrigin=station-a&exceptThroughSeq=-1', 'exceptThroughSeq'],
  ])('answers a malformed pull query (%s) with 400', async (query, expected) => {
    const reply = await http(pullUrl(query), { token: await tokenFor('station-reader') });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toContain(expected);
  });

  it('answers 413 above the 1 MiB body limit', async () => {
    const reply = await http(pushUrl(), { token: await tokenFor('station-x'), rawBody: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) });
    expect(reply.status).toBe(413);
    expectError(reply.body, 'payload_too_large');
  });

  it.each([
    ['no header', {}],
    ['wrong token', { authorization: 'Bearer pos_st_wrong-token' }],
    ['basic scheme', { authorization: 'Basic abc' }],
  ])('refuses /v1 with 401 (%s)', async (_name, headers) => {
    const pushReply = await http(pushUrl(), { headers, json: { origin: 'station-auth', events: makeEvents('station-auth', 1) } });
    expect(pushReply.status).toBe(401);
    expect(pushReply.headers.get('www-authenticate')).toBe('Bearer');
    expectError(pushReply.body, 'unauthorized');
    const pullReply = await http(pullUrl('cursor=0'), { headers });
    expect(pullReply.status).toBe(401);
  });

  it('refuses a credential of another store, another station id, another kind and the admin token', async () => {
    const events = makeEvents('station-own', 1);
    await createStore(server.url, 'elsewhere');
    const foreign = await tokenFor('station-own', 'elsewhere');
    const wrongStore = await http(pushUrl(), { token: foreign, json: { origin: 'station-own', events } });
    expect(wrongStore.status).toBe(403);
    expect(expectError(wrongStore.body, 'wrong_store')).toContain('"elsewhere"');
    expect((await http(pullUrl('cursor=0'), { token: foreign })).status).toBe(403);

    const other = await tokenFor('station-other');
    const impersonating = await http(pushUrl(), { token: other, json: { origin: 'station-own', events } });
    expect(impersonating.status).toBe(403);
    expectError(impersonating.body, 'origin_mismatch');

    const { token: webKey } = await channelKey(server.url, STORE, 'web');
    expect((await http(pushUrl(), { token: webKey, json: { origin: 'web', events: makeEvents('web', 1) } })).status).toBe(403);
    expect((await http(pullUrl('cursor=0'), { token: ADMIN_TOKEN })).status).toBe(403);
    // Nothing of it was stored.
    expect((await push('station-own', events)).results[0]?.status).toBe('accepted');
  });

  it('stops honouring a revoked credential', async () => {
    const token = await stationToken(server.url, STORE, 'station-revoked');
    expect((await http(pullUrl('cursor=0'), { token })).status).toBe(200);
    const list = await http(`${server.url}/v1/admin/stores/${STORE}/credentials`, { token: ADMIN_TOKEN });
    const credential = (list.body as { credentials: { id: string; subject: string | null }[] }).credentials.find(
      (c) => c.subject === 'station-revoked',
    );
    const revoked = await http(`${server.url}/v1/admin/credentials/${credential!.id}/revoke`, {
      token: ADMIN_TOKEN,
      method: 'POST',
      json: {},
    });
    expect(revoked.status).toBe(200);
    expect((await http(pullUrl('cursor=0'), { token })).status).toBe(401);
  });

  it('refuses admin routes without the admin token', async () => {
    const token = await tokenFor('station-x');
    const reply = await http(`${server.url}/v1/admin/stores`, { token, json: { id: 'sneaky', name: 'Sneaky' } });
    expect(reply.status).toBe(403);
    expect((await http(`${server.url}/v1/admin/stores`, {})).status).toBe(401);
    expect(
      ((await http(`${server.url}/v1/admin/stores`, { token: ADMIN_TOKEN })).body as { stores: { id: string }[] }).stores.map((s) => s.id),
    ).not.toContain('sneaky');
  });

  it('answers unknown routes with 404 JSON', async () => {
    const reply = await http(`${server.url}/v2/nothing?x=1`);
    expect(reply.status).toBe(404);
    expect(expectError(reply.body, 'not_found')).toBe('no route for GET /v2/nothing');
  });

  it('accepts exactly one of two concurrent pushes of the same batch', async () => {
    const events = makeEvents('station-race', 20);
    const [a, b] = await Promise.all([push('station-race', events), push('station-race', events)]);
    const statuses = [a, b].map((r) => [...new Set(r.results.map((x) => x.status))]);
    const winner = statuses[0]![0] === 'accepted' ? a : b;
    expect([...statuses].sort()).toEqual([['accepted'], ['duplicate']]);
    const first = winner.results[0]!;
    const page = await pull(first.status === 'accepted' ? first.serverSeq - 1 : 0, 100);
    expect(page.events.map((e) => e.event.id)).toEqual(events.map((e) => e.id));
  });

  it('logs requests with ids and event counts, never a token', () => {
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const pushed = entries.find((e) => e['msg'] === 'push processed' && e['origin'] === 'station-page');
    expect(pushed).toMatchObject({ events: 3, accepted: 3, duplicate: 0, rejected: 0, reqId: expect.any(String), storeId: STORE });
    expect(entries.some((e) => e['msg'] === 'event rejected' && e['code'] === 'invalid_event' && typeof e['eventId'] === 'string')).toBe(
      true,
    );
    expect(entries.some((e) => e['msg'] === 'request refused: not authenticated')).toBe(true);
    const all = logLines.join('\n');
    for (const token of [...tokens.values(), ADMIN_TOKEN]) expect(all).not.toContain(token);
  });
});

describe('unexpected failures', () => {
  it('answers 500 with a generic JSON error and logs the cause', async () => {
    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const real = await openPgliteDatabase();
    let broken = false;
    const fail = () => Promise.reject(new Error('database on fire'));
    const database: Database = {
      ...real,
      query: (sql, params) => (broken ? fail() : real.query(sql, params)),
      transaction: (fn) => (broken ? fail() : real.transaction(fn)),
    };
    const server = await startCentralServer({
      database,
      logger,
      adminToken: ADMIN_TOKEN,
      bootstrap: { storeId: 'broken', stations: [{ stationId: 'station-1', token: 'station-secret-0123456789' }] },
    });
    try {
      const healthy = await http(`${server.url}/v1/stores/broken/sync/pull`, { token: 'station-secret-0123456789' });
      expect(healthy.status).toBe(200);
      // Break the storage underneath the running server; the credential is still cached.
      broken = true;
      const reply = await http(`${server.url}/v1/stores/broken/sync/pull?cursor=0`, {
        token: 'station-secret-0123456789',
        headers: { 'x-request-id': 'req-broken-0001' },
      });
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
      expect(
        logLines.some((line) => line.includes('req-broken-0001') && line.includes('database on fire') && line.includes('"level":50')),
      ).toBe(true);
      // Readiness is open to anyone: it says the database is unavailable, never why (the log does).
      const ready = await http(`${server.url}/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ ready: false, reason: 'database unavailable' });
      expect(logLines.some((line) => line.includes('readiness check failed') && line.includes('database on fire'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
