/**
 * Fuzz: thousands of random and mutated requests (malformed JSON, schema violations, wrong store,
 * wrong credentials, SQL-looking strings, huge values). Every answer must be < 500, and the
 * database must never hold a partial write: a refused request changes nothing, and every origin's
 * head equals the records behind it.
 */
import { connect } from 'node:net';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from './db/database.js';
import { startCentralServer } from './main.js';
import { ADMIN_TOKEN, channelKey, stationToken } from './testing/admin.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http, type HttpReply } from './testing/http.js';
import { makeEvents, newUuid } from './testing/make-events.js';

const REQUESTS = 1_100;
const backends = testBackends();
afterAll(() => backends.dispose());

/** mulberry32: deterministic per seed, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY: readonly unknown[] = [
  "'; DROP TABLE events; --",
  '1 OR 1=1',
  "station-1' --",
  '$1',
  '\u0000',
  '😀'.repeat(40),
  'x'.repeat(5000),
  '',
  -1,
  0,
  2 ** 53,
  1e308,
  -0,
  1.5,
  true,
  null,
  [],
  {},
  { $gt: '' },
  ['a', 1, null],
  '00000000-0000-0000-0000-000000000000',
  '999999999999999-99999',
];

function mutate(value: unknown, random: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  if (value !== null && typeof value === 'object' && depth < 4 && random() < 0.7) {
    if (Array.isArray(value)) {
      const copy = [...value];
      const roll = random();
      if (roll < 0.2 && copy.length > 0) copy.splice(Math.floor(random() * copy.length), 1);
      else if (roll < 0.35 && copy.length > 0) copy.push(copy[Math.floor(random() * copy.length)]);
      else if (copy.length > 0) {
        const i = Math.floor(random() * copy.length);
        copy[i] = mutate(copy[i], random, depth + 1);
      }
      return copy;
    }
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const roll = random();
    if (roll < 0.2 && keys.length > 0) delete copy[pick(keys)];
    else if (roll < 0.3) copy[pick(['extra', '__proto__', 'constructor', 'type', 'v', 'seq'])] = pick(NASTY);
    else if (keys.length > 0) {
      const key = pick(keys);
      copy[key] = mutate(copy[key], random, depth + 1);
    }
    return copy;
  }
  return pick(NASTY);
}

async function snapshot(db: Database): Promise<string> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM rejected_events) AS rejected,
            (SELECT coalesce(sum(last_seq), 0) FROM origin_heads) AS heads, (SELECT count(*) FROM idempotency_keys) AS keys,
            (SELECT count(*) FROM credentials) AS credentials, (SELECT count(*) FROM stores) AS stores,
            (SELECT count(*) FROM webhook_endpoints) AS endpoints`,
  );
  return JSON.stringify(Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)])));
}

/** Every origin's head is backed by exactly the seqs 1..head, each stored once (event or recorded rejection). */
async function headsMatchRecords(db: Database): Promise<string[]> {
  const rows = await db.query(
    `SELECT h.store_id, h.origin, h.last_seq::bigint AS head,
            (SELECT count(*) FROM events e WHERE e.store_id = h.store_id AND e.origin = h.origin) +
            (SELECT count(*) FROM rejected_events r WHERE r.store_id = h.store_id AND r.origin = h.origin) AS records,
            greatest((SELECT max(seq) FROM events e WHERE e.store_id = h.store_id AND e.origin = h.origin),
                     (SELECT max(seq) FROM rejected_events r WHERE r.store_id = h.store_id AND r.origin = h.origin)) AS top
     FROM origin_heads h`,
  );
  return rows
    .filter((r) => Number(r['head']) !== Number(r['records']) || (Number(r['head']) > 0 && Number(r['top']) !== Number(r['head'])))
    .map(
      (r) =>
        `${String(r['store_id'])}/${String(r['origin'])}: head ${String(r['head'])}, records ${String(r['records'])}, top ${String(r['top'])}`,
    );
}

describe.each(BACKENDS)('fuzzed requests (%s)', (backend) => {
  it(`answers ${REQUESTS} random and mutated requests without a 5xx or a partial write`, { timeout: 240_000 }, async () => {
    const db = await backends.open(backend);
    const server = await startCentralServer({
      database: db,
      adminToken: ADMIN_TOKEN,
      logger: pino({ level: process.env['FUZZ_LOG'] ?? 'silent' }),
      rateLimit: false,
      workers: false,
    });
    try {
      const random = prng(Number(process.env['FUZZ_SEED'] ?? (backend === 'pglite' ? 20_251_121 : 4_242)));
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const stations = ['station-1', 'station-2'];
      const tokens: Record<string, string> = {};
      for (const s of stations) tokens[s] = await stationToken(server.url, 'fuzz', s);
      tokens['foreign'] = await stationToken(server.url, 'elsewhere', 'station-1');
      const web = (await channelKey(server.url, 'fuzz', 'web')).token;
      const next: Record<string, number> = { 'station-1': 1, 'station-2': 1 };
      const orderIds: string[] = [];
      const statuses = new Map<number, number>();

      for (let i = 0; i < REQUESTS; i++) {
        const before = await snapshot(db);
        const roll = random();
        let reply: HttpReply;
        let kind: string;
        if (roll < 0.45) {
          kind = 'push';
          const origin = pick(stations);
          const events: unknown[] = makeEvents(origin, 1 + Math.floor(random() * 5), {
            firstSeq: Math.max(1, next[origin]! + Math.floor(random() * 3) - 1),
          });
          let body: unknown = { origin, events };
          const m = random();
          if (m < 0.5) body = mutate(body, random);
          else if (m < 0.6) body = { origin, events: [...events, ...events] };
          const store = random() < 0.1 ? pick(['elsewhere', 'nope', 'FUZZ', '..', '%27']) : 'fuzz';
          const token = random() < 0.1 ? pick([tokens['foreign'], web, 'pos_st_forged', ADMIN_TOKEN]) : tokens[origin]!;
          const raw = random() < 0.08 ? JSON.stringify(body).slice(0, Math.floor(random() * 40)) : undefined;
          reply = await http(
            `${server.url}/v1/stores/${store}/sync/push`,
            raw === undefined ? { token, json: body } : { token, rawBody: raw },
          );
          if (reply.status === 200) {
            const results = (reply.body as { results: { status: string; seq: number; code?: string }[] }).results;
            for (const r of results)
              if (
                r.status === 'accepted' ||
                (r.status === 'rejected' && r.code !== 'seq_gap' && r.code !== 'seq_conflict' && r.code !== 'unsupported_event')
              )
                next[origin] = Math.max(next[origin]!, r.seq + 1);
          }
        } else if (roll < 0.6) {
          kind = 'pull';
          const query = pick([
            'cursor=0',
            `cursor=${Math.floor(random() * 100)}&limit=${Math.floor(random() * 1200)}`,
            'cursor=-5',
            'limit=abc',
            "cursor=1'--",
            'waitMs=5',
            `cursor=${2 ** 60}`,
          ]);
          reply = await http(`${server.url}/v1/stores/${random() < 0.9 ? 'fuzz' : 'elsewhere'}/sync/pull?${query}`, {
            token: tokens[pick(stations)]!,
          });
        } else if (roll < 0.85) {
          kind = 'order';
          const order = { orderType: 'takeout', lines: [{ itemId: 'espresso', quantity: 1, modifiers: [] }] };
          const body = random() < 0.6 ? mutate(order, random) : order;
          const key = random() < 0.1 ? undefined : pick(['k1', 'k2', `k-${i}`, "k'; --", 'x'.repeat(300)]);
          const sub =
            random() < 0.7 || orderIds.length === 0 ? '' : `/${pick([...orderIds, newUuid(), 'not-a-uuid'])}/${pick(['cancel', 'note'])}`;
          const commandBody = sub.endsWith('cancel')
            ? mutate({ reason: 'changed mind' }, random)
            : sub.endsWith('note')
              ? { note: pick(['ring', 1, null, 'x'.repeat(600)]) }
              : body;
          reply = await http(`${server.url}/v1/stores/fuzz/orders${sub}`, {
            token: random() < 0.9 ? web : tokens['station-1']!,
            json: commandBody,
            headers: key === undefined ? {} : { 'idempotency-key': key },
          });
          if (reply.status === 201) orderIds.push((reply.body as { order: { id: string } }).order.id);
        } else if (roll < 0.95) {
          kind = 'admin';
          const path = pick([
            '/v1/admin/stores',
            '/v1/admin/stores/fuzz/stations',
            '/v1/admin/stores/fuzz/channels',
            '/v1/admin/credentials/cred_nope/revoke',
            '/v1/admin/webhook-deliveries/99/replay',
            '/v1/admin/webhook-deliveries/abc/replay',
          ]);
          reply = await http(`${server.url}${path}`, {
            token: random() < 0.8 ? ADMIN_TOKEN : web,
            json: mutate({ id: 'fuzz', name: 'Fuzz', stationId: 'station-1', channel: 'web' }, random),
          });
        } else {
          kind = 'garbage';
          const path = pick([
            '/v1/stores/fuzz/sync/push',
            '/v1/stores/fuzz/orders',
            '/v1/../../etc/passwd',
            '/v1/stores/%00/sync/pull',
            '/metrics',
            '/v1/auth/me',
          ]);
          reply = await http(`${server.url}${path}`, {
            token: tokens['station-1']!,
            rawBody: pick(['{', '[]', 'null', '"x"', '{"a":' + '['.repeat(2000)]),
            contentType: pick(['application/json', 'text/plain']),
          });
        }
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        expect(reply.status, `${kind} #${i}: ${JSON.stringify(reply.body)}`).toBeLessThan(500);
        if (reply.status >= 400) expect(await snapshot(db), `${kind} #${i} answered ${reply.status} but changed the database`).toBe(before);
      }
      expect(await headsMatchRecords(db)).toEqual([]);
      // The fuzz must have exercised both sides: real writes and refusals.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
      expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(3);
    } finally {
      await server.close();
    }
  });
});

const EDGE_CASES = 10_000;
const EDGE_STATION = 'edge-station-secret-0123456789';
const EDGE_CHANNEL = 'edge-channel-secret-0123456789';

/** One hostile request as bytes: broken request lines, headers, framing, encodings, bodies and sizes. */
function hostileRequest(random: () => number, host: string): { bytes: Buffer; split: boolean } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const junk = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
  const path = pick([
    '/v1/stores/edge/sync/push',
    '/v1/stores/edge/sync/pull?cursor=0',
    '/v1/stores/edge/orders',
    '/v1/stores/edge/webhooks',
    '/v1/stores/edge/live',
    '/v1/admin/stores',
    '/v1/admin/credentials/cred_x/webhooks',
    '/v1/auth/me',
    '/ready',
    '/metrics',
    '/v1/stores/%ff%fe/sync/pull',
    '/v1/stores/edge/orders/..%2f..%2fadmin',
    `/v1/stores/${'a'.repeat(Math.floor(random() * 20_000))}/sync/pull`,
    '*',
    'http://evil.example/v1/stores/edge/sync/pull',
    '/v1/stores/edge/sync/pull?cursor=0&cursor=1&limit[]=1&__proto__[x]=1',
  ]);
  const method =
    random() < 0.8
      ? pick(['GET', 'POST'])
      : pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'CONNECT', 'BREW', 'G\u0000T', 'post', '']);
  const version = random() < 0.9 ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1 extra', '']);
  const token =
    random() < 0.6
      ? pick([EDGE_STATION, EDGE_CHANNEL, ADMIN_TOKEN])
      : pick(['pos_st_forged', '', 'x'.repeat(9_000), '\u00ff\u00fe', 'a b c']);
  const headers: string[] = [`Host: ${random() < 0.9 ? host : pick(['', 'evil.example', `${host}\r\nX-Injected: 1`, 'h'.repeat(300)])}`];
  const authorization = random() < 0.8 ? 'Bearer' : pick(['bearer', 'Basic', 'Bearer  ', 'Token', 'Bearer\t']);
  if (random() < 0.85) headers.push(`Authorization: ${authorization} ${token}`);
  if (random() < 0.1) headers.push(`Authorization: Bearer ${pick([EDGE_STATION, 'other'])}`);
  if (random() < 0.15)
    headers.push(
      `X-Request-Id: ${pick(['ok-request-id-1', 'x'.repeat(5_000), '../../..', '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9'])}`,
    );
  if (random() < 0.15) headers.push(`Idempotency-Key: ${pick(['k-1', '', 'k'.repeat(500), "k'; DROP TABLE idempotency_keys; --"])}`);
  if (random() < 0.15)
    headers.push(
      ...pick([
        ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='],
        ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 8'],
        ['Connection: Upgrade', 'Upgrade: h2c'],
        ['Connection: keep-alive, Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Key: ???'],
      ]),
    );
  if (random() < 0.1)
    headers.push(...Array.from({ length: 50 + Math.floor(random() * 200) }, (_, i) => `X-Flood-${i}: ${'v'.repeat(100)}`));
  if (random() < 0.1)
    headers.push(pick(['Bad Header: x', ': empty-name', 'No-Colon', `X-Bin: ${junk(20).toString('latin1')}`, 'X-Fold: a\r\n b']));
  if (random() < 0.1) headers.push(`Expect: ${pick(['100-continue', 'teapot'])}`);
  if (random() < 0.1) headers.push(`Content-Encoding: ${pick(['gzip', 'br', 'deflate', 'identity', 'x-unknown'])}`);
  headers.push(
    `Content-Type: ${pick(['application/json', 'application/json; charset=utf-16', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '', 'application/json;;;'])}`,
  );

  const body = pick<() => Buffer>([
    () => Buffer.from(''),
    () => Buffer.from('{'),
    () => Buffer.from('null'),
    () => Buffer.from('{"origin":"station-1","events":[]}'),
    () => Buffer.from(JSON.stringify({ origin: 'station-1', events: makeEvents('station-1', 2) })),
    () => Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
    () => Buffer.from(`${'['.repeat(5_000)}${']'.repeat(5_000)}`),
    () => Buffer.from(`{"a":${'1'.repeat(400)}}`),
    () => Buffer.from(`{"s":"${'\\u0000'.repeat(200)}"}`),
    () => Buffer.concat([Buffer.from('{"s":"'), junk(200), Buffer.from('"}')]),
    () => junk(Math.floor(random() * 3_000)),
    () => Buffer.from(JSON.stringify({ url: 'http://169.254.169.254/', scope: 'all' })),
    () => Buffer.from(JSON.stringify({ orderType: 'takeout', lines: [{ itemId: 'a', quantity: 1e300, modifiers: ['x'] }] })),
  ])();
  const framing = random();
  if (framing < 0.55) headers.push(`Content-Length: ${body.length}`);
  else if (framing < 0.62)
    headers.push(`Content-Length: ${body.length + 1 + Math.floor(random() * 100)}`); // promises more than it sends
  else if (framing < 0.67) headers.push(`Content-Length: ${pick(['-1', 'abc', '1e3', '0x10', '99999999999999999999', ' 5', '2000000'])}`);
  else if (framing < 0.72) headers.push(`Content-Length: ${body.length}`, `Content-Length: ${body.length + 3}`);
  else if (framing < 0.8) headers.push('Transfer-Encoding: chunked');
  else if (framing < 0.85)
    headers.push('Transfer-Encoding: chunked', `Content-Length: ${body.length}`); // smuggling shape
  else if (framing < 0.88) headers.push(`Transfer-Encoding: ${pick(['gzip, chunked', 'chunked, identity', 'xchunked', 'chunked\t'])}`);
  const chunked = headers.some((h) => /^Transfer-Encoding: .*chunked/.test(h));
  const payload = chunked
    ? Buffer.concat([
        Buffer.from(
          pick([`${body.length.toString(16)}\r\n`, 'zz\r\n', 'ffffffffffffffff\r\n', `${body.length.toString(16)};ext=1\r\n`, '-1\r\n']),
        ),
        body,
        Buffer.from(pick(['\r\n0\r\n\r\n', '\r\n', '0\r\n\r\n', '\r\n0\r\nTrailer: x\r\n\r\n'])),
      ])
    : body;
  const line = random() < 0.05 ? junk(Math.floor(random() * 200)).toString('latin1') : `${method} ${path} ${version}`;
  const eol = random() < 0.05 ? '\n' : '\r\n';
  const head = `${line}${eol}${headers.join(eol)}${eol}${eol}`;
  return { bytes: Buffer.concat([Buffer.from(head, 'latin1'), payload]), split: random() < 0.2 };
}

/** Sends raw bytes and reads the status of the answer (undefined: the server closed without one). */
function rawExchange(port: number, bytes: Buffer, split: boolean): Promise<number | undefined> {
  return new Promise((done) => {
    let text = '';
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      done(status?.[1] === undefined ? undefined : Number(status[1]));
    };
    const socket = connect(port, '127.0.0.1', () => {
      if (!split) socket.end(bytes);
      else {
        // Byte by byte at first: parsers must not depend on getting a request in one read.
        for (let i = 0; i < Math.min(64, bytes.length); i++) socket.write(bytes.subarray(i, i + 1));
        socket.end(bytes.subarray(Math.min(64, bytes.length)));
      }
    });
    const timer = setTimeout(finish, 1_500);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      // A head is enough; a live channel that opened (101) would otherwise stay open.
      if (text.includes('\r\n\r\n')) setTimeout(finish, 20);
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

describe('hostile HTTP at the server edge', () => {
  it(
    `stays up through ${EDGE_CASES} malformed requests, never answers 5xx, and serves the next valid request`,
    { timeout: 240_000 },
    async () => {
      const server = await startCentralServer({
        adminToken: ADMIN_TOKEN,
        logger: pino({ level: process.env['FUZZ_LOG'] ?? 'silent' }),
        rateLimit: false,
        bootstrap: {
          storeId: 'edge',
          stations: [{ stationId: 'station-1', token: EDGE_STATION }],
          channels: [{ origin: 'web', channel: 'web', token: EDGE_CHANNEL }],
        },
      });
      try {
        const port = Number(new URL(server.url).port);
        const random = prng(Number(process.env['FUZZ_SEED'] ?? 7_771));
        const statuses = new Map<string, number>();
        const serious: string[] = [];
        const valid = async () => {
          expect((await http(`${server.url}/health`)).status).toBe(200);
          const pull = await http(`${server.url}/v1/stores/edge/sync/pull?cursor=0`, { token: EDGE_STATION });
          expect(pull.status).toBe(200);
        };
        const started = Date.now();
        for (let batch = 0; batch < EDGE_CASES / 50; batch++) {
          const cases = Array.from({ length: 50 }, (_, i) => ({ n: batch * 50 + i, ...hostileRequest(random, `127.0.0.1:${port}`) }));
          const answers = await Promise.all(cases.map((c) => rawExchange(port, c.bytes, c.split)));
          answers.forEach((status, i) => {
            const key = status === undefined ? 'closed' : String(status);
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            if (status !== undefined && status >= 500)
              serious.push(`#${cases[i]!.n} → ${status}: ${cases[i]!.bytes.subarray(0, 300).toString('latin1')}`);
          });
          if (batch % 10 === 9) await valid();
        }
        await valid();
        console.log(JSON.stringify({ edgeCases: EDGE_CASES, ms: Date.now() - started, statuses: Object.fromEntries(statuses) }));
        expect(serious).toEqual([]);
        // The fuzz reached past the parser: real answers of many kinds, not only dropped connections.
        const answered = [...statuses.entries()].filter(([key]) => key !== 'closed');
        expect(answered.length).toBeGreaterThan(6);
        expect(statuses.get('200') ?? 0).toBeGreaterThan(100);
        expect(statuses.get('401') ?? 0).toBeGreaterThan(100);
        expect(statuses.get('400') ?? 0).toBeGreaterThan(100);
      } finally {
        await server.close();
      }
    },
  );
});
