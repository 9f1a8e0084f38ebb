import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { serveConfig } from './cli.js';
import { startCentralServer } from './main.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http } from './testing/http.js';
import { makeEvents } from './testing/make-events.js';

const TOKEN = 'restart-token-0123456789';
const ADMIN = 'cli-admin-token-0123456789';
const silent = pino({ level: 'silent' });
const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const backends = testBackends();
afterAll(() => backends.dispose());

describe.each(BACKENDS)('startCentralServer (%s)', (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-server-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps events, origin heads and bootstrapped credentials across a restart', async () => {
    const storage = backend === 'pglite' ? { dataDir } : await backends.serverStorage(backend);
    const bootstrap = { storeId: 'restart', stations: [{ stationId: 'station-restart', token: TOKEN }] };
    const events = makeEvents('station-restart', 3);
    const first = await startCentralServer({ ...storage, bootstrap, logger: silent });
    const pushUrl = (url: string) => `${url}/v1/stores/restart/sync/push`;
    const pushed = await http(pushUrl(first.url), { token: TOKEN, json: { origin: 'station-restart', events: events.slice(0, 2) } });
    expect(PushResponse.parse(pushed.body).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    await first.close();
    await first.close();

    const second = await startCentralServer({ ...storage, bootstrap, logger: silent });
    try {
      const pulled = PullResponse.parse((await http(`${second.url}/v1/stores/restart/sync/pull?cursor=0`, { token: TOKEN })).body);
      expect(pulled.events.map((e) => e.event)).toEqual(events.slice(0, 2));
      const [s1, s2] = pulled.events.map((e) => e.serverSeq);
      const again = await http(pushUrl(second.url), { token: TOKEN, json: { origin: 'station-restart', events } });
      expect(PushResponse.parse(again.body).results).toEqual([
        { id: events[0]!.id, seq: 1, status: 'duplicate' },
        { id: events[1]!.id, seq: 2, status: 'duplicate' },
        { id: events[2]!.id, seq: 3, status: 'accepted', serverSeq: expect.any(Number) },
      ]);
      expect(s2).toBe(s1! + 1);
    } finally {
      await second.close();
    }
  });

  it('stops answering after close', async () => {
    const server = await startCentralServer({ ...(await backends.serverStorage(backend)), logger: silent });
    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('serveConfig', () => {
  it('reads flags first, then the environment', () => {
    expect(serveConfig({ port: '8080', host: '0.0.0.0' }, { POS_SERVER_DATA_DIR: '/var/pos', POS_SERVER_PORT: '9' })).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/pos',
    });
    expect(
      serveConfig({ 'database-url': 'postgresql://pos@db/pos' }, { POS_ADMIN_TOKEN: ADMIN, POS_RATE_LIMIT: '0', POS_DB_POOL: '20' }),
    ).toEqual({
      databaseUrl: 'postgresql://pos@db/pos',
      adminToken: ADMIN,
      rateLimitPerMinute: 0,
      maxConnections: 20,
    });
    expect(serveConfig({}, {})).toEqual({});
    expect(serveConfig({}, { POS_TRUST_PROXY: '10.0.0.0/8, ::1', POS_WEBHOOK_ALLOW_NETWORKS: '192.168.10.0/24' })).toEqual({
      trustedProxies: ['10.0.0.0/8', '::1'],
      webhookAllowNetworks: ['192.168.10.0/24'],
    });
  });

  it.each([
    [{ port: 'http' }, {}, /--port/],
    [{}, { POS_SERVER_PORT: '70000' }, /POS_SERVER_PORT/],
    [{ 'database-url': 'mysql://x' }, {}, /--database-url must be a postgresql/],
    [{ 'database-url': 'postgresql://x/y', 'data-dir': '/d' }, {}, /exclude each other/],
    [{}, { POS_ADMIN_TOKEN: 'short' }, /POS_ADMIN_TOKEN/],
    [{}, { POS_TRUST_PROXY: 'proxy.internal' }, /POS_TRUST_PROXY: trusted proxy "proxy.internal"/],
    [{}, { POS_WEBHOOK_ALLOW_NETWORKS: '10.0.0.0/99' }, /POS_WEBHOOK_ALLOW_NETWORKS: .*"10.0.0.0\/99"/],
  ])('rejects %o %o', (flags, env, message) => {
    expect(() => serveConfig(flags, env)).toThrow(message);
  });
});

describe('server/main.ts as a script', () => {
  it('issues and revokes credentials from the command line, then serves with them', async () => {
    const url = await (await backends.cluster()).createDatabase('cli');
    const cli = (...args: string[]) => run(tsx, ['server/main.ts', ...args, '--database-url', url], { cwd: repo, env: { ...process.env } });
    expect(JSON.parse((await cli('store', 'add', 'cli-store', '--name', 'CLI Store')).stdout)).toEqual({ id: 'cli-store', created: true });
    const issued = JSON.parse((await cli('station', 'issue', 'cli-store', 'station-9')).stdout) as {
      token: string;
      credential: { id: string };
    };
    expect(issued.token).toMatch(/^pos_st_/);
    const listed = JSON.parse((await cli('credential', 'list', 'cli-store')).stdout) as { credentials: { id: string; subject: string }[] };
    expect(listed.credentials.map((c) => c.subject)).toEqual(['station-9']);
    expect(JSON.stringify(listed)).not.toContain(issued.token);

    const server = await startCentralServer({ databaseUrl: url, logger: silent });
    try {
      const pull = () => http(`${server.url}/v1/stores/cli-store/sync/pull`, { token: issued.token });
      expect((await pull()).status).toBe(200);
      await cli('credential', 'revoke', issued.credential.id);
      // The revocation reaches the running instance through NOTIFY, not after a cache expiry.
      await expect.poll(async () => (await pull()).status, { timeout: 3_000 }).toBe(401);
    } finally {
      await server.close();
    }
    const failure = await cli('station', 'issue', 'no-such-store', 'station-1').then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('no store no-such-store');
  });

  it('exits with a clear message on a bad flag', async () => {
    const failure = await run(tsx, ['server/main.ts', '--port', 'many'], { cwd: repo }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('--port must be an integer');
  });

  it('serves until SIGTERM, then shuts down cleanly, never logging secrets', async () => {
    const url = await (await backends.cluster()).createDatabase('serve');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--database-url', url, '--port', '0'], {
      cwd: repo,
      env: { ...process.env, POS_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let output = '';
    try {
      const serverUrl = await new Promise<string>((found, failed) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          const match = /"url":"(http:[^"]+)".*"msg":"central server listening"/.exec(output);
          if (match?.[1] !== undefined) found(match[1]);
        });
        child.once('exit', () => failed(new Error(`server exited before listening:\n${output}`)));
      });
      expect((await http(`${serverUrl}/health`)).body).toEqual({ ok: true });
      const metrics = await http(`${serverUrl}/metrics`, { token: ADMIN });
      expect(metrics.status).toBe(200);
      expect(String(metrics.body)).toContain('process_cpu_user_seconds_total');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('central server stopped');
      expect(output).not.toContain(ADMIN);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
