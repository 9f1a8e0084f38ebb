import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { systemClock, type Clock } from '../shared/clock.js';
import { buildServerApp } from './app.js';
import { migrate } from './db/migrate.js';
import { MIGRATIONS } from './db/migrations.js';
import { openPgliteDatabase } from './db/pglite.js';
import { SyncService } from './sync-service.js';

export interface CentralServerOptions {
  /** PGlite data directory; omitted means in memory, gone when the process exits. */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port; read the chosen one from `url`. */
  port?: number;
  syncToken: string;
  /** A pino logger; defaults to JSON lines on stdout at info level. */
  logger?: FastifyBaseLogger;
  clock?: Clock;
}

export interface CentralServer {
  url: string;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

export async function startCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  const logger = options.logger ?? pino({ level: 'info' });
  const db = await openPgliteDatabase(options.dataDir);
  try {
    const applied = await migrate(db, MIGRATIONS);
    if (applied.length > 0) logger.info({ versions: applied }, 'schema migrated');
    const clock = options.clock ?? systemClock;
    const app = buildServerApp({ service: new SyncService(db, clock), clock, syncToken: options.syncToken, logger });
    try {
      const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
      let closing: Promise<void> | undefined;
      const close = async (): Promise<void> => {
        await app.close();
        await db.close();
      };
      return { url, close: () => (closing ??= close()) };
    } catch (error) {
      await app.close();
      throw error;
    }
  } catch (error) {
    await db.close();
    throw error;
  }
}

interface EnvConfig {
  dataDir?: string;
  host?: string;
  port?: number;
  syncToken: string;
}

/** Throws with a message naming the variable, so a misconfigured deployment says what to fix. */
export function configFromEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const syncToken = env['POS_SYNC_TOKEN'];
  if (syncToken === undefined || syncToken.trim() === '') {
    throw new Error('POS_SYNC_TOKEN is required: set it to the shared secret stations send as "Authorization: Bearer <token>"');
  }
  const config: EnvConfig = { syncToken };
  const port = env['POS_SERVER_PORT'];
  if (port !== undefined && port !== '') {
    const parsed = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
    if (!(parsed <= 65535)) throw new Error(`POS_SERVER_PORT must be an integer 0..65535, got "${port}"`);
    config.port = parsed;
  }
  if (env['POS_SERVER_HOST']) config.host = env['POS_SERVER_HOST'];
  if (env['POS_SERVER_DATA_DIR']) config.dataDir = env['POS_SERVER_DATA_DIR'];
  return config;
}

async function runFromEnv(): Promise<void> {
  let config: EnvConfig;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`central server not started: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'info' });
  if (config.dataDir === undefined) logger.warn({}, 'POS_SERVER_DATA_DIR is not set: events are kept in memory and lost on exit');
  const server = await startCentralServer({ ...config, logger });
  logger.info({ url: server.url, dataDir: config.dataDir ?? null }, 'central server listening');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => logger.info({}, 'central server stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function isRunDirectly(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  let resolved = entry;
  try {
    resolved = realpathSync(entry);
  } catch {
    // argv[1] is not a readable path (e.g. `node -e`): compare it as given.
  }
  return pathToFileURL(resolved).href === moduleUrl;
}

if (isRunDirectly(import.meta.url)) {
  runFromEnv().catch((error: unknown) => {
    process.stderr.write(`central server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
