/**
 * `npm start`: the whole product on embedded defaults. Starts the central server (PGlite) unless
 * station.json names one, builds the renderer, then runs the station in Electron where its binary is
 * installed, otherwise in browser mode (the same core under plain Node, windows served over HTTP).
 * `--role kitchen` runs a kitchen PC's station: kitchen and customer windows, no till.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { build } from 'vite';
import { catalogToMenu } from '../shared/menu/catalog-bridge.js';
import { defaultDataDir, loadStationConfig, mdnsDiscoveryOn, type StationConfig } from '../electron/core/config.js';
import { openPrivateAppendFile, privateDirectory } from '../electron/core/private-files.js';
import { announceable } from '../electron/core/mesh/discovery/start-discovery.js';
import { DEMO_PINS } from '../electron/core/staff/demo-staff.js';
import { chooseStaff } from '../electron/core/staff/staff-choice.js';
import { loadCatalog, startStation } from '../electron/core/station.js';
import { StationRole, startupWindows } from '../electron/core/station-role.js';
import type { WindowRole } from '../shared/ipc/contract.js';
import { embeddedStationCredential, startCentralServer } from '../server/main.js';
import { buildElectron } from './build-electron.js';
import { electronRuntime, NATIVE_REBUILDS, prepareElectronStage } from './package-stage.js';

const root = resolve(import.meta.dirname, '..');
const rendererDir = join(root, 'dist', 'renderer');

const { values: flags } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'server-port': { type: 'string', default: '4319' },
    'peer-port': { type: 'string' },
    role: { type: 'string' },
    browser: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
    'demo-staff': { type: 'boolean', default: false },
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

function parseRole(text: string | undefined): StationRole | undefined {
  if (text === undefined) return undefined;
  const role = StationRole.safeParse(text);
  if (!role.success) throw new Error(`--role must be one of ${StationRole.options.join(', ')}, got "${text}"`);
  return role.data;
}

interface CentralServerChoice {
  url: string;
  /** Where the URL comes from, for the start-up message. */
  source: string;
  /** Set only when this process started the server: its station credential and how to stop it. */
  embedded?: { token: string; close: () => Promise<void> };
}

/**
 * A server named in station.json is the store's own (shared by its stations): the station syncs with
 * it and nothing is started here, reachable or not (the station works offline until it is). Without
 * one, this machine runs an embedded server, as a single-station demo needs.
 */
async function chooseCentralServer(
  config: StationConfig,
  configFile: string,
  dataDir: string,
  logger: pino.Logger,
): Promise<CentralServerChoice> {
  if (config.server) return { url: config.server.url, source: `configured in ${configFile}; no embedded server started` };
  // This station's own credential, kept in the data directory: same directory, same credential.
  const credential = embeddedStationCredential(join(dataDir, 'server'), config.stationId, config.storeName);
  const server = await startCentralServer({
    dataDir: join(dataDir, 'server', 'pglite'),
    port: parsePort(flags['server-port'], 'server-port') ?? 4319,
    // A store that has never published a menu starts with the catalog file (or the demo catalog).
    bootstrap: {
      ...credential.bootstrap,
      menu: {
        publishedBy: config.catalogFile ? `catalog file ${config.catalogFile}` : 'demo catalog',
        menu: catalogToMenu(loadCatalog(config)),
      },
    },
    logger: logger.child({ process: 'server' }),
  });
  credential.forgetRetired();
  return { url: server.url, source: 'embedded, on this machine', embedded: { token: credential.token, close: () => server.close() } };
}

const WINDOW_LABELS: Record<WindowRole, string> = {
  cashier: 'Cashier window:',
  kitchen: 'Kitchen window:',
  customer: 'Customer display:',
  diagnostics: 'Diagnostics:',
};

/**
 * The peer endpoint URLs other stations of the store list for this one. A wildcard bind is reachable on
 * each of the machine's LAN addresses; a loopback one from this machine only, which the line says.
 */
function peerEndpointLines(peerUrl: string, paired: boolean): string[] {
  const { hostname, port, pathname } = new URL(peerUrl);
  const wildcard = hostname === '0.0.0.0' || hostname === '[::]';
  const lan = Object.values(networkInterfaces()).flatMap((addresses) =>
    (addresses ?? []).filter((address) => address.family === 'IPv4' && !address.internal).map((address) => address.address),
  );
  const hosts = wildcard && lan.length > 0 ? lan : [hostname];
  const loopback = /^(127\.|localhost$|\[::1\]$)/.test(hostname);
  const notes = [
    ...(loopback ? ['this machine only: set http.host (or mesh.host) to 0.0.0.0 or a LAN address for the other stations'] : []),
    ...(paired ? [] : ['not paired yet: needs the central server once']),
  ];
  const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return hosts.map((host) => `  ${'Peer endpoint:'.padEnd(17)} wss://${host}:${port}${pathname}${note}`);
}

/**
 * Where tablets and displays open this station. The window links above carry this machine's tokens,
 * which the station takes from loopback only; a LAN device opens the https address and pairs.
 */
function lanWindowLines(station: { lanUrls(): string[]; tlsFingerprint: string }): string[] {
  const label = 'LAN windows:'.padEnd(17);
  const urls = station.lanUrls();
  if (urls.length === 0) return [`  ${label} none: the window port listens on this machine only (set http.host to 0.0.0.0 for tablets)`];
  return [
    ...urls.map((url) => `  ${label} ${url}/kitchen (or /customer, /cashier): pair with a code from Diagnostics → Pair a device`),
    `  ${'Certificate:'.padEnd(17)} SHA-256 ${station.tlsFingerprint} (self-signed: compare with what the browser shows)`,
  ];
}

/** How the other stations of the store find this one besides their `peers` lists. */
function discoveryLine(config: StationConfig, peerUrl: string): string {
  const label = 'LAN discovery:'.padEnd(17);
  if (!mdnsDiscoveryOn(config)) return `  ${label} off (discovery.mdns is false): only listed peers are dialled`;
  const { hostname } = new URL(peerUrl);
  const found = "finds the stations of this station's store by mDNS (once paired)";
  return announceable(hostname.replace(/^\[|\]$/g, ''))
    ? `  ${label} ${found} and announces this one`
    : `  ${label} ${found}; not announced (it listens on loopback only)`;
}

/**
 * pino flushes its file synchronously when the process exits, and that flush throws while the file is
 * still opening: a start-up error (a bad station.json) printed its message and then that stack trace.
 * Opening the file here makes the destination ready at once, and a file that cannot be opened fails
 * before pino holds it.
 */
function openLogFile(path: string): ReturnType<typeof pino.destination> {
  return pino.destination({ fd: openPrivateAppendFile(path) });
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
  privateDirectory(dataDir);
  privateDirectory(join(dataDir, 'logs'));
  const logger = pino({ level: process.env.POS_LOG_LEVEL ?? 'info' }, openLogFile(join(dataDir, 'logs', 'pos.log')));

  // Read (and validate) the station's config first: its station id names the server credential, its
  // server decides whether one is started here. The --role flag wins over the file's role.
  const role = parseRole(flags.role);
  const configSource = { dataDir, ...(flags.config ? { configPath: flags.config } : {}) };
  const roleOverride = role ? { role } : {};
  const fileConfig = loadStationConfig({ ...configSource, overrides: roleOverride });
  const configFile = resolve(flags.config ?? join(dataDir, 'station.json'));
  // The demo team (Alex 1111, Morgan 9999) only when asked for: `npm start` on embedded defaults (no
  // config file at all) or `--demo-staff`. A counter config without `staff` is refused (here, before
  // anything starts, and by the station core), naming the three ways to say who signs in.
  const hasConfigFile = flags.config !== undefined || existsSync(configFile);
  const demoStaff = fileConfig.role === 'counter' && fileConfig.staff === undefined && (flags['demo-staff'] || !hasConfigFile);
  const demoPinsActive = demoStaff || (fileConfig.role === 'counter' && fileConfig.staff !== undefined && 'demo' in fileConfig.staff);
  // Checked before anything is built or started: a counter config that says nothing about staff stops here.
  chooseStaff(fileConfig.role, fileConfig.staff, demoStaff ? { demo: true } : undefined);
  const demoNotice = `DEMO PINS ACTIVE: anyone can sign in at the cashier window as Alex (cashier, PIN ${DEMO_PINS.alex}) or Morgan (manager, PIN ${DEMO_PINS.morgan}). Never run a shop like this: put your team in the "staff" section of station.json.`;

  console.log('Building the station UI…');
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });

  const central = await chooseCentralServer(fileConfig, configFile, dataDir, logger);
  console.log(`Central server: ${central.url} (${central.source})`);
  // Only the embedded server's credential is handed over: a configured server comes with its own token.
  const embeddedServer = central.embedded ? { server: { url: central.url, token: central.embedded.token } } : {};

  const stopAll: (() => Promise<void>)[] = central.embedded ? [central.embedded.close] : [];
  const shutdown = async () => {
    for (const stop of stopAll.reverse()) await stop().catch((error: unknown) => console.error(error));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  const electron = flags.browser ? undefined : electronBinary();
  if (electron) {
    const { externals } = await buildElectron();
    // The repository's better-sqlite3 is built for Node (tests, browser mode): Electron runs the app
    // from a stage whose copy is rebuilt for its ABI once (it needs Electron's headers, so network the first time).
    const { version, abi } = electronRuntime(root);
    const { rebuild } = await import('@electron/rebuild');
    const stageDir = join(root, 'dist', 'electron-app');
    await prepareElectronStage({
      root,
      stageDir,
      externals,
      electronVersion: version,
      abi,
      rebuild: (buildPath) => rebuild({ buildPath, electronVersion: version, force: true, onlyModules: [...NATIVE_REBUILDS] }),
    });
    console.log(`Starting the Electron ${fileConfig.role} station…`);
    if (demoPinsActive) console.log(demoNotice);
    const child = spawn(electron, [stageDir], {
      stdio: 'inherit',
      env: {
        ...process.env,
        POS_DATA_DIR: dataDir,
        ...(flags.config ? { POS_CONFIG: resolve(flags.config) } : {}),
        ...(central.embedded ? { POS_SERVER_URL: central.url, POS_SYNC_TOKEN: central.embedded.token } : {}),
        ...(role ? { POS_ROLE: role } : {}),
        POS_RENDERER_DIR: rendererDir,
        ...(demoStaff ? { POS_DEMO_STAFF: '1' } : {}),
      },
    });
    child.on('exit', () => void shutdown());
    return;
  }

  const port = parsePort(flags.port, 'port');
  const peerPort = parsePort(flags['peer-port'], 'peer-port');
  // The store mesh is on under `npm start`: its peer endpoint on --peer-port (default 4320) unless station.json sets one.
  const meshOverride = fileConfig.mesh && peerPort === undefined ? {} : { mesh: { ...fileConfig.mesh, port: peerPort ?? 4320 } };
  const config = loadStationConfig({
    ...configSource,
    overrides: {
      ...embeddedServer,
      ...roleOverride,
      ...meshOverride,
      ...(port !== undefined || flags.host ? { http: { port: port ?? 4318, host: flags.host ?? '127.0.0.1' } } : {}),
    },
  });
  const station = await startStation({
    config,
    dataDir,
    rendererDir,
    logger: logger.child({ process: 'station' }),
    ...(demoStaff ? { staff: { demo: true } } : {}),
    ...(flags.config ? { configPath: resolve(flags.config) } : {}),
  });
  stopAll.push(() => station.stop());
  // The first pairing takes one request to the server: wait for it (a little) so the line says where the mesh stands.
  if (station.meshPairing && !station.mesh.paired)
    await Promise.race([station.meshPairing.refresh(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
  station.devices.virtualPrinter()?.onDocument((document) => {
    console.log(`\n[virtual printer — simulated, no hardware]\n${document.lines.map((l) => `  | ${l}`).join('\n')}\n`);
  });
  // Scans go to the cashier window: without a till, a virtual scanner has nobody to type for.
  const virtualScanner = station.windows.includes('cashier')
    ? config.devices.scanners.find((s) => s.transport.kind === 'virtual')
    : undefined;

  console.log(`
POS ${config.role} station running in BROWSER MODE: the Electron binary is not installed on this machine, so the
same station core runs under Node and its windows are web pages. Devices: ${station.devices
    .list()
    .map((d) => `${d.name}${d.simulated ? ' (simulated)' : ''}`)
    .join(', ')}.

${station.windows.map((window) => `  ${WINDOW_LABELS[window].padEnd(17)} ${station.windowUrl(window)}`).join('\n')}
  (these links open windows on this machine only)
${lanWindowLines(station).join('\n')}
  Central server:   ${central.url} (${central.source})
${station.peerUrl ? `${[...peerEndpointLines(station.peerUrl, station.mesh.paired), discoveryLine(config, station.peerUrl)].join('\n')}\n` : ''}  Data directory:   ${dataDir}   (logs in ${join(dataDir, 'logs')})

${demoPinsActive ? `${demoNotice}\n` : ''}${virtualScanner ? 'Virtual scanner: type a barcode here and press Enter (try 4006381333931).\n' : ''}Press Ctrl+C to stop.`);
  if (virtualScanner && process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      const code = line.trim();
      if (code && !station.devices.virtualScan(code, virtualScanner.id)) console.error('The virtual scanner is not ready');
    });
    stopAll.push(async () => lines.close());
  }
  const windows = openAppWindows(startupWindows(station.windows).map((window) => station.windowUrl(window)));
  if (windows) stopAll.push(async () => void windows.kill());
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
