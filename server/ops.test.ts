import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { buildServerApp, type ServerContext } from './app.js';
import type { Database } from './db/database.js';
import { startCentralServer } from './main.js';
import { OPERATIONS } from './ops/openapi.js';
import { ServerMetrics } from './ops/metrics.js';
import { ADMIN_TOKEN, stationToken } from './testing/admin.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http } from './testing/http.js';
import { makeEvents } from './testing/make-events.js';

const silent = pino({ level: 'silent' });
const repo = resolve(import.meta.dirname, '..');
const backends = testBackends();
afterAll(() => backends.dispose());

describe('OpenAPI document', () => {
  it('documents exactly the routes the server serves', async () => {
    const context = {
      hub: { close: async () => undefined },
      metrics: new ServerMetrics(),
      clock: new ManualClock(),
    } as unknown as ServerContext;
    const app = buildServerApp({ context });
    const routes: string[] = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') routes.push(`${method.toLowerCase()} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    });
    await app.ready();
    await app.close();
    const documented = OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect([...new Set(routes)].sort()).toEqual([...documented].sort());
  });

  it('is served as OpenAPI 3.1 with JSON schemas for the bodies', async () => {
    const server = await startCentralServer({ logger: silent });
    try {
      const doc = (await http(`${server.url}/openapi.json`)).body as {
        openapi: string;
        paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { type?: string } } } } }>>;
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.paths['/v1/stores/{store}/sync/push']?.['post']?.requestBody?.content['application/json'].schema.type).toBe('object');
      expect(Object.keys(doc.paths)).toContain('/v1/stores/{store}/orders');
    } finally {
      await server.close();
    }
  });
});

describe.each(BACKENDS)('operations (%s)', (backend) => {
  it('exports Prometheus metrics to the admin token only', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
    });
    try {
      const token = await stationToken(server.url, 'metrics', 'station-m');
      await http(`${server.url}/v1/stores/metrics/sync/push`, { token, json: { origin: 'station-m', events: makeEvents('station-m', 3) } });
      await http(`${server.url}/v1/stores/metrics/sync/pull?cursor=0`, { token });
      expect((await http(`${server.url}/metrics`)).status).toBe(401);
      expect((await http(`${server.url}/metrics`, { token })).status).toBe(401);
      const reply = await http(`${server.url}/metrics`, { token: ADMIN_TOKEN });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('text/plain');
      const text = String(reply.body);
      expect(text).toContain('pos_sync_push_events_total{store="metrics",result="accepted"} 3');
      expect(text).toContain('pos_sync_pull_events_total{store="metrics"} 3');
      expect(text).toMatch(/pos_sync_event_lag_seconds\{store="metrics",origin="station-m"\} \d+/);
      expect(text).toMatch(/pos_http_requests_total\{method="POST",route="\/v1\/stores\/:store\/sync\/push",status="200"\} 1/);
      expect(text).toContain('pos_webhook_queue_depth 0');
      expect(text).toContain('pos_live_connections 0');
    } finally {
      await server.close();
    }
  });

  it('rate-limits per credential with 429 and Retry-After, never the health checks', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: { max: 5, timeWindowMs: 60_000 },
    });
    try {
      const a = await stationToken(server.url, 'limits', 'station-a');
      const b = await stationToken(server.url, 'limits', 'station-b');
      const pull = (token: string) => http(`${server.url}/v1/stores/limits/sync/pull`, { token });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await pull(a)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const limited = await pull(a);
      expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await pull(b)).status).toBe(200);
      for (let i = 0; i < 10; i++) expect((await http(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('limits failed sign-ins per address before the database is asked, so random tokens get no fresh bucket', async () => {
    const real = await backends.open(backend);
    let credentialLookups = 0;
    const database: Database = {
      ...real,
      query: (sql, params) => {
        if (sql.includes('FROM credentials WHERE secret_hash')) credentialLookups++;
        return real.query(sql, params);
      },
    };
    const server = await startCentralServer({
      database,
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: { max: 5, timeWindowMs: 60_000, maxPerAddress: 1_000, authFailuresPerAddress: 10 },
    });
    try {
      const pull = (token: string) => http(`${server.url}/v1/stores/guess/sync/pull`, { token });
      const before = credentialLookups;
      const statuses = [];
      for (let i = 0; i < 25; i++) statuses.push((await pull(`pos_st_${randomBytes(16).toString('hex')}`)).status);
      expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(15).fill(429)]);
      expect(credentialLookups - before).toBe(10);
      // The live channel's upgrade authenticates too, and is refused the same way.
      const upgrade = await rawUpgrade(server.url, '/v1/stores/guess/live', `pos_st_${randomBytes(16).toString('hex')}`);
      expect(upgrade).toMatch(/^HTTP\/1.1 429 /);
      expect(credentialLookups - before).toBe(10);
      expect((await http(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
      await real.close();
    }
  });

  it('counts the client behind a trusted proxy, and ignores X-Forwarded-For from anyone else', async () => {
    const options = { adminToken: ADMIN_TOKEN, logger: silent, rateLimit: { max: 5, timeWindowMs: 60_000, authFailuresPerAddress: 3 } };
    const guess = (server: { url: string }, client: string) =>
      http(`${server.url}/v1/stores/guess/sync/pull`, {
        token: `pos_st_${randomBytes(16).toString('hex')}`,
        headers: { 'x-forwarded-for': client },
      }).then((reply) => reply.status);
    const behindProxy = await startCentralServer({ ...(await backends.serverStorage(backend)), ...options, trustedProxies: ['127.0.0.1'] });
    try {
      const first = [];
      for (let i = 0; i < 5; i++) first.push(await guess(behindProxy, '198.51.100.1'));
      expect(first).toEqual([401, 401, 401, 429, 429]);
      expect(await guess(behindProxy, '198.51.100.2')).toBe(401); // another client behind the same proxy
    } finally {
      await behindProxy.close();
    }
    const direct = await startCentralServer({ ...(await backends.serverStorage(backend)), ...options });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await guess(direct, `198.51.100.${i}`));
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await direct.close();
    }
  });

  it('caps every address before authentication, and each credential after it', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: { max: 5, timeWindowMs: 60_000, maxPerAddress: 12, authFailuresPerAddress: 10 },
    });
    try {
      // Four admin requests (store + credential, twice) count against this address too.
      const tokens = [await stationToken(server.url, 'crowd', 'a'), await stationToken(server.url, 'crowd', 'b')];
      const statuses = [];
      for (let i = 0; i < 9; i++) statuses.push((await http(`${server.url}/v1/stores/crowd/sync/pull`, { token: tokens[i % 2]! })).status);
      // Each credential stays within its 5; the 13th request of the address is the one refused.
      expect(statuses).toEqual([...Array<number>(8).fill(200), 429]);
      expect((await http(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('finishes in-flight pushes on shutdown and loses none it acknowledged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-shutdown-'));
    const storage = backend === 'pglite' ? { dataDir } : await backends.serverStorage(backend);
    try {
      const first = await startCentralServer({ ...storage, adminToken: ADMIN_TOKEN, logger: silent, rateLimit: false });
      const tokens = await Promise.all([0, 1, 2, 3].map((i) => stationToken(first.url, 'drain', `station-${i}`)));
      const batches = tokens.map((_, i) => makeEvents(`station-${i}`, 200));
      const longPoll = http(`${first.url}/v1/stores/drain/sync/pull?cursor=999999&waitMs=20000`, { token: tokens[0]! });
      await new Promise((done) => setTimeout(done, 100));
      // Four stations of one store: their appends queue on the store's lock, so when the first is
      // answered the others are still in flight when shutdown starts.
      const pushes = batches.map((events, i) =>
        http(`${first.url}/v1/stores/drain/sync/push`, { token: tokens[i]!, json: { origin: `station-${i}`, events } }),
      );
      await Promise.race(pushes);
      const closedAt = Date.now();
      await first.close();
      expect(Date.now() - closedAt).toBeLessThan(5_000);
      expect((await longPoll).status).toBe(200); // released by the shutdown, not left hanging for 20 s
      const replies = await Promise.all(pushes);
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const acknowledged = replies.flatMap((reply) =>
        PushResponse.parse(reply.body)
          .results.filter((r) => r.status === 'accepted')
          .map((r) => r.id),
      );
      expect(acknowledged).toHaveLength(800);
      expect((await fetch(`${first.url}/health`).catch(() => undefined))?.status).toBeUndefined();

      const second = await startCentralServer({ ...storage, logger: silent });
      try {
        const page = PullResponse.parse(
          (await http(`${second.url}/v1/stores/drain/sync/pull?cursor=0&limit=1000`, { token: tokens[0]! })).body,
        );
        const stored = new Set(page.events.map((e) => e.event.id));
        expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('loses no acknowledged event when the server process is killed mid-push', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-kill-'));
    const storage = backend === 'pglite' ? { dataDir } : await backends.serverStorage(backend);
    const args = 'databaseUrl' in storage && storage.databaseUrl ? ['--database-url', storage.databaseUrl] : ['--data-dir', dataDir];
    const spawnServer = () =>
      new Promise<{ child: ChildProcess; url: string }>((found, failed) => {
        // node --import tsx: one process, so SIGKILL hits the server itself (the tsx CLI would leave it orphaned).
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args, '--port', '0'], {
          cwd: repo,
          env: { ...process.env, POS_ADMIN_TOKEN: ADMIN_TOKEN, POS_RATE_LIMIT: '0', LOG_LEVEL: 'info' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let output = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          const match = /"url":"(http:[^"]+)".*"msg":"central server listening"/.exec(output);
          if (match?.[1] !== undefined) found({ child, url: match[1] });
        });
        child.once('exit', () => failed(new Error(`server exited before listening:\n${output}`)));
      });
    const { child, url } = await spawnServer();
    const acknowledged: string[] = [];
    try {
      const token = await stationToken(url, 'crash', 'station-k');
      const events = makeEvents('station-k', 4_000);
      const exited = new Promise((done) => child.once('exit', done));
      let sent = 0;
      // Batches of 50 back to back; once 1,000 events are acknowledged the process is killed while
      // the next batch is in flight.
      const pusher = (async () => {
        while (sent < events.length) {
          const batch = events.slice(sent, sent + 50);
          const inFlight = http(`${url}/v1/stores/crash/sync/push`, { token, json: { origin: 'station-k', events: batch } }).catch(
            () => undefined,
          );
          if (acknowledged.length >= 1_000) setTimeout(() => child.kill('SIGKILL'), 2);
          const reply = await inFlight;
          if (reply?.status !== 200) return;
          for (const r of PushResponse.parse(reply.body).results) if (r.status === 'accepted') acknowledged.push(r.id);
          sent += batch.length;
        }
      })();
      await pusher;
      await exited;
      expect(acknowledged.length).toBeGreaterThanOrEqual(1_000);
      expect(acknowledged.length).toBeLessThan(events.length);

      const restarted = await startCentralServer({ ...storage, logger: silent });
      try {
        const stored: string[] = [];
        let cursor = 0;
        for (;;) {
          const page = PullResponse.parse(
            (await http(`${restarted.url}/v1/stores/crash/sync/pull?cursor=${cursor}&limit=1000`, { token })).body,
          );
          stored.push(...page.events.map((e) => e.event.id));
          cursor = page.nextCursor;
          if (page.upToDate) break;
        }
        const have = new Set(stored);
        expect(acknowledged.filter((id) => !have.has(id))).toEqual([]);
        // Whatever was stored is a gapless prefix of the station's seqs: no partial batch.
        expect(stored).toEqual(events.slice(0, stored.length).map((e) => e.id));
        // And the station can carry on where the server left off.
        const resumed = PushResponse.parse(
          (
            await http(`${restarted.url}/v1/stores/crash/sync/push`, {
              token,
              json: { origin: 'station-k', events: events.slice(stored.length, stored.length + 10) },
            })
          ).body,
        );
        expect(resumed.results.every((r) => r.status === 'accepted')).toBe(true);
      } finally {
        await restarted.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** The status line and headers a WebSocket upgrade request gets back. */
function rawUpgrade(base: string, path: string, token: string): Promise<string> {
  const url = new URL(base);
  return new Promise((done, fail) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nAuthorization: Bearer ${token}\r\n\r\n`,
      );
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => done(text));
    socket.on('error', fail);
  });
}
