import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import type { DomainEvent } from '../shared/events.js';
import { ErrorResponse, PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { buildServerApp } from './app.js';
import { startCentralServer, type CentralServer } from './main.js';
import { http } from './testing/http.js';
import { makeEvents, newUuid } from './testing/make-events.js';

const TOKEN = 'test-sync-token-0123456789abcdef';
const NOW = 1_750_000_000_000;

describe('central sync server over HTTP', () => {
  let dataDir: string;
  let server: CentralServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pos-server-'));
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    server = await startCentralServer({ dataDir, syncToken: TOKEN, logger, clock: new ManualClock(NOW) });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const push = async (origin: string, events: DomainEvent[]) => {
    const reply = await http(`${server.url}/v1/sync/push`, { token: TOKEN, json: { origin, events } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return PushResponse.parse(reply.body);
  };
  const pull = async (cursor: number, limit: number) => {
    const reply = await http(`${server.url}/v1/sync/pull?cursor=${cursor}&limit=${limit}`, { token: TOKEN });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return PullResponse.parse(reply.body);
  };
  const expectError = (body: unknown, code: string) => {
    const parsed = ErrorResponse.parse(body);
    expect(parsed.error.code).toBe(code);
    return parsed.error.message;
  };

  it('answers /health without a token', async () => {
    const reply = await http(`${server.url}/health`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true });
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
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

    const empty = await pull(cursor, 1);
    expect(empty).toEqual({ events: [], nextCursor: cursor, upToDate: true, serverTime: NOW });
  });

  it('uses the default page when cursor and limit are empty', async () => {
    const page = await pull(0, 1000);
    const reply = await http(`${server.url}/v1/sync/pull?cursor=&limit=`, { token: TOKEN });
    expect(reply.status).toBe(200);
    expect(PullResponse.parse(reply.body).events).toEqual(page.events.slice(0, 200));
  });

  it('answers a re-pushed batch with duplicates and stores nothing new', async () => {
    const events = makeEvents('station-dup', 3);
    const first = await push('station-dup', events);
    const lastSeq = Math.max(...first.results.map((r) => (r.status === 'accepted' ? r.serverSeq : 0)));
    const again = await push('station-dup', events);
    expect(again.results).toEqual(events.map((e) => ({ id: e.id, seq: e.seq, status: 'duplicate' })));
    expect(await pull(lastSeq, 10)).toMatchObject({ events: [], upToDate: true });
  });

  it('rejects a gap with the seq it expects, and everything after it', async () => {
    const events = makeEvents('station-gap', 5);
    await push('station-gap', events.slice(0, 2));
    const pushed = await push('station-gap', [events[3]!, events[4]!]);
    expect(pushed.results).toEqual([
      { id: events[3]!.id, seq: 4, status: 'rejected', reason: expect.stringContaining('gap'), expectedSeq: 3 },
      { id: events[4]!.id, seq: 5, status: 'rejected', reason: expect.stringContaining('gap'), expectedSeq: 3 },
    ]);
    const healed = await push('station-gap', events.slice(2));
    expect(healed.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('rejects a seq that is already taken by a different event', async () => {
    const [original] = makeEvents('station-clash', 1);
    await push('station-clash', [original!]);
    const impostor = { ...original!, id: newUuid() };
    const pushed = await push('station-clash', [impostor]);
    expect(pushed.results).toEqual([{ id: impostor.id, seq: 1, status: 'rejected', reason: 'seq already used by another event' }]);
  });

  it('refuses a batch carrying another origin\'s event as a bad request', async () => {
    const events = [...makeEvents('station-a', 1), ...makeEvents('station-b', 1, { firstSeq: 2 })];
    const reply = await http(`${server.url}/v1/sync/push`, { token: TOKEN, json: { origin: 'station-a', events } });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toContain('events.1.origin');
    const retry = await push('station-a', events.slice(0, 1));
    expect(retry.results[0]?.status).toBe('accepted');
  });

  it.each([
    ['missing events', { origin: 'station-x' }, 'events'],
    ['empty events', { origin: 'station-x', events: [] }, 'events'],
    ['bad origin', { origin: 'Station X', events: makeEvents('station-x', 1) }, 'origin'],
    ['event id not a UUIDv7', { origin: 'station-x', events: [{ ...makeEvents('station-x', 1)[0]!, id: 'not-a-uuid' }] }, 'events.0.id: event id must be a UUIDv7'],
    ['missing payload field', { origin: 'station-x', events: [{ ...makeEvents('station-x', 1)[0]!, payload: {} }] }, 'events.0.payload'],
  ])('answers a malformed push (%s) with 400 and the failing path', async (_name, json, expected) => {
    const reply = await http(`${server.url}/v1/sync/push`, { token: TOKEN, json });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toContain(expected);
  });

  it('answers a body that is not JSON with 400', async () => {
    const reply = await http(`${server.url}/v1/sync/push`, { token: TOKEN, rawBody: '{"origin": "station-x", ' });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toMatch(/JSON/i);
    const text = await http(`${server.url}/v1/sync/push`, { token: TOKEN, rawBody: 'hello', contentType: 'text/plain' });
    expect(text.status).toBe(400);
    expect(expectError(text.body, 'bad_request')).toContain('(root)');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['cursor=-1', 'cursor'],
    ['cursor=abc', 'cursor'],
  ])('answers a malformed pull query (%s) with 400', async (query, expected) => {
    const reply = await http(`${server.url}/v1/sync/pull?${query}`, { token: TOKEN });
    expect(reply.status).toBe(400);
    expect(expectError(reply.body, 'bad_request')).toContain(expected);
  });

  it('answers 413 above the 1 MiB body limit', async () => {
    const reply = await http(`${server.url}/v1/sync/push`, { token: TOKEN, rawBody: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) });
    expect(reply.status).toBe(413);
    expectError(reply.body, 'payload_too_large');
  });

  it.each([
    ['no header', {}],
    ['wrong token', { authorization: 'Bearer wrong-token' }],
    ['token prefix only', { authorization: `Bearer ${TOKEN.slice(0, 10)}` }],
    ['basic scheme', { authorization: `Basic ${TOKEN}` }],
  ])('refuses /v1 with 401 (%s)', async (_name, headers) => {
    const pushReply = await http(`${server.url}/v1/sync/push`, { headers, json: { origin: 'station-auth', events: makeEvents('station-auth', 1) } });
    expect(pushReply.status).toBe(401);
    expect(pushReply.headers.get('www-authenticate')).toBe('Bearer');
    expectError(pushReply.body, 'unauthorized');
    const pullReply = await http(`${server.url}/v1/sync/pull`, { headers });
    expect(pullReply.status).toBe(401);
    expectError(pullReply.body, 'unauthorized');
  });

  it('answers unknown routes with 404 JSON', async () => {
    const reply = await http(`${server.url}/v2/nothing?x=1`, { token: TOKEN });
    expect(reply.status).toBe(404);
    expect(expectError(reply.body, 'not_found')).toBe('no route for GET /v2/nothing');
  });

  it('accepts exactly one of two concurrent pushes of the same batch', async () => {
    const events = makeEvents('station-race', 20);
    const [a, b] = await Promise.all([push('station-race', events), push('station-race', events)]);
    const statuses = [a, b].map((r) => [...new Set(r.results.map((x) => x.status))]);
    expect(statuses.sort()).toEqual([['accepted'], ['duplicate']]);
    const winner = statuses[0]![0] === 'accepted' ? a : b;
    const first = winner.results[0]!;
    expect(first.status).toBe('accepted');
    const page = await pull(first.status === 'accepted' ? first.serverSeq - 1 : 0, 100);
    expect(page.events.map((e) => e.event.id)).toEqual(events.map((e) => e.id));
  });

  it('logs requests with ids and event counts, never the token', () => {
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const pushed = entries.find((e) => e['msg'] === 'push processed' && e['origin'] === 'station-page');
    expect(pushed).toMatchObject({ events: 3, accepted: 3, duplicate: 0, rejected: 0, reqId: expect.any(String) });
    expect(entries.some((e) => e['msg'] === 'sync request refused' && e['reason'] === 'mismatch')).toBe(true);
    expect(logLines.join('\n')).not.toContain(TOKEN);
    expect(logLines.join('\n')).not.toContain(TOKEN.slice(0, 10));
  });
});

describe('unexpected failures', () => {
  it('answers 500 with a generic JSON error and logs the cause', async () => {
    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const app = buildServerApp({
      service: {
        push: () => Promise.reject(new Error('database on fire')),
        pull: () => Promise.reject(new Error('database on fire')),
      },
      clock: new ManualClock(NOW),
      syncToken: TOKEN,
      logger,
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const reply = await http(`${url}/v1/sync/pull`, { token: TOKEN });
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
      expect(logLines.some((line) => line.includes('database on fire') && line.includes('"level":50'))).toBe(true);
    } finally {
      await app.close();
    }
  });
});
