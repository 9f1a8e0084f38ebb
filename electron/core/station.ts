import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { SerialBinding } from '../../drivers/transport/serial-transport.js';
import { Catalog, type CatalogItem } from '../../shared/catalog.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import type { PushEventName, WindowRole } from '../../shared/ipc/contract.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { mdnsDiscoveryOn, readJsonFile, storeHeader, type StationConfig } from './config.js';
import { openDatabase, type Db } from './db/open-database.js';
import { demoCatalog } from './demo-catalog.js';
import type { DeviceManager } from '../../drivers/manager/device-manager.js';
import { createOrderPeripherals } from './devices/order-peripherals.js';
import { kitchenStationsOwned } from './devices/kitchen-prints.js';
import { followCommits } from './after-commit.js';
import { startDevices } from './devices/station-devices.js';
import { createDeviceHandlers, printJobView } from './ipc/device-handlers.js';
import { EventStore } from './event-store.js';
import { createStaticHandler } from './http/static-files.js';
import { HostAllowlist } from './http/host-allowlist.js';
import { withPairingEndpoint } from './http/pairing-endpoint.js';
import { WindowServer } from './http/window-server.js';
import { createHandlers } from './ipc/create-handlers.js';
import { createDiagnosticsHandlers } from './ipc/diagnostics-handlers.js';
import { CustomerFacing, createDisplayHandlers } from './ipc/display-handlers.js';
import { StoreOfflineLimits } from './payments/store-offline-limits.js';
import { createPaymentHandlers } from './ipc/payment-handlers.js';
import { CardPaymentSaga } from './payments/card-payment-saga.js';
import { OfflineForwarder } from './payments/offline-forwarder.js';
import { offlineQueueReads } from './payments/offline-queue-view.js';
import { resolveOfflineLoss } from './payments/offline-loss-resolution.js';
import { SimulatedPaymentTerminal } from './payments/simulated-terminal.js';
import { CardRefundSaga } from './payments/card-refund-saga.js';
import { openSimulatedLedgerConnection, sqliteSimulatedLedger } from './payments/sqlite-simulated-ledger.js';
import { createRefundsDue } from './payments/refunds-due.js';
import { createDispatch, firstRefusal, type Dispatch } from './ipc/dispatch.js';
import { generateToken, TokenRegistry } from './ipc/tokens.js';
import { WsIpcServer } from './ipc/ws-server.js';
import { fromThisMachine, isLoopbackAddress, type ConnectionEnds } from './window-access/local-address.js';
import { WindowAccess } from './window-access/window-access.js';
import { createWindowAccessHandlers, displayFingerprint } from './window-access/window-handlers.js';
import { OrderService } from './orders/order-service.js';
import { createStaffHandlers } from './ipc/staff-handlers.js';
import { createStationShifts } from './shifts/station-shifts.js';
import type { StaffSection } from './staff/staff-config.js';
import { chooseStaff } from './staff/staff-choice.js';
import { PinLockouts } from './staff/pin-lockouts.js';
import { privilegeGuard, type PrivilegePolicy } from './staff/privileged-guard.js';
import { StaffSessions } from './staff/staff-session.js';
import { tillGuard } from './staff/till-guard.js';
import { STATION_WINDOWS, stationRoleGuard } from './station-role.js';
import { RecentErrors } from './logging/recent-errors.js';
import { teeLogger } from './logging/log-tee.js';
import { LogRing } from './logging/log-ring.js';
import { startChannelFiring } from './kitchen/channel-firing.js';
import type { DnsSd } from './mesh/discovery/dns-sd.js';
import { startDiscovery } from './mesh/discovery/start-discovery.js';
import { Mesh, NOT_PAIRED } from './mesh/mesh.js';
import { MeshPairing } from './mesh/pairing.js';
import { RevocationStore } from './mesh/revocations.js';
import { StationIdentity } from './mesh/station-identity.js';
import type { SendQueueBound } from './mesh/peer-session.js';
import { activeDevicesConfig } from './devices/device-config.js';
import { createKitchenRoutingHandlers, KitchenRoutingSettings } from './kitchen/routing-handlers.js';
import { routingView } from './kitchen/kitchen-routing.js';
import { StoreDataServerSync } from './store-data/server-sync.js';
import { StoreData } from './store-data/store-data.js';
import { MenuCatalog } from './menu/menu-catalog.js';
import { StationAvailability } from './menu/availability.js';
import { createMenuHandlers } from './menu/availability-handlers.js';
import { realScheduler, type Scheduler } from './sync/scheduler.js';
import { SyncClient, type FetchLike } from './sync/sync-client.js';
import { SyncEngine, type SyncTuning } from './sync/sync-engine.js';
import { privateDirectory } from './private-files.js';

export interface StationOptions {
  config: StationConfig;
  dataDir: string;
  /** The config file the station was loaded from (`--config`); `station.json` in dataDir when absent. Settings saved from the windows go there. */
  configPath?: string;
  /** Built renderer (dist/renderer) served to browser windows. */
  rendererDir: string;
  clock?: Clock;
  logger?: Logger;
  /** Serial binding for devices: the OS binding by default, @serialport/binding-mock in tests. */
  serialBinding?: SerialBinding;
  fetch?: FetchLike;
  /** Timers for sync retries and housekeeping; tests inject a manual one. */
  scheduler?: Scheduler;
  /** Do not start the background sync timer (tests drive `sync.syncNow()` themselves). */
  manualSync?: boolean;
  /**
   * Staff who sign in at the till (overrides `config.staff`): a team, `{ demo: true }`, or sign-in off
   * in so many words. A counter station with neither this nor `config.staff` refuses to start.
   */
  staff?: StaffSection;
  /** Sync engine and HTTP client knobs (tests: own scheduler, short timeouts, fixed jitter). */
  syncTuning?: SyncTuning;
  /** The DNS-SD layer for peer discovery (tests pass an in-memory one); multicast DNS otherwise. */
  dnsSd?: DnsSd;
  /** The store mesh's per-peer send bound (tests make it small). */
  meshBound?: SendQueueBound;
  /**
   * Which window connections count as this machine's (they may use the per-role tokens). Loopback by
   * default; tests narrow it to 127.0.0.1 and connect from 127.0.0.2 to play a LAN device.
   */
  isLocalAddress?: (address: string | undefined) => boolean;
}

export type PushListener = (name: PushEventName, payload: unknown) => void;

export interface Station {
  readonly stationId: string;
  /** http://host:port of the station's window server. */
  readonly url: string;
  /** The windows this station serves (its role's), in the order they open. */
  readonly windows: readonly WindowRole[];
  /** A token for each window it serves, and none for the others: accepted from this machine only. */
  readonly tokens: Readonly<Partial<Record<WindowRole, string>>>;
  /** A local (this machine's) window URL with its token. Throws for a window the station does not serve. */
  windowUrl(role: WindowRole): string;
  /** Where LAN devices open the station (https), empty when the window port listens on loopback only. */
  lanUrls(): string[];
  /** SHA-256 of the certificate LAN windows are served with, AA:BB:… */
  readonly tlsFingerprint: string;
  /** Paired LAN devices and pairing codes. */
  readonly windowAccess: WindowAccess;
  readonly dispatch: Dispatch;
  onPush(listener: PushListener): () => void;
  readonly store: EventStore;
  readonly sync: SyncEngine | undefined;
  readonly devices: DeviceManager;
  readonly databasePath: string;
  /** The store mesh (LAN peers): its status is in `diagnostics.get` too. */
  readonly mesh: Mesh;
  /** `wss://host:port/peer`: what other stations list for this one; undefined without a mesh. */
  readonly peerUrl: string | undefined;
  /** Pairing with the central server (certificate, revocations); undefined without a server or a mesh. */
  readonly meshPairing: MeshPairing | undefined;
  /** The store's documents this station holds (menu, availability, staff, routing). */
  readonly storeData: StoreData;
  stop(): Promise<void>;
}

const MAX_CLOCK_DRIFT_MS = 5 * 60_000;
const COMPACTION_INTERVAL_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Builds the station core: database, event store, order service, devices, IPC (WebSocket here;
 * the Electron shell adds its own transport through `dispatch`/`onPush`) and the sync loop.
 */
export async function startStation(options: StationOptions): Promise<Station> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const scheduler = options.scheduler ?? realScheduler;
  const recentErrors = new RecentErrors(() => clock.now());
  const logRing = new LogRing(() => clock.now());
  const logger = teeLogger((options.logger ?? silentLogger).child({ stationId: config.stationId }), [logRing, recentErrors]);
  privateDirectory(options.dataDir); // 0700: tokens, the staff session, orders
  const databasePath = join(options.dataDir, 'station.sqlite');
  const db = openDatabase(databasePath, logger);
  const cleanups: (() => Promise<void> | void)[] = [() => void db.close()];
  try {
    const store = new EventStore({
      db,
      origin: config.stationId,
      clock,
      random: (n) => new Uint8Array(randomBytes(n)),
      logger,
      maxClockDriftMs: MAX_CLOCK_DRIFT_MS,
    });
    const rebuilt = store.rebuildProjectionsIfStale();
    if (rebuilt > 0) logger.info({ orders: rebuilt }, 'order projections rebuilt for this version');
    const startupCatalog = loadCatalog(config);
    // A kitchen station has no till: nobody signs in there and no shift is demanded (its windows need
    // neither); its staff, when configured, only approve privileged commands.
    // Store data (menu, availability, staff, kitchen routing): the same documents at every station, from the server and the peers.
    const storeData = new StoreData({ db, origin: config.stationId, clock, hlc: store, logger: logger.child({ component: 'store-data' }) });
    // A station whose config names no team follows the store's staff document once it holds one.
    const staffChoice = chooseStaff(config.role, config.staff, options.staff, storeData.current('staff')?.body);
    const team =
      staffChoice.kind === 'team'
        ? new StaffSessions(staffChoice.config, store, clock, {
            lockouts: new PinLockouts(db, clock),
            logger,
            scheduler,
            demo: staffChoice.demo,
          })
        : undefined;
    if (team) cleanups.push(() => team.stop());
    if (team && staffChoice.kind === 'team' && staffChoice.fromStore) {
      logger.info({ members: staffChoice.config.members.length }, 'staff from the store data the server sent');
      storeData.onChange(({ document }) => {
        if (document.kind === 'staff') team.useMembers(document.body.members);
      });
    }
    if (staffChoice.kind === 'team' && staffChoice.demo) logger.warn({}, 'DEMO staff with published PINs (1111, 9999) can sign in here');
    if (staffChoice.kind === 'disabled') logger.warn({}, 'staff sign-in is turned off: refunds, voids and settings need no approval');
    const staff = config.role === 'kitchen' ? undefined : team;
    if (config.role === 'kitchen' && team) logger.info({}, 'staff configured, but a kitchen station has no till: nobody signs in here');
    const privileges: PrivilegePolicy = team
      ? { kind: 'managers', approve: (action, pin) => team.approve(action, pin), hasManager: team.hasManager }
      : { kind: staffChoice.kind === 'disabled' ? 'open' : 'no-staff' };
    const stationActor = { kind: 'device', id: config.stationId } as const;
    // New lines are rung up from the store's published menu once one is held; the file / demo catalog until then.
    const menuCatalog = new MenuCatalog(storeData, startupCatalog, logger.child({ component: 'menu' }));
    const catalog = menuCatalog.items;
    // Kitchen routing decides the station of every line rung up here, and of web orders' lines when fired.
    // A station upgraded from per-station routing keeps it: its settings become the store's first document.
    const kitchenRouting = new KitchenRoutingSettings(storeData, catalog, logger, store);
    // Sold out ("86") and counts left: the store's availability document and this station's sales.
    const availability = new StationAvailability({
      db,
      storeData,
      hlc: store,
      getOrder: (orderId) => store.getOrder(orderId),
      onOrderChanged: (listener) => store.onOrderChanged(listener),
      origin: config.stationId,
      logger: logger.child({ component: 'availability' }),
    });
    // Events are written as whoever is signed in at the till; as the station when nobody is.
    const orders = new OrderService(store, catalog, config.currency, () => staff?.actor() ?? stationActor, {
      ...(staff?.requireSignIn ? { approvals: staff } : {}),
      kitchenStationFor: (item) => kitchenRouting.stationFor(item),
      isSoldOut: (itemId) => availability.isSoldOut(itemId),
    });
    const windows = STATION_WINDOWS[config.role];
    const tokens = loadWindowTokens(db, store, windows);

    // A window's failing transport must not keep the others (or the writer that caused the push) from going on.
    const pushListeners = new ListenerSet<{ name: PushEventName; payload: unknown }>((error) =>
      logger.error({ err: error }, 'push listener failed'),
    );
    const push = (name: PushEventName, payload: unknown) => pushListeners.emit({ name, payload });
    availability.onChange((view) => push('menu.availabilityChanged', view));
    menuCatalog.onChange((view) => {
      orders.useCatalog(view.items);
      kitchenRouting.useCatalog(view.items);
      push('catalog.changed', view);
    });

    const devices = await startDevices({
      config: config.devices,
      db,
      logger,
      clock,
      ...(options.serialBinding ? { serialBinding: options.serialBinding } : {}),
    });
    cleanups.push(() => devices.stop());
    devices.onScan((scan) => push('scanner.scanned', { deviceId: scan.deviceId, barcode: scan.code }));
    devices.onChange((status) => push('devices.changed', status));
    devices.onJobChange((job) => push('print.jobChanged', printJobView(job)));
    const peripherals = createOrderPeripherals({
      devices,
      store: storeHeader(config),
      stationId: config.stationId,
      clock,
      logger,
      hasKitchenRoutes: !!(config.devices.routing.kitchenDefault || Object.keys(config.devices.routing.kitchen ?? {}).length),
      // The kitchen tickets of the whole store that print here: those this station routes to a printer of its own.
      ownsKitchenStation: kitchenStationsOwned(config.devices),
    });
    cleanups.push(() => peripherals.stop());
    const shifts = createStationShifts({
      db,
      store,
      devices,
      staff,
      stationId: config.stationId,
      storeName: config.storeName,
      currency: config.currency,
      clock,
      logger,
    });
    staff?.onChange((session) => push('staff.changed', session));
    shifts.onChange((shift) => push('shift.changed', shift));

    const { timeoutMs: syncTimeoutMs, scheduler: syncScheduler, ...syncTuning } = options.syncTuning ?? {};
    const syncClient = config.server ? new SyncClient(config.server.url, config.server.token, options.fetch, syncTimeoutMs) : undefined;
    const storeDataSync = syncClient
      ? new StoreDataServerSync(storeData, syncClient, store, logger.child({ component: 'sync', part: 'store-data' }))
      : undefined;
    const sync = syncClient
      ? new SyncEngine({
          store,
          transport: syncClient,
          clock,
          scheduler: syncScheduler ?? scheduler,
          logger: logger.child({ component: 'sync' }),
          pollIntervalMs: config.sync.intervalMs,
          ...(storeDataSync ? { storeData: storeDataSync } : {}),
          ...syncTuning,
        })
      : undefined;
    if (sync) {
      cleanups.push(() => sync.stop());
      sync.onStatus((status) => push('sync.changed', status));
      // An edit made here goes up at once, like a sale.
      cleanups.push(storeData.onChange(({ source }) => source === 'local' && sync.kick()));
    }
    const identity = await StationIdentity.open(db, config.stationId);
    const isLocal = (ends: ConnectionEnds) => fromThisMachine(ends, options.isLocalAddress);
    const windowAccess = new WindowAccess(db, clock, new TokenRegistry(tokens), windows, logger.child({ component: 'window-access' }));
    const httpLogger = logger.child({ component: 'http' });
    // LAN windows are served with the station's mesh TLS certificate: one identity, one fingerprint to check.
    const windowServer = new WindowServer({
      handler: withPairingEndpoint(
        createStaticHandler(options.rendererDir),
        (code, name, address) => windowAccess.pair(code, name, address),
        httpLogger,
      ),
      tls: identity.tls,
      hosts: new HostAllowlist(config.http.allowedHosts),
      isLocal,
      logger: httpLogger,
    });
    // The mesh is on when it is configured or peers are listed; its endpoint is its own TLS server.
    const meshConfig = config.mesh ?? (config.peers.length > 0 ? { port: 4320 } : undefined);
    const mesh = new Mesh({
      db,
      store,
      stationId: config.stationId,
      identity,
      revocations: new RevocationStore(db),
      listen: meshConfig ? { host: meshConfig.host ?? config.http.host, port: meshConfig.port } : undefined,
      peers: config.peers,
      clock,
      maxClockDriftMs: MAX_CLOCK_DRIFT_MS,
      logger,
      storeData,
      ...(options.meshBound ? { bound: options.meshBound } : {}),
    });
    mesh.onChange((status) => push('mesh.changed', status));
    cleanups.push(() => mesh.close());
    const peerUrl = await mesh.start();
    const meshPairing =
      peerUrl && syncClient
        ? new MeshPairing({
            server: syncClient,
            identity: mesh.identity,
            mesh,
            clock,
            scheduler,
            logger: logger.child({ component: 'mesh-pairing' }),
          })
        : undefined;
    if (meshPairing) {
      meshPairing.start();
      cleanups.push(() => meshPairing.stop());
    } else if (peerUrl && !mesh.paired) {
      logger.warn({}, `store mesh ${NOT_PAIRED}: no central server is configured`);
    }
    cleanups.push(followCommits({ store, sync, peripherals, mesh, pushOrderChanged: (order) => push('order.changed', order) }));
    const customerFacing = new CustomerFacing(
      (orderId) => store.getOrder(orderId) !== undefined,
      (error) => logger.error({ err: error }, 'customer display listener failed'),
    );
    customerFacing.onChange((view) => push('display.changed', view));

    // Card payments: only the SIMULATED terminal exists so far (config.payments.terminal.kind).
    // Its ledger lives in the database, so a restart never turns a lost-answer charge into "not found".
    const terminalId = `simulated-${config.stationId}`;
    const terminalDb = openSimulatedLedgerConnection(databasePath);
    cleanups.push(() => void terminalDb.close());
    const terminal = new SimulatedPaymentTerminal({
      id: terminalId,
      defaultAuthorize: { kind: config.payments.terminal.outcome },
      ledger: sqliteSimulatedLedger(terminalDb, terminalId),
    });
    // The store's limits (set on the server, replicated as store data) win over this station's config.
    const offlineLimits = new StoreOfflineLimits(config.payments.offline, storeData);
    const payments = new CardPaymentSaga({
      db,
      store,
      terminal,
      actor: () => staff?.actor() ?? stationActor,
      clock,
      logger: logger.child({ component: 'payments' }),
      offlineLimits,
    });
    // Store and forward: payments approved while the gateway was down are forwarded from here only.
    const forwarder = new OfflineForwarder({
      db,
      store,
      terminal,
      actor: () => staff?.actor() ?? stationActor,
      clock,
      logger: logger.child({ component: 'offline-payments' }),
      limits: offlineLimits,
    });
    const offlineQueue = offlineQueueReads({ db, store, terminal, limits: offlineLimits, clock, currency: config.currency });
    const pushOfflineQueue = () => push('payment.offlineQueueChanged', offlineQueue.view());
    payments.onChange((attempt) => {
      push('payment.changed', attempt);
      if (attempt.state === 'offline_approved' || attempt.state === 'declined' || attempt.state === 'failed') pushOfflineQueue();
    });
    forwarder.onChange(pushOfflineQueue);
    cleanups.push(
      storeData.onChange(({ document }) => {
        if (document.kind !== 'offline-card-limits') return;
        logger.info({ limits: document.body, version: document.version }, 'store offline card limits in force');
        pushOfflineQueue();
      }),
    );
    cleanups.push(
      terminal.onGatewayChange((reachable) => {
        pushOfflineQueue();
        if (reachable) void forwarder.run();
      }),
    );
    const refunds = new CardRefundSaga({
      db,
      store,
      terminal,
      actor: () => staff?.actor() ?? stationActor,
      clock,
      logger: logger.child({ component: 'refunds' }),
      // The same manager approval as cash refunds, where staff sign in.
      ...(staff?.requireSignIn ? { approvals: staff } : {}),
    });
    refunds.onChange((refund) => push('payment.refundChanged', refund));
    // Attempts a crash left in flight are resolved by asking the terminal, then retried each minute.
    const paymentRecovery = schedulePaymentRecovery(
      { recover: () => Promise.all([payments.recover(), refunds.recover(), forwarder.run()]) },
      scheduler,
      logger,
    );
    cleanups.push(() => paymentRecovery.cancel());
    // Kitchen screens follow a routing change at once (their station list and where unfired lines go).
    kitchenRouting.onChange((routing) =>
      push('kitchen.routingChanged', routingView(routing, kitchenRouting.catalog, kitchenRouting.document)),
    );
    // Web and mobile orders arrive without tickets: routing decides their stations, this station fires them.
    cleanups.push(
      startChannelFiring({
        onOrderChanged: (listener) => store.onOrderChanged(listener),
        listActive: () => store.listActive(),
        kitchen: orders.kitchen,
        routing: kitchenRouting,
        logger,
      }),
    );
    const dispatch = createDispatch(
      {
        ...createHandlers({ orders, store, menu: () => menuCatalog.menu }),
        ...createKitchenRoutingHandlers(kitchenRouting),
        ...createMenuHandlers(availability, (role) => staff?.actor()?.id ?? role),
        ...createDeviceHandlers(
          devices,
          config.stationId,
          activeDevicesConfig(config.devices),
          options.configPath ?? join(options.dataDir, 'station.json'),
          (orderId) => {
            const order = store.getOrder(orderId);
            return order
              ? peripherals.printReceiptCopy(order)
              : { ok: false, error: { code: 'not_found', message: `No order ${orderId} on this station` } };
          },
        ),
        ...createPaymentHandlers({
          saga: payments,
          refunds,
          terminal,
          store,
          actor: () => staff?.actor() ?? stationActor,
          refundsDue: createRefundsDue(db, store),
          offline: offlineQueue,
          resolveLoss: (input) => {
            const resolved = resolveOfflineLoss(
              {
                db,
                store,
                actor: () => staff?.actor() ?? stationActor,
                logger: logger.child({ component: 'offline-payments' }),
                ...(staff?.requireSignIn ? { approvals: staff } : {}),
              },
              input,
            );
            if (resolved.ok) pushOfflineQueue();
            return resolved;
          },
        }),
        ...createStaffHandlers(staff, shifts),
        ...createDisplayHandlers(customerFacing),
        ...createWindowAccessHandlers(windowAccess, {
          connections: () => ws.connectionCount,
          maxConnections: config.http.maxConnections,
          refusedAtCap: () => ws.refusedAtCap,
          refusedHosts: () => windowServer.refusedHosts,
          deviceConnections: (deviceId) => ws.deviceConnections(deviceId),
          closeDevice: (deviceId) => ws.closeDevice(deviceId),
          lanUrls: () => lanUrls(),
          tlsFingerprint: displayFingerprint(identity.tls.fingerprint),
        }),
        ...createDiagnosticsHandlers({
          stationId: config.stationId,
          dataDir: options.dataDir,
          databasePath,
          store,
          sync,
          devices,
          recentErrors,
          logs: logRing,
          mesh,
          storeData,
          offlinePayments: offlineQueue,
        }),
      },
      logger.child({ component: 'ipc' }),
      firstRefusal(
        stationRoleGuard(config.role),
        tillGuard({
          requireSignIn: () => staff?.requireSignIn ?? false,
          isSignedIn: () => (staff?.current().signedIn ?? null) !== null,
          hasOpenShift: () => shifts.hasOpenShift(),
          touch: () => staff?.touch(),
        }),
        privilegeGuard(
          privileges,
          (deviceId) => devices.list().some((d) => d.id === deviceId && d.kind === 'drawer'),
          logger.child({ component: 'approvals' }),
        ),
      ),
    );

    const ws = new WsIpcServer({
      servers: windowServer.servers,
      path: '/ipc',
      authenticate: (token, local) => windowAccess.authenticate(token, local),
      isLocal,
      maxConnections: config.http.maxConnections,
      deviceSeen: (device) => windowAccess.devices.seen(device),
      dispatch,
      stationId: config.stationId,
      logger: logger.child({ component: 'ws' }),
    });
    pushListeners.add(({ name, payload }) => ws.broadcast(name, payload));
    // Cleanups run in reverse: WebSocket clients go first, else the HTTP close waits on upgraded sockets.
    cleanups.push(
      () => windowServer.close(),
      () => ws.close(),
    );
    const address = await windowServer.listen(config.http.host, config.http.port);
    const url = `http://${localHost(address.address)}:${address.port}`;
    const lanUrls = () => lanWindowUrls(address);
    if (peerUrl && mdnsDiscoveryOn(config)) {
      // The store id comes with pairing: discovery starts once the station holds its certificate.
      const peerEndpoint = new URL(peerUrl);
      let discovery: ReturnType<typeof startDiscovery>;
      let discoveryTried = false;
      const startMdns = () => {
        const storeId = mesh.storeId;
        if (discoveryTried || storeId === undefined) return;
        discoveryTried = true;
        discovery = startDiscovery({
          mesh,
          self: { storeId, stationId: config.stationId },
          endpoint: { host: peerEndpoint.hostname.replace(/^\[|\]$/g, ''), port: Number(peerEndpoint.port) },
          logger: logger.child({ component: 'discovery' }),
          ...(options.dnsSd ? { dnsSd: options.dnsSd } : {}),
        });
      };
      const stopWatching = mesh.onChange(startMdns);
      startMdns();
      cleanups.push(async () => {
        stopWatching();
        await discovery?.close();
      });
    }

    if (!options.manualSync && sync && syncClient) {
      sync.start();
      // The server pokes when new events land in this store; the poll interval is only the backup.
      const live = syncClient.subscribeLive({
        onPoke: (cursor) => {
          sync.observeServerHead(cursor);
          if (cursor > sync.pullCursor()) sync.kick();
        },
        onStoreData: (cursor) => {
          if (!storeDataSync || cursor > storeDataSync.cursor()) sync.kick();
        },
        onState: (state) => logger.debug({ component: 'sync', ...state }, 'live connection changed'),
      });
      cleanups.push(() => live.close());
    }
    const compaction = scheduleCompaction(store, scheduler, config.storage.closedOrderRetentionDays * DAY_MS, logger);
    cleanups.push(() => compaction.cancel());
    logger.info(
      { url, peerUrl, databasePath, catalogItems: menuCatalog.items.length, menuVersion: menuCatalog.menu?.version },
      'station started',
    );

    return {
      stationId: config.stationId,
      url,
      windows,
      tokens,
      windowUrl: (role) => {
        const token = tokens[role];
        if (!token) throw new Error(`This ${config.role} station serves no ${role} window (it serves ${windows.join(', ')})`);
        return `${url}/${role}#token=${token}`;
      },
      lanUrls,
      tlsFingerprint: displayFingerprint(identity.tls.fingerprint),
      windowAccess,
      dispatch,
      onPush: (listener) => pushListeners.add(({ name, payload }) => listener(name, payload)),
      store,
      sync,
      devices,
      databasePath,
      mesh,
      peerUrl,
      meshPairing,
      storeData,
      stop: () => runCleanups(cleanups, logger),
    };
  } catch (error) {
    await runCleanups(cleanups, logger);
    throw error;
  }
}

/** Hourly: closed, fully delivered orders older than the retention leave the database. */
function scheduleCompaction(store: EventStore, scheduler: Scheduler, retentionMs: number, logger: Logger): { cancel(): void } {
  let timer = scheduler.schedule(COMPACTION_INTERVAL_MS, run);
  function run(): void {
    try {
      const removed = store.compact(retentionMs);
      if (removed.orders > 0) logger.info(removed, 'compacted closed orders');
    } catch (error) {
      logger.error({ err: error }, 'compaction failed');
    }
    timer = scheduler.schedule(COMPACTION_INTERVAL_MS, run);
  }
  return { cancel: () => timer.cancel() };
}

const PAYMENT_RECOVERY_INTERVAL_MS = 60_000;

/** At once, then every minute: in-flight card attempts are resumed (a no-op when there are none). */
function schedulePaymentRecovery(payments: { recover(): Promise<unknown> }, scheduler: Scheduler, logger: Logger): { cancel(): void } {
  let stopped = false;
  let timer = scheduler.schedule(0, run);
  function run(): void {
    if (stopped) return;
    payments
      .recover()
      .catch((error: unknown) => logger.error({ err: error }, 'card payment recovery failed'))
      .finally(() => {
        if (!stopped) timer = scheduler.schedule(PAYMENT_RECOVERY_INTERVAL_MS, run);
      });
  }
  return {
    cancel: () => {
      stopped = true;
      timer.cancel();
    },
  };
}

/** The catalog file named in the config, or the demo catalog (also the embedded server's first menu). */
export function loadCatalog(config: Pick<StationConfig, 'catalogFile'>): CatalogItem[] {
  if (!config.catalogFile) return demoCatalog;
  const parsed = Catalog.safeParse(readJsonFile(config.catalogFile));
  if (!parsed.success) throw new Error(`Invalid catalog ${config.catalogFile}: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Window tokens survive restarts, so a kitchen tablet's bookmarked URL keeps working. Only the served
 * windows get one; a token stored for another (a counter turned kitchen) stays in the database unused.
 */
function loadWindowTokens(db: Db, store: EventStore, windows: readonly WindowRole[]): Partial<Record<WindowRole, string>> {
  return db.transaction(() => {
    const tokens: Partial<Record<WindowRole, string>> = {};
    for (const role of windows) {
      const key = `window_token.${role}`;
      let token = store.getSetting(key);
      if (!token) {
        token = generateToken();
        store.setSetting(key, token);
      }
      tokens[role] = token;
    }
    return tokens;
  })();
}

/** The host a window on this machine uses: a wildcard bind is reached at loopback, where the role tokens work. */
function localHost(bound: string): string {
  if (bound === '0.0.0.0') return '127.0.0.1';
  if (bound === '::') return '[::1]';
  return bound.includes(':') ? `[${bound}]` : bound;
}

/** https:// on each LAN address the window port is reachable at; none when it listens on loopback. */
function lanWindowUrls(address: AddressInfo): string[] {
  if (isLoopbackAddress(address.address)) return [];
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const hosts = wildcard
    ? Object.values(networkInterfaces()).flatMap((entries) =>
        (entries ?? []).filter((entry) => entry.family === 'IPv4' && !entry.internal).map((entry) => entry.address),
      )
    : [address.address];
  return hosts.map((host) => `https://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
}

async function runCleanups(cleanups: (() => Promise<void> | void)[], logger: Logger): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.error({ err: error }, 'shutdown step failed');
    }
  }
  cleanups.length = 0;
}
