import { test as base, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseStationConfig } from '../../electron/core/config.js';
import { demoCatalog } from '../../electron/core/demo-catalog.js';
import { catalogToMenu } from '../../shared/menu/catalog-bridge.js';
import { DEMO_STAFF } from '../../electron/core/staff/demo-staff.js';
import { SIGN_IN_DISABLED, type StaffSection } from '../../electron/core/staff/staff-config.js';
import type { StationRole } from '../../electron/core/station-role.js';
import { startStation, type Station, type StationOptions } from '../../electron/core/station.js';
import { startCentralServer, type CentralServer, type CentralServerOptions } from '../../server/main.js';
import { ADMIN_TOKEN } from '../../server/testing/admin.js';
import type { Clock } from '../../shared/clock.js';
import { pushEvents } from '../../shared/ipc/contract.js';
import type { Scheduler } from '../../electron/core/sync/scheduler.js';
import { MockSerialBench } from './mock-serial.js';
import { CashierWindow, CustomerDisplay, DiagnosticsWindow, KitchenDisplay } from './pages/index.js';
import { rendererDir } from './renderer-dir.js';

export const MOCK_SCANNER = '/dev/ttyMOCK-SCANNER';
export const MOCK_PRINTER = '/dev/ttyMOCK-PRINTER';
export const MOCK_KITCHEN_PRINTER = '/dev/ttyMOCK-KITCHEN';
/** The store every central server here holds, and the credential its stations sync with. */
export const STORE = 'local';
export const STATION_TOKEN = 'e2e-station-token-0123456789abcdef';
export const WEB_KEY = 'e2e-web-channel-key-0123456789abcdef';

/**
 * A station in the store mesh: the stations of this bench it lists as peers, by station id. Each
 * station id gets one peer endpoint port on the bench, reserved when it is first named, so stations
 * can list each other before all of them are up. A mesh station pairs through the bench's server.
 */
export interface MeshSetup {
  peers: readonly string[];
}

export interface StationSetup {
  /** Names the temporary data directory, so a directory left behind says which spec left it. */
  dirPrefix: string;
  stationId: string;
  storeName?: string;
  /** The store's address lines and tax id, as `store` in station.json: the top of every receipt. */
  store?: { address: string[]; taxId?: string };
  /** `payments.offline` in station.json: the store-and-forward limits while the card gateway is down. */
  offlineCardLimits?: { perPaymentMinor?: number; totalPendingMinor?: number; maxAgeMs?: number; warnAtRatio?: number };
  /** `kitchen`: a kitchen PC's station (kitchen, customer and diagnostics windows, no till); a counter by default. */
  role?: StationRole;
  /**
   * `simulated`: the built-in simulated printer, drawer, scanner and customer display.
   * `serial`: a serial receipt printer with its drawer and a serial scanner on the mock bench.
   * `serial-kitchen`: one serial kitchen printer (no drawer) that also takes receipts, and a serial scanner.
   */
  devices: 'simulated' | 'serial' | 'serial-kitchen';
  /** The serial printer's display name (the diagnostics rows are named by it). */
  printerName?: string;
  /**
   * A central server on the same data directory, started before the station:
   * `sync-token` (the launcher's embedded shortcut), `sync-token-admin` (and the admin API),
   * `web-channel` (a bootstrapped store with a web shop key, `WEB_KEY`).
   */
  server?: 'sync-token' | 'sync-token-admin' | 'web-channel';
  syncIntervalMs?: number;
  /** Production waits up to 60 s between sync attempts; a test that takes the server away cannot. */
  fastSyncRetries?: boolean;
  /**
   * The demo team signs in at the till: `true` as a configured team, `'demo'` as `npm start` runs it
   * (`{ demo: true }`, the window shows that demo PINs are active). Without: sign-in off, in the words
   * a real config must use.
   */
  staff?: boolean | 'demo';
  clock?: Clock;
  /** The station's timers (idle sign-out, retries), fired by the test: pairs with a manual `clock`. */
  scheduler?: Scheduler;
  /** In the store mesh, listing these peers. */
  mesh?: MeshSetup;
}

function staffFor(staff: boolean | 'demo' | undefined): StaffSection {
  if (staff === 'demo') return { demo: true };
  return staff ? DEMO_STAFF : { signIn: SIGN_IN_DISABLED };
}

const DEFAULT_SETUP: StationSetup = { dirPrefix: 'pos-e2e-', stationId: 'station-counter', devices: 'simulated' };

/** Another station beside the fixture's own, on its own data directory; stopped before the fixture's. */
export interface OtherStationSetup {
  stationId: string;
  dataDirName: string;
  /** Syncs with the fixture's server, driven by the test (`sync.syncNow()`). */
  pullsFromServer?: boolean;
  /** With `pullsFromServer`: syncs on its own instead, as the fixture's station does (its interval and retries). */
  backgroundSync?: boolean;
  staff?: boolean;
  role?: StationRole;
  /** In the store mesh, listing these peers. */
  mesh?: MeshSetup;
}

export interface WindowOptions {
  /** Loads the window in this page (the test's `page`, say) instead of a new one. */
  page?: Page;
  viewport?: { width: number; height: number };
  /** Runs before the window loads: init scripts, a pinned clock. */
  beforeLoad?: (page: Page) => Promise<void>;
  /** Another station's window; the fixture's own by default. */
  station?: Station;
}

export interface PosBench {
  readonly dir: string;
  /** The station's data directory (its station.json, database and logs). */
  readonly stationDir: string;
  readonly station: Station;
  readonly serial: MockSerialBench;
  readonly server: CentralServer;
  /** Stops the station as a power cut would end it; `restartStation` brings it back. */
  stopStation(): Promise<void>;
  /** The station again on the same data directory and the same port. */
  restartStation(): Promise<Station>;
  stopServer(): Promise<void>;
  /** The server again on the same data and the same port. */
  restartServer(): Promise<CentralServer>;
  startOtherStation(setup: OtherStationSetup): Promise<Station>;
  openCashier(options?: WindowOptions): Promise<CashierWindow>;
  openKitchen(options?: WindowOptions): Promise<KitchenDisplay>;
  openCustomer(options?: WindowOptions): Promise<CustomerDisplay>;
  openDiagnostics(options?: WindowOptions): Promise<DiagnosticsWindow>;
}

function serverAuth(kind: NonNullable<StationSetup['server']>): Partial<CentralServerOptions> {
  switch (kind) {
    case 'sync-token':
      return { syncToken: STATION_TOKEN };
    case 'sync-token-admin':
      return { syncToken: STATION_TOKEN, adminToken: ADMIN_TOKEN };
    case 'web-channel':
      return {
        bootstrap: {
          storeId: STORE,
          storeWideStationToken: STATION_TOKEN,
          channels: [{ origin: 'web', channel: 'web', token: WEB_KEY }],
          // Web orders are priced from the store's menu: the demo catalog the stations sell, as `npm start` seeds it.
          menu: { publishedBy: 'demo catalog', menu: catalogToMenu(demoCatalog) },
        },
      };
  }
}

function serialDevices(setup: StationSetup) {
  if (setup.devices === 'serial-kitchen') {
    return {
      printers: [{ id: 'kitchen', transport: { kind: 'serial', path: MOCK_KITCHEN_PRINTER, baudRate: 38400 }, profile: 'epson-tm-t88' }],
      routing: { receipt: { printer: 'kitchen' }, kitchenDefault: { printer: 'kitchen' } },
      scanners: [{ id: 'scanner', transport: { kind: 'serial', path: MOCK_SCANNER, baudRate: 9600 } }],
    };
  }
  return {
    printers: [
      {
        id: 'receipt',
        ...(setup.printerName ? { name: setup.printerName } : {}),
        transport: { kind: 'serial', path: MOCK_PRINTER, baudRate: 38400 },
        profile: 'epson-tm-t88',
        drawer: { id: 'drawer', pin: 2 },
      },
    ],
    routing: { receipt: { printer: 'receipt' } },
    scanners: [{ id: 'scanner', transport: { kind: 'serial', path: MOCK_SCANNER, baudRate: 9600 } }],
  };
}

/** A port nothing listens on now, for a station that is to listen there. */
async function reservePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((listening, failed) => probe.once('error', failed).listen(0, '127.0.0.1', listening));
  const address = probe.address();
  await new Promise((closed) => probe.close(closed));
  if (address === null || typeof address === 'string') throw new Error('no port to reserve');
  return address.port;
}

/** Starts what the setup asks for on a fresh directory; `teardown` stops it all, newest first, and removes the directory. */
async function startBench(setup: StationSetup, browser: Browser) {
  const dir = mkdtempSync(join(tmpdir(), setup.dirPrefix));
  const stationDir = join(dir, 'station');
  const others: Station[] = [];
  const windows: Page[] = [];
  let server: CentralServer | undefined;
  let serverPort = 0;
  let station: Station | undefined;
  let stationPort = 0;
  // The bench's LAN: each station id's window server port, fixed once named, so a restart keeps it.
  const ports = new Map<string, number>();
  // Each station id's peer endpoint (TLS) port, fixed once named like the window ports.
  const peerPorts = new Map<string, number>();
  const peerPortOf = async (stationId: string) => {
    const port = peerPorts.get(stationId) ?? (await reservePort());
    peerPorts.set(stationId, port);
    return port;
  };
  const meshConfig = async (stationId: string, mesh: MeshSetup | undefined) => {
    if (!mesh) return {};
    const peers = [];
    for (const peer of mesh.peers) peers.push({ url: `wss://127.0.0.1:${await peerPortOf(peer)}/peer` });
    // Listed peers only: mDNS would let parallel workers' stations find each other on this machine.
    return { mesh: { port: await peerPortOf(stationId) }, peers, discovery: { mdns: false } };
  };
  const syncTuning = setup.fastSyncRetries
    ? { syncTuning: { backoff: { initialMs: 200, maxMs: 1_000, factor: 2, jitter: 'full' as const } } }
    : {};
  const serial =
    setup.devices === 'simulated'
      ? undefined
      : new MockSerialBench(MOCK_SCANNER, setup.devices === 'serial-kitchen' ? MOCK_KITCHEN_PRINTER : MOCK_PRINTER);

  // A push the window drops as invalid is a contract break between core and renderer: the spec fails on it.
  const droppedPushes: string[] = [];

  const startServer = async (kind: NonNullable<StationSetup['server']>) => {
    server = await startCentralServer({
      dataDir: join(dir, 'server'),
      port: serverPort,
      logger: pino({ level: 'silent' }),
      ...serverAuth(kind),
    });
    serverPort = Number(new URL(server.url).port);
    return server;
  };

  const startOwnStation = async () => {
    // Another station may list this one already: it takes the port that station dials.
    stationPort ||= ports.get(setup.stationId) ?? 0;
    const mesh = await meshConfig(setup.stationId, setup.mesh);
    station = await startStation({
      config: parseStationConfig(
        {
          stationId: setup.stationId,
          ...(setup.role ? { role: setup.role } : {}),
          ...(setup.storeName ? { storeName: setup.storeName } : {}),
          ...(setup.store ? { store: setup.store } : {}),
          ...(setup.offlineCardLimits ? { payments: { offline: setup.offlineCardLimits } } : {}),
          http: { host: '127.0.0.1', port: stationPort },
          ...(server ? { server: { url: server.url, token: STATION_TOKEN } } : {}),
          ...(setup.syncIntervalMs === undefined ? {} : { sync: { intervalMs: setup.syncIntervalMs } }),
          ...(serial ? { devices: serialDevices(setup) } : {}),
          ...mesh,
        },
        'e2e',
      ),
      dataDir: stationDir,
      rendererDir,
      ...(serial ? { serialBinding: serial.binding } : {}),
      staff: staffFor(setup.staff),
      ...(setup.clock ? { clock: setup.clock } : {}),
      ...(setup.scheduler ? { scheduler: setup.scheduler } : {}),
      ...syncTuning,
    } satisfies StationOptions);
    stationPort = Number(new URL(station.url).port);
    ports.set(setup.stationId, stationPort);
    // Every push checked as a window would read it, whether or not a window of its role is open.
    station.onPush((name, payload) => {
      const parsed = pushEvents[name].payload.safeParse(JSON.parse(JSON.stringify({ payload })).payload);
      if (!parsed.success) droppedPushes.push(`core sent "${name}" off the window schema: ${parsed.error.message}`);
    });
    return station;
  };

  const own = (): Station => {
    if (!station) throw new Error('the station is stopped');
    return station;
  };

  const watched = new WeakSet<Page>();
  const watchBridge = (page: Page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && /^\[(ws|electron)-bridge\] dropped/.test(text)) droppedPushes.push(`${page.url()}: ${text}`);
    });
  };

  async function open<W>(
    role: 'cashier' | 'kitchen' | 'customer' | 'diagnostics',
    options: WindowOptions,
    make: (page: Page) => W,
  ): Promise<W> {
    let page = options.page;
    if (page) {
      if (options.viewport) await page.setViewportSize(options.viewport);
    } else {
      // A page in a context of its own (closed with it): axe-core needs the context to open its helper page.
      const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
      page = await context.newPage();
      windows.push(page);
    }
    watchBridge(page);
    await options.beforeLoad?.(page);
    const target = options.station ?? own();
    await page.goto(target.windowUrl(role));
    return make(page);
  }

  const bench: PosBench = {
    dir,
    stationDir,
    get station() {
      return own();
    },
    get serial() {
      if (!serial) throw new Error('this station has simulated devices: use `devices: serial` for the mock serial bench');
      return serial;
    },
    get server() {
      if (!server) throw new Error('this station has no central server');
      return server;
    },
    async stopStation() {
      const running = own();
      station = undefined;
      await running.stop();
    },
    async restartStation() {
      if (station) await bench.stopStation();
      return startOwnStation();
    },
    async stopServer() {
      const running = bench.server;
      server = undefined;
      await running.close();
    },
    async restartServer() {
      if (!setup.server) throw new Error('this station has no central server');
      if (server) await bench.stopServer();
      return startServer(setup.server);
    },
    async startOtherStation(other) {
      const background = other.pullsFromServer && other.backgroundSync;
      // A second station under the bench station's own id (a staffed twin) must not take its port.
      const twin = other.stationId === setup.stationId;
      const started = await startStation({
        config: parseStationConfig(
          {
            stationId: other.stationId,
            ...(other.role ? { role: other.role } : {}),
            http: { host: '127.0.0.1', port: twin ? 0 : (ports.get(other.stationId) ?? 0) },
            ...(other.pullsFromServer ? { server: { url: bench.server.url, token: STATION_TOKEN } } : {}),
            ...(background && setup.syncIntervalMs !== undefined ? { sync: { intervalMs: setup.syncIntervalMs } } : {}),
            ...(await meshConfig(other.stationId, other.mesh)),
          },
          'e2e',
        ),
        dataDir: join(dir, other.dataDirName),
        rendererDir,
        ...(other.pullsFromServer && !background ? { manualSync: true } : {}),
        ...(background ? syncTuning : {}),
        staff: staffFor(other.staff),
      });
      others.push(started);
      if (!twin) ports.set(other.stationId, Number(new URL(started.url).port));
      return started;
    },
    openCashier: (options = {}) => open('cashier', options, (page) => new CashierWindow(page)),
    openKitchen: (options = {}) => open('kitchen', options, (page) => new KitchenDisplay(page)),
    openCustomer: (options = {}) => open('customer', options, (page) => new CustomerDisplay(page)),
    openDiagnostics: (options = {}) => open('diagnostics', options, (page) => new DiagnosticsWindow(page)),
  };

  const teardown = async () => {
    // The windows go first, so none of them is left polling a station that has stopped.
    for (const window of windows.splice(0)) await window.context().close();
    for (const other of others.splice(0).reverse()) await other.stop();
    if (station) await station.stop();
    if (server) await server.close();
    serial?.reset();
    rmSync(dir, { recursive: true, force: true });
    if (droppedPushes.length > 0) throw new Error(`a window dropped pushes from the station:\n${droppedPushes.join('\n')}`);
  };

  try {
    if (setup.server) await startServer(setup.server);
    await startOwnStation();
  } catch (error) {
    // A station that fails to start must not leave its server running for the next spec.
    await teardown();
    throw error;
  }
  return { bench, teardown };
}

interface StationFixtures {
  /** What the spec's station has: `test.use({ stationSetup: { … } })`. */
  stationSetup: Partial<StationSetup>;
  pos: PosBench;
  /** The fixture's station as the test starts (after `restartStation`, use the station it returns). */
  station: Station;
  serial: MockSerialBench;
  server: CentralServer;
}

/**
 * One way to start a station for every spec: a fresh data directory, optionally a central server
 * and the mock serial bench, windows opened through page objects, and everything stopped afterwards.
 */
export const test = base.extend<StationFixtures>({
  stationSetup: [{}, { option: true }],
  pos: async ({ stationSetup, browser }, use) => {
    const { bench, teardown } = await startBench({ ...DEFAULT_SETUP, ...stationSetup }, browser);
    try {
      await use(bench);
    } finally {
      await teardown();
    }
  },
  station: async ({ pos }, use) => use(pos.station),
  serial: async ({ pos }, use) => use(pos.serial),
  server: async ({ pos }, use) => use(pos.server),
});

export { expect } from '@playwright/test';
