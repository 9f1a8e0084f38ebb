import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerFrame } from '../electron/core/mesh/protocol.js';
import { pino } from 'pino';
import { pairRaw, RawPeer, rawIdentity } from '../electron/core/testing/raw-peer.js';
import { startCentralServer } from '../server/main.js';

const STORE_TOKEN = 'start-test-store-token-0123456789abcdef';

const root = resolve(import.meta.dirname, '..');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pos-start-test-'));
  dirs.push(dir);
  return dir;
}

/**
 * `npm start` as a person runs it, on its own data directory, with `args` after `--no-open`. With
 * `stopWhen`, the launcher is stopped (Ctrl+C) once its output contains that text, after `whileRunning`
 * (given the output so far) has settled.
 */
function start(
  dir: string,
  args: string[] = [],
  stopWhen?: string,
  whileRunning?: (stdout: string) => Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'start.ts'), '--no-open', ...args], {
      cwd: root,
      env: { ...process.env, POS_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stopWhen !== undefined && !stopping && stdout.includes(stopWhen)) {
        stopping = true;
        const running = whileRunning?.(stdout) ?? Promise.resolve();
        void running.catch(reject).finally(() => child.kill('SIGINT'));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('npm start with a station it cannot start', () => {
  it('ends an invalid station.json with the message alone and a failing exit code', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'station.json'), JSON.stringify({ stationId: 5, http: { port: 'x' } }));
    chmodSync(dir, 0o755); // as a data directory made by hand, or by an older version, might be
    const { code, stdout, stderr } = await start(dir);
    // The log is open before the config is read: it and its directories are private to the user.
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect([mode(dir), mode(join(dir, 'logs')), mode(join(dir, 'logs', 'pos.log'))]).toEqual([0o700, 0o700, 0o600]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        `npm start failed: Invalid station config in ${join(dir, 'station.json')}:`,
        '✖ Invalid input: expected string, received number',
        '  → at stationId',
        '✖ Invalid input: expected number, received string',
        '  → at http.port',
        '',
      ].join('\n'),
    );
    // The logger's exit flush used to throw here ("sonic boom is not ready yet") and print its stack.
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('sonic boom');
  });

  it('ends a log file it cannot open with the message alone', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'logs', 'pos.log'), { recursive: true });
    const { code, stderr } = await start(dir);
    expect(code).toBe(1);
    expect(stderr).toBe(`npm start failed: EISDIR: illegal operation on a directory, open '${join(dir, 'logs', 'pos.log')}'\n`);
  });
});

describe('npm start with a central server in station.json', () => {
  // Builds the UI and starts a real station: slow on a loaded machine.
  it(
    'starts no embedded server, says which server it uses, and runs the --role kitchen station offline',
    { timeout: 180_000 },
    async () => {
      const dir = dataDir();
      // Nothing listens on the discard port: the store's server is down, the station starts anyway.
      const server = 'http://127.0.0.1:9';
      writeFileSync(
        join(dir, 'station.json'),
        JSON.stringify({ stationId: 'kitchen-pc', role: 'counter', server: { url: server, token: 'kitchen-pc-sync-token-0123456789' } }),
      );
      const { code, stdout, stderr } = await start(
        dir,
        ['--browser', '--port', '0', '--peer-port', '0', '--role', 'kitchen'],
        'Press Ctrl+C to stop.',
      );
      // Vite's chunk-size warning goes to stderr as well; only a failure matters here.
      expect(stderr).not.toMatch(/npm start failed|Error/);
      expect(code).toBe(0);
      expect(stdout).toContain(`Central server: ${server} (configured in ${join(dir, 'station.json')}; no embedded server started)`);
      // The embedded server keeps its credential and database under server/: neither was created.
      expect(existsSync(join(dir, 'server'))).toBe(false);
      // The flag wins over the file's role: the kitchen and customer windows, diagnostics, and no till.
      expect(stdout).toContain('POS kitchen station running in BROWSER MODE');
      expect(stdout).toMatch(/Kitchen window: +http:\/\/127\.0\.0\.1:\d+\/kitchen#token=/);
      expect(stdout).toMatch(/Customer display: +http:\/\/127\.0\.0\.1:\d+\/customer#token=/);
      expect(stdout).toMatch(/Diagnostics: +http:\/\/127\.0\.0\.1:\d+\/diagnostics#token=/);
      expect(stdout).not.toContain('Cashier window');
      // Loopback only here: LAN devices would pair; the local links work from this machine alone.
      expect(stdout).toContain('(these links open windows on this machine only)');
      expect(stdout).toMatch(/LAN windows: +none: the window port listens on this machine only/);
      expect(stdout).not.toContain('Demo staff');
      // The mesh is on, but it cannot pair while the server is down, and says so.
      expect(stdout).toMatch(/Peer endpoint: +wss:\/\/127\.0\.0\.1:\d+\/peer \(.*not paired yet: needs the central server once\)/);
      console.log(stdout);
    },
  );

  it(
    'prints the peer endpoint of a station in a store mesh, where a peer paired through the same server is admitted',
    { timeout: 180_000 },
    async () => {
      const dir = dataDir();
      // The store's central server, shared by the stations: counter-2 pairs with it at start.
      const server = await startCentralServer({
        bootstrap: { storeId: 'start-test-cafe', storeWideStationToken: STORE_TOKEN },
        logger: pino({ level: 'silent' }),
      });
      try {
        writeFileSync(
          join(dir, 'station.json'),
          JSON.stringify({
            stationId: 'counter-2',
            server: { url: server.url, token: STORE_TOKEN },
            // A counter config names who signs in: here the demo team, which npm start announces.
            staff: { demo: true },
            mesh: { port: 0 },
            // A real start would announce itself by mDNS; this machine runs other tests' stations too.
            discovery: { mdns: false },
            // The other counter is off: the station starts anyway and keeps dialling it.
            peers: [{ url: 'wss://127.0.0.1:9/peer' }],
          }),
        );
        let admitted: PeerFrame | undefined;
        const { code, stdout, stderr } = await start(dir, ['--browser', '--port', '0'], 'Press Ctrl+C to stop.', async (output) => {
          // The printed URL is the one another station lists: a peer paired into the same store is admitted.
          const url = /Peer endpoint: +(wss:\/\/\S+)/.exec(output)?.[1];
          if (!url) return;
          const peer = new RawPeer(url, await pairRaw(server.url, STORE_TOKEN, 'start-test-cafe', await rawIdentity('counter-1')));
          try {
            admitted = await peer.handshake({ storeId: 'start-test-cafe' });
          } finally {
            peer.close();
          }
        });
        expect(stderr).not.toMatch(/npm start failed|Error/);
        expect(code).toBe(0);
        // Its own TLS port; bound to loopback here, which the line says.
        expect(stdout).toMatch(
          /\n {2}Peer endpoint: {4}wss:\/\/127\.0\.0\.1:\d+\/peer \(this machine only: set http\.host \(or mesh\.host\) to 0\.0\.0\.0 or a LAN address for the other stations\)\n/,
        );
        expect(stdout.match(/Peer endpoint/g)).toHaveLength(1);
        expect(stdout).toContain('  LAN discovery:    off (discovery.mdns is false): only listed peers are dialled\n');
        expect(admitted?.t).toBe('have');
      } finally {
        await server.close();
      }
    },
  );
});
