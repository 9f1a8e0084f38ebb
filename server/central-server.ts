import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { systemClock, type Clock } from '../shared/clock.js';
import { buildServerApp, type RateLimitOptions } from './app.js';
import { AUTH_CHANNEL, CredentialStore } from './auth/credentials.js';
import { ChannelIngress } from './channels/ingress.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { MIGRATIONS } from './db/migrations.js';
import { openPgliteDatabase } from './db/pglite.js';
import { openPostgresDatabase } from './db/postgres.js';
import type { ServerContext } from './http/context.js';
import { LiveHub } from './live/live-hub.js';
import { MeshAuthority } from './mesh/mesh-authority.js';
import { ServerMetrics } from './ops/metrics.js';
import { OrderProjector } from './orders/projector.js';
import { StatisticsKeeper } from './db/statistics-keeper.js';
import { StoreDataService } from './store-data/store-data-service.js';
import { MenuService } from './menu/menu-service.js';
import { SyncService } from './sync-service.js';
import { TargetPolicy } from './webhooks/target-policy.js';
import { WebhookDispatcher, WebhookRegistry, type WebhookOptions } from './webhooks/webhooks.js';

/** The store the embedded server uses when the launcher only hands it a shared sync secret. */
export const EMBEDDED_STORE_ID = 'local';

export interface Bootstrap {
  storeId: string;
  storeName?: string;
  /** Per-station credentials with secrets the launcher keeps (at least 16 characters each). */
  stations?: readonly { stationId: string; token: string }[];
  /** One secret every station of the store may push with, as any station id (single-shop setups). */
  storeWideStationToken?: string;
  channels?: readonly { origin: string; channel: 'web' | 'mobile' | 'kiosk'; token: string }[];
  /** Secrets that must stop working (e.g. a launcher's former shared token): revoked at start if still active. */
  retiredTokens?: readonly string[];
  /**
   * The first menu version (e.g. from the station's catalog file or the demo catalog), published only
   * when the store has no menu yet: after that the menu is edited on the server, never re-seeded.
   */
  menu?: { publishedBy: string; menu: unknown };
}

export interface CentralServerOptions {
  /** PostgreSQL connection string. Without it the server runs on embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; omitted (and no databaseUrl) means in memory, gone when the process exits. */
  dataDir?: string;
  /** An already open database (tests inject faults this way); closed with the server. */
  database?: Database;
  host?: string;
  /** 0 picks a free port; read the chosen one from `url`. */
  port?: number;
  /** Bearer token for /v1/admin and /metrics; without it those refuse every caller. */
  adminToken?: string;
  /** Makes sure a store and its credentials exist at start (idempotent): zero-setup embedded use. */
  bootstrap?: Bootstrap;
  /**
   * Embedded shortcut kept for the launcher: same as `bootstrap: { storeId: 'local',
   * storeWideStationToken: syncToken }`.
   */
  syncToken?: string;
  /** A pino logger; defaults to JSON lines on stdout at info level. */
  logger?: FastifyBaseLogger;
  clock?: Clock;
  rateLimit?: RateLimitOptions | false;
  /** Reverse proxies (addresses or CIDR) whose `X-Forwarded-For` is believed for rate limiting. */
  trustedProxies?: readonly string[];
  webhooks?: WebhookOptions;
  /** Order projection and webhook delivery in this instance (default on). */
  workers?: boolean;
  /** PostgreSQL pool size of this instance. */
  maxConnections?: number;
  /** Process CPU/memory/GC metrics (standalone server). */
  processMetrics?: boolean;
  /** Maximum clock lead of a pushed event before it is quarantined (default one day). */
  maxFutureSkewMs?: number;
}

export interface CentralServer {
  url: string;
  /** Distinguishes instances in logs when several share one PostgreSQL. */
  instanceId: string;
  /** Projects pending events and queues their webhooks now (tests; normally done on notification). */
  projectNow(): Promise<void>;
  /** Stops accepting requests, closes live connections, lets in-flight requests finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
  maxConnections?: number;
  logger?: FastifyBaseLogger;
}): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    return openPostgresDatabase({
      connectionString: options.databaseUrl,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  }
  return openPgliteDatabase(options.dataDir);
}

export async function startCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  const instanceId = randomUUID().slice(0, 8);
  const logger = (options.logger ?? pino({ level: 'info' })).child({ instance: instanceId });
  const clock = options.clock ?? systemClock;
  const db = options.database ?? (await openDatabase({ ...options, logger }));
  const cleanups: (() => Promise<void>)[] = [() => db.close()];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse())
      await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
  };
  try {
    const applied = await migrate(db, MIGRATIONS);
    if (applied.length > 0) logger.info({ versions: applied }, 'schema migrated');
    const credentials = new CredentialStore(db, clock);
    await bootstrap(credentials, options);
    const unlistenAuth = await db.listen(AUTH_CHANNEL, {
      onNotify: () => credentials.forgetCached(),
      onGap: () => credentials.forgetCached(),
    });
    cleanups.push(unlistenAuth);

    const metrics = new ServerMetrics({ processMetrics: options.processMetrics ?? false });
    const sync = new SyncService(db, clock, options.maxFutureSkewMs === undefined ? {} : { maxFutureSkewMs: options.maxFutureSkewMs });
    const hub = new LiveHub(db, (store) => sync.head(store), logger, metrics);
    await hub.start();
    cleanups.push(() => hub.close());
    const targets = new TargetPolicy(options.webhooks);
    const webhooks = new WebhookRegistry(db, clock, targets);
    metrics.setCollector(() => webhooks.counts());
    const storeData = new StoreDataService(db, clock);
    const menu = new MenuService(db, clock, storeData);
    if (options.bootstrap?.menu !== undefined) {
      const seeded = await menu.seed(options.bootstrap.storeId, options.bootstrap.menu.publishedBy, options.bootstrap.menu.menu);
      if (seeded) logger.info({ storeId: options.bootstrap.storeId }, 'first menu version seeded');
    }
    const ingress = new ChannelIngress(db, clock, menu);

    let closing = false;
    const context: ServerContext = {
      clock,
      sync,
      credentials,
      ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
      hub,
      mesh: new MeshAuthority(db, clock),
      ingress,
      webhooks,
      metrics,
      storeData,
      menu,
      readiness: async () => {
        if (closing) return { ready: false, reason: 'shutting down' };
        try {
          await withTimeout(db.query('SELECT 1'), 2_000, 'database did not answer within 2 s');
          return { ready: true };
        } catch (error) {
          // /ready is open to anyone: the cause (host names, addresses, driver text) stays in the log.
          logger.warn({ err: error }, 'readiness check failed');
          return { ready: false, reason: 'database unavailable' };
        }
      },
    };

    const projector = new OrderProjector(db, clock, logger, undefined, undefined, menu);
    const dispatcher = new WebhookDispatcher(db, clock, logger, metrics, targets, options.webhooks);
    if (options.workers !== false) {
      const statistics = new StatisticsKeeper(db, logger);
      hub.onEvents((_storeId, head) => statistics.observeHead(head));
      cleanups.push(() => statistics.settled());
      hub.onEvents((storeId) => projector.notify(storeId));
      projector.start();
      cleanups.push(() => projector.stop());
      await dispatcher.start();
      cleanups.push(() => dispatcher.stop());
      const sweep = setInterval(
        () => {
          ingress
            .expireKeys(IDEMPOTENCY_KEY_TTL_MS)
            .catch((error: unknown) => logger.warn({ err: error }, 'idempotency key expiry failed'));
        },
        60 * 60 * 1000,
      );
      sweep.unref();
      cleanups.push(async () => clearInterval(sweep));
    }

    const app = buildServerApp({
      context,
      logger,
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.trustedProxies === undefined ? {} : { trustedProxies: options.trustedProxies }),
    });
    cleanups.push(() => app.close());
    const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    let stopping: Promise<void> | undefined;
    return {
      url,
      instanceId,
      projectNow: () => projector.catchUp(),
      close: () =>
        (stopping ??= (async () => {
          closing = true;
          logger.info({}, 'central server closing');
          await cleanup();
        })()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function bootstrap(credentials: CredentialStore, options: CentralServerOptions): Promise<void> {
  const specs: Bootstrap[] = [];
  if (options.syncToken !== undefined)
    specs.push({ storeId: EMBEDDED_STORE_ID, storeName: 'Embedded store', storeWideStationToken: options.syncToken });
  if (options.bootstrap !== undefined) specs.push(options.bootstrap);
  for (const spec of specs) {
    await credentials.createStore(spec.storeId, spec.storeName ?? spec.storeId);
    for (const token of spec.retiredTokens ?? []) await credentials.revokeSecret(token);
    if (spec.storeWideStationToken !== undefined) {
      await credentials.ensureCredential({
        storeId: spec.storeId,
        kind: 'station',
        subject: null,
        token: spec.storeWideStationToken,
        label: 'store-wide (embedded)',
      });
    }
    for (const station of spec.stations ?? []) {
      await credentials.ensureCredential({ storeId: spec.storeId, kind: 'station', subject: station.stationId, token: station.token });
    }
    for (const channel of spec.channels ?? []) {
      await credentials.ensureCredential({
        storeId: spec.storeId,
        kind: 'channel',
        subject: channel.origin,
        channel: channel.channel,
        token: channel.token,
      });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(
    () => clearTimeout(timer),
  );
}
