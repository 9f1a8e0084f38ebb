import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse } from '../shared/sync/protocol.js';
import { configFromEnv, startCentralServer } from './main.js';
import { http } from './testing/http.js';
import { makeEvents } from './testing/make-events.js';

const TOKEN = 'restart-token-0123456789';
const silent = pino({ level: 'silent' });
const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');

describe('startCentralServer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-server-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps events and origin heads across a restart on the same data directory', async () => {
    const events = makeEvents('station-restart', 3);
    const first = await startCentralServer({ dataDir, syncToken: TOKEN, logger: silent });
    const pushed = await http(`${first.url}/v1/sync/push`, { token: TOKEN, json: { origin: 'station-restart', events: events.slice(0, 2) } });
    expect(PushResponse.parse(pushed.body).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    await first.close();
    await first.close();

    const second = await startCentralServer({ dataDir, syncToken: TOKEN, logger: silent });
    try {
      const pulled = PullResponse.parse((await http(`${second.url}/v1/sync/pull?cursor=0`, { token: TOKEN })).body);
      expect(pulled.events.map((e) => e.event)).toEqual(events.slice(0, 2));
      expect(pulled.events.map((e) => e.serverSeq)).toEqual([1, 2]);
      const again = await http(`${second.url}/v1/sync/push`, { token: TOKEN, json: { origin: 'station-restart', events } });
      expect(PushResponse.parse(again.body).results).toEqual([
        { id: events[0]!.id, seq: 1, status: 'duplicate' },
        { id: events[1]!.id, seq: 2, status: 'duplicate' },
        { id: events[2]!.id, seq: 3, status: 'accepted', serverSeq: 3 },
      ]);
    } finally {
      await second.close();
    }
  });

  it('stops answering after close', async () => {
    const server = await startCentralServer({ syncToken: TOKEN, logger: silent });
    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('configFromEnv', () => {
  it('requires POS_SYNC_TOKEN', () => {
    expect(() => configFromEnv({})).toThrow(/POS_SYNC_TOKEN is required/);
    expect(() => configFromEnv({ POS_SYNC_TOKEN: '  ' })).toThrow(/POS_SYNC_TOKEN is required/);
  });

  it('reads host, port and data directory', () => {
    expect(configFromEnv({ POS_SYNC_TOKEN: 't', POS_SERVER_PORT: '8080', POS_SERVER_HOST: '0.0.0.0', POS_SERVER_DATA_DIR: '/var/pos' })).toEqual({
      syncToken: 't',
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/pos',
    });
    expect(configFromEnv({ POS_SYNC_TOKEN: 't' })).toEqual({ syncToken: 't' });
  });

  it.each(['http', '-1', '70000', '80.5'])('rejects POS_SERVER_PORT=%s', (port) => {
    expect(() => configFromEnv({ POS_SYNC_TOKEN: 't', POS_SERVER_PORT: port })).toThrow(/POS_SERVER_PORT/);
  });
});

describe('server/main.ts as a script', () => {
  it('exits with a clear message when POS_SYNC_TOKEN is missing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['POS_SYNC_TOKEN'];
    const failure = await run(join(repo, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], { cwd: repo, env }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('POS_SYNC_TOKEN is required');
  });

  it('serves until SIGTERM, then shuts down cleanly', async () => {
    const child = spawn(join(repo, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
      cwd: repo,
      env: { ...process.env, POS_SYNC_TOKEN: TOKEN, POS_SERVER_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let output = '';
    try {
      const url = await new Promise<string>((found, failed) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          const match = /"url":"(http:[^"]+)".*"msg":"central server listening"/.exec(output);
          if (match?.[1] !== undefined) found(match[1]);
        });
        child.once('exit', () => failed(new Error(`server exited before listening:\n${output}`)));
      });
      expect((await http(`${url}/health`)).body).toEqual({ ok: true });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('central server stopped');
      expect(output).not.toContain(TOKEN);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
