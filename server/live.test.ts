import { wsText } from './testing/ws-text.js';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveMessage, PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { openPostgresDatabase } from './db/postgres.js';
import { startCentralServer, type CentralServer } from './main.js';
import { ADMIN_TOKEN, channelKey, stationToken } from './testing/admin.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http } from './testing/http.js';
import { makeEvents } from './testing/make-events.js';

const silent = pino({ level: 'silent' });
const backends = testBackends();
afterAll(() => backends.dispose());

interface LiveClient {
  messages: LiveMessage[];
  /** Resolves with the first message (already received or future) that matches. */
  next(match: (m: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  closed: Promise<number>;
  close(): void;
}

function connect(url: string, store: string, token: string): Promise<LiveClient> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/stores/${store}/live`, { headers: { authorization: `Bearer ${token}` } });
  const messages: LiveMessage[] = [];
  const waiters: { match: (m: LiveMessage) => boolean; done: (m: LiveMessage) => void }[] = [];
  ws.on('message', (data) => {
    const message = LiveMessage.parse(JSON.parse(wsText(data)));
    messages.push(message);
    for (const w of [...waiters]) if (w.match(message)) w.done(message);
  });
  const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        messages,
        closed,
        close: () => ws.close(),
        next: (match, timeoutMs = 5_000) => {
          const found = messages.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((done, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)),
              timeoutMs,
            );
            waiters.push({ match, done: (m) => (clearTimeout(timer), done(m)) });
          });
        },
      }),
    );
  });
}

async function push(url: string, store: string, token: string, origin: string, events: unknown[]): Promise<PushResponse> {
  const reply = await http(`${url}/v1/stores/${store}/sync/push`, { token, json: { origin, events } });
  if (reply.status !== 200) throw new Error(`push answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return PushResponse.parse(reply.body);
}

const acceptedSeq = (r: PushResponse) => Math.max(...r.results.map((x) => (x.status === 'accepted' ? x.serverSeq : 0)));

describe.each(BACKENDS)('live pokes (%s)', (backend) => {
  it('says ready with the store head, pokes after a push, and refuses strangers', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
    });
    try {
      const reader = await stationToken(server.url, 'live', 'station-reader');
      const writer = await stationToken(server.url, 'live', 'station-writer');
      const client = await connect(server.url, 'live', reader);
      expect(await client.next((m) => m.type === 'ready')).toEqual({ type: 'ready', storeId: 'live', cursor: 0 });
      const pushed = await push(server.url, 'live', writer, 'station-writer', makeEvents('station-writer', 2));
      const poke = await client.next((m) => m.type === 'poke');
      expect(poke.cursor).toBe(acceptedSeq(pushed));
      // A pull after the poke sees the events: the notification is sent only after commit.
      const page = PullResponse.parse((await http(`${server.url}/v1/stores/live/sync/pull?cursor=0`, { token: reader })).body);
      expect(page.events).toHaveLength(2);

      const other = await stationToken(server.url, 'other', 'station-x');
      await expect(connect(server.url, 'live', other)).rejects.toThrow(/403/);
      await expect(connect(server.url, 'live', 'pos_st_nonsense')).rejects.toThrow(/401/);
      const { token: web } = await channelKey(server.url, 'live', 'web');
      await expect(connect(server.url, 'live', web)).rejects.toThrow(/403/);
      expect((await http(`${server.url}/v1/stores/live/live`, { token: reader })).status).toBe(426);

      // Shutdown closes live connections with "going away" instead of hanging on them.
      const closing = server.close();
      expect(await client.closed).toBe(1001);
      await closing;
    } finally {
      await server.close();
    }
  });

  it('answers a long-polling pull as soon as an event lands, or empty at the deadline', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
    });
    try {
      const token = await stationToken(server.url, 'poll', 'station-poll');
      const started = Date.now();
      const empty = PullResponse.parse((await http(`${server.url}/v1/stores/poll/sync/pull?cursor=0&waitMs=300`, { token })).body);
      expect(empty.events).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);

      const waiting = http(`${server.url}/v1/stores/poll/sync/pull?cursor=0&waitMs=20000`, { token });
      await new Promise((done) => setTimeout(done, 100));
      const pushedAt = Date.now();
      await push(server.url, 'poll', token, 'station-poll', makeEvents('station-poll', 1));
      const page = PullResponse.parse((await waiting).body);
      expect(page.events).toHaveLength(1);
      expect(Date.now() - pushedAt).toBeLessThan(2_000);
    } finally {
      await server.close();
    }
  });
});

describe('scale-out: two instances on one PostgreSQL', () => {
  let a: CentralServer | undefined;
  let b: CentralServer | undefined;
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('pokes a station on A for an event pushed through B, and stores concurrent pushes through both once', async () => {
    const databaseUrl = await (await backends.cluster()).createDatabase('scale');
    [a, b] = await Promise.all(
      [0, 1].map(() => startCentralServer({ databaseUrl, adminToken: ADMIN_TOKEN, logger: silent, rateLimit: false })),
    );
    const reader = await stationToken(a!.url, 'chain-1', 'station-reader');
    const writer = await stationToken(b!.url, 'chain-1', 'station-writer');
    const client = await connect(a!.url, 'chain-1', reader);
    await client.next((m) => m.type === 'ready');

    const first = await push(b!.url, 'chain-1', writer, 'station-writer', makeEvents('station-writer', 1));
    expect((await client.next((m) => m.type === 'poke')).cursor).toBe(acceptedSeq(first));

    // The same 50 events, in overlapping batches, raced through both instances.
    const events = makeEvents('station-racer', 50);
    const racer = await stationToken(a!.url, 'chain-1', 'station-racer');
    const batches = [0, 10, 20, 30, 40].map((from) => events.slice(0, from + 10));
    const replies = await Promise.all(
      batches.flatMap((batch) => [a!, b!].map((s) => push(s.url, 'chain-1', racer, 'station-racer', batch))),
    );
    const accepted = replies.flatMap((r) => r.results.filter((x) => x.status === 'accepted').map((x) => x.id));
    expect(accepted.sort()).toEqual(events.map((e) => e.id).sort());
    expect(replies.flatMap((r) => r.results).every((x) => x.status !== 'rejected' || x.code === 'seq_gap')).toBe(true);
    // Heal any gap answers, then check the log holds each event exactly once, in seq order.
    await push(a!.url, 'chain-1', racer, 'station-racer', events);
    const db = await openPostgresDatabase({ connectionString: databaseUrl });
    try {
      const rows = await db.query("SELECT seq FROM events WHERE store_id = 'chain-1' AND origin = 'station-racer' ORDER BY server_seq");
      expect(rows.map((r) => Number(r['seq']))).toEqual(events.map((e) => e.seq));

      // Cut A's LISTEN connection: it reconnects, and pokes flow again.
      const killed = await db.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
      expect(killed.length).toBeGreaterThanOrEqual(2);
      await new Promise((done) => setTimeout(done, 500));
      const later = await push(b!.url, 'chain-1', writer, 'station-writer', makeEvents('station-writer', 2).slice(1));
      expect((await client.next((m) => m.type === 'poke' && m.cursor === acceptedSeq(later), 8_000)).cursor).toBe(acceptedSeq(later));
    } finally {
      await db.close();
      client.close();
    }
  });
});
