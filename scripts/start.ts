/**
 * `npm start`: the whole product on embedded defaults. Starts the central server (PGlite), builds
 * the renderer, then runs the station in Electron where its binary is installed, otherwise in
 * browser mode (the same core under plain Node, windows served over HTTP).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { build } from 'vite';
import { defaultDataDir, loadStationConfig } from '../electron/core/config.js';
import { DEMO_PINS, DEMO_STAFF } from '../electron/core/staff/demo-staff.js';
import { startStation } from '../electron/core/station.js';
import { embeddedStationCredential, startCentralServer } from '../server/main.js';
import { buildElectron } from './build-electron.js';

const root = resolve(import.meta.dirname, '..');
const rendererDir = join(root, 'dist', 'renderer');

const { values: flags } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'server-port': { type: 'string', default: '4319' },
    browser: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
  },
});

function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function parsePort(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--${name} must be a port number, got "${text}"`);
  return port;
}

/**
 * pino flushes its file synchronously when the process exits, and that flush throws while the file is
 * still opening: a start-up error (a bad station.json) printed its message and then that stack trace.
 * Opening the file here makes the destination ready at once, and a file that cannot be opened fails
 * before pino holds it.
 */
function openLogFile(path: string): ReturnType<typeof pino.destination> {
  return pino.destination({ fd: openSync(path, 'a') });
}

function openAppWindows(urls: string[]): ChildProcess | undefined {
  if (flags['no-open'] || !process.env.DISPLAY) return undefined;
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!chromium) return undefined;
  const profile = join(tmpdir(), `pos-station-windows-${process.pid}`);
  const child = spawn(
    chromium,
    [
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...urls.map((url) => `--app=${url}`),
    ],
    { stdio: 'ignore' },
  );
  child.on('error', (error) => console.error(`Could not open Chromium windows: ${error.message}`));
  return child;
}

async function main(): Promise<void> {
  const dataDir = resolve(flags['data-dir'] ?? defaultDataDir());
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const logger = pino({ level: process.env.POS_LOG_LEVEL ?? 'info' }, openLogFile(join(dataDir, 'logs', 'pos.log')));

  // Read (and validate) the station's config first: its station id names the server credential.
  const configSource = { dataDir, ...(flags.config ? { configPath: flags.config } : {}) };
  const { stationId, storeName } = loadStationConfig(configSource);

  console.log('Building the station UI…');
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });

  // This station's own credential, kept in the data directory: same directory, same credential.
  const credential = embeddedStationCredential(join(dataDir, 'server'), stationId, storeName);
  const server = await startCentralServer({
    dataDir: join(dataDir, 'server', 'pglite'),
    port: parsePort(flags['server-port'], 'server-port') ?? 4319,
    bootstrap: credential.bootstrap,
    logger: logger.child({ process: 'server' }),
  });
  credential.forgetRetired();
  const token = credential.token;

  const stopAll: (() => Promise<void>)[] = [() => server.close()];
  const shutdown = async () => {
    for (const stop of stopAll.reverse()) await stop().catch((error: unknown) => console.error(error));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  const electron = flags.browser ? undefined : electronBinary();
  if (electron) {
    await buildElectron();
    console.log(`Central server: ${server.url}\nStarting the Electron station…`);
    const child = spawn(electron, [join(root, 'dist', 'electron', 'main.js')], {
      stdio: 'inherit',
      env: {
        ...process.env,
        POS_DATA_DIR: dataDir,
        ...(flags.config ? { POS_CONFIG: resolve(flags.config) } : {}),
        POS_SERVER_URL: server.url,
        POS_SYNC_TOKEN: token,
        POS_RENDERER_DIR: rendererDir,
        POS_DEMO_STAFF: '1',
      },
    });
    child.on('exit', () => void shutdown());
    return;
  }

  const port = parsePort(flags.port, 'port');
  const config = loadStationConfig({
    ...configSource,
    overrides: {
      server: { url: server.url, token },
      ...(port !== undefined || flags.host ? { http: { port: port ?? 4318, host: flags.host ?? '127.0.0.1' } } : {}),
    },
  });
  // Without a `staff` section in station.json the demo team signs in (Alex 1111, Morgan 9999).
  const demoStaff = config.staff === undefined;
  const station = await startStation({
    config,
    dataDir,
    rendererDir,
    logger: logger.child({ process: 'station' }),
    ...(demoStaff ? { staff: DEMO_STAFF } : {}),
    ...(flags.config ? { configPath: resolve(flags.config) } : {}),
  });
  stopAll.push(() => station.stop());
  station.devices.virtualPrinter()?.onDocument((document) => {
    console.log(`\n[virtual printer — simulated, no hardware]\n${document.lines.map((l) => `  | ${l}`).join('\n')}\n`);
  });
  const virtualScanner = config.devices.scanners.find((s) => s.transport.kind === 'virtual');

  console.log(`
POS station running in BROWSER MODE: the Electron binary is not installed on this machine, so the
same station core runs under Node and its windows are web pages. Devices: ${station.devices
    .list()
    .map((d) => `${d.name}${d.simulated ? ' (simulated)' : ''}`)
    .join(', ')}.

  Cashier window:  ${station.windowUrl('cashier')}
  Kitchen window:  ${station.windowUrl('kitchen')}
  Customer display: ${station.windowUrl('customer')}
  Diagnostics:     ${hashWindowUrl(station.windowUrl('cashier'), 'diagnostics')}
  Central server:  ${server.url}
  Data directory:  ${dataDir}   (logs in ${join(dataDir, 'logs')})

${demoStaff ? `Demo staff (sign in at the cashier window): Alex, cashier, PIN ${DEMO_PINS.alex}; Morgan, manager, PIN ${DEMO_PINS.morgan}.\n` : ''}${virtualScanner ? 'Virtual scanner: type a barcode here and press Enter (try 4006381333931).\n' : ''}Press Ctrl+C to stop.`);
  if (virtualScanner && process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      const code = line.trim();
      if (code && !station.devices.virtualScan(code, virtualScanner.id)) console.error('The virtual scanner is not ready');
    });
    stopAll.push(async () => lines.close());
  }
  const windows = openAppWindows([station.windowUrl('cashier'), station.windowUrl('kitchen'), station.windowUrl('customer')]);
  if (windows) stopAll.push(async () => void windows.kill());
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

/** `/cashier#token=T` as `/#window=diagnostics&token=T`: the diagnostics window uses the cashier's token. */
function hashWindowUrl(url: string, window: string): string {
  return url.replace(/\/[a-z]+#token=/, `/#window=${window}&token=`);
}
