/**
 * `npm run server -- …`
 *
 *   [serve] [--database-url URL | --data-dir DIR] [--host H] [--port N]   run the server (default)
 *   migrate                                                              apply migrations and exit
 *   store add <store> [--name NAME]                                      create a store
 *   station issue <store> <stationId> [--label L]                        issue a station credential
 *   channel issue <store> <web|mobile|kiosk> [--origin O] [--label L]    issue a channel API key
 *   credential list <store> | credential revoke <credentialId>
 *   webhook dead-letters <store> | webhook replay <deliveryId>
 *   menu import <store> <file> [--format json|csv] [--by NAME] [--base N]   publish a menu from a file
 *   menu export <store> [--format json|csv] [--version N]                  print the menu (current or version N)
 *
 * `menu import` takes a menu (JSON), a published version as `menu export` prints it, the stations'
 * catalog file format (a JSON array of items), or CSV (one row per item; groups and price lists are
 * kept from the current menu). It publishes over the current version, or over --base N (409 if stale).
 *
 * Environment: POS_DATABASE_URL, POS_SERVER_DATA_DIR, POS_SERVER_HOST, POS_SERVER_PORT,
 * POS_ADMIN_TOKEN (admin API and /metrics), POS_RATE_LIMIT (requests per minute per credential,
 * 0 = off), POS_DB_POOL (connections per instance), LOG_LEVEL. Flags win over the environment.
 * Secrets come only from the environment, never from flags (they would show in `ps`).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { z } from 'zod';
import { OriginId } from '../shared/events.js';
import { ChannelKind } from '../shared/sync/admin.js';
import { StoreId } from '../shared/sync/protocol.js';
import { systemClock } from '../shared/clock.js';
import { CredentialStore } from './auth/credentials.js';
import { openDatabase, startCentralServer } from './central-server.js';
import { migrate } from './db/migrate.js';
import { MIGRATIONS } from './db/migrations.js';
import { redact } from './db/postgres.js';
import { ClientAddress } from './http/client-address.js';
import { TargetPolicy } from './webhooks/target-policy.js';
import { WebhookRegistry } from './webhooks/webhooks.js';
import { Catalog } from '../shared/catalog.js';
import { catalogToMenu } from '../shared/menu/catalog-bridge.js';
import { HttpError } from './http/errors.js';
import { formatIssues } from './issues.js';
import { csvToMenu, CsvError, menuToCsv } from './menu/menu-csv.js';
import { MenuService } from './menu/menu-service.js';
import { StoreDataService } from './store-data/store-data-service.js';

export interface ServeConfig {
  databaseUrl?: string;
  dataDir?: string;
  host?: string;
  port?: number;
  adminToken?: string;
  rateLimitPerMinute?: number;
  maxConnections?: number;
  trustedProxies?: string[];
  webhookAllowNetworks?: string[];
}

export class UsageError extends Error {}

const FLAGS = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  name: { type: 'string' },
  label: { type: 'string' },
  origin: { type: 'string' },
  format: { type: 'string' },
  by: { type: 'string' },
  base: { type: 'string' },
  version: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function integer(text: string, name: string, min: number, max: number): number {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${name} must be an integer ${min}..${max}, got "${text}"`);
  return n;
}

/** Throws with a message naming the flag or variable, so a misconfigured deployment says what to fix. */
export function serveConfig(flags: Partial<Record<keyof typeof FLAGS, string | boolean>>, env: NodeJS.ProcessEnv): ServeConfig {
  const pick = (flag: keyof typeof FLAGS, variable: string): { value: string; name: string } | undefined => {
    const fromFlag = flags[flag];
    if (typeof fromFlag === 'string' && fromFlag !== '') return { value: fromFlag, name: `--${flag}` };
    const fromEnv = env[variable];
    return fromEnv !== undefined && fromEnv.trim() !== '' ? { value: fromEnv.trim(), name: variable } : undefined;
  };
  const config: ServeConfig = {};
  const databaseUrl = pick('database-url', 'POS_DATABASE_URL');
  const dataDir = pick('data-dir', 'POS_SERVER_DATA_DIR');
  if (databaseUrl && dataDir)
    throw new UsageError(`${databaseUrl.name} and ${dataDir.name} exclude each other: PostgreSQL or embedded PGlite, not both`);
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl.value))
      throw new UsageError(`${databaseUrl.name} must be a postgresql:// connection string`);
    config.databaseUrl = databaseUrl.value;
  }
  if (dataDir) config.dataDir = dataDir.value;
  const host = pick('host', 'POS_SERVER_HOST');
  if (host) config.host = host.value;
  const port = pick('port', 'POS_SERVER_PORT');
  if (port) config.port = integer(port.value, port.name, 0, 65535);
  const adminToken = env['POS_ADMIN_TOKEN']?.trim();
  if (adminToken) {
    if (adminToken.length < 16) throw new UsageError('POS_ADMIN_TOKEN must have at least 16 characters');
    config.adminToken = adminToken;
  }
  const rate = env['POS_RATE_LIMIT']?.trim();
  if (rate) config.rateLimitPerMinute = integer(rate, 'POS_RATE_LIMIT', 0, 1_000_000);
  const pool = env['POS_DB_POOL']?.trim();
  if (pool) config.maxConnections = integer(pool, 'POS_DB_POOL', 1, 1000);
  const proxies = networkList(env, 'POS_TRUST_PROXY', (list) => new ClientAddress(list));
  if (proxies) config.trustedProxies = proxies;
  const allowed = networkList(env, 'POS_WEBHOOK_ALLOW_NETWORKS', (list) => new TargetPolicy({ allowNetworks: list }));
  if (allowed) config.webhookAllowNetworks = allowed;
  return config;
}

/** A comma-separated list of addresses or CIDR networks, checked by building what will use it. */
function networkList(env: NodeJS.ProcessEnv, name: string, check: (list: string[]) => unknown): string[] | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const list = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  try {
    check(list);
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
  return list;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/** Returns the exit code, or undefined while the server keeps running. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo = defaultIo): Promise<number | undefined> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`central server: ${(error as Error).message}`);
    return 2;
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.out(USAGE);
    return 0;
  }
  const [command = 'serve', ...rest] = positionals;
  try {
    const config = serveConfig(flags, env);
    if (command === 'serve') {
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
      await serve(config, env);
      return undefined;
    }
    return await admin(command, rest, flags, config, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`central server not started: ${error.message}`);
      return 2;
    }
    io.err(`central server: ${(error as Error).message}`);
    return 1;
  }
}

const USAGE = `usage: npm run server -- [serve] [--database-url URL | --data-dir DIR] [--host H] [--port N]
       npm run server -- migrate
       npm run server -- store add <store> [--name NAME]
       npm run server -- station issue <store> <stationId> [--label L]
       npm run server -- channel issue <store> <web|mobile|kiosk> [--origin O] [--label L]
       npm run server -- credential list <store> | credential revoke <credentialId>
       npm run server -- webhook dead-letters <store> | webhook replay <deliveryId>
       npm run server -- menu import <store> <file> [--format json|csv] [--by NAME] [--base N]
       npm run server -- menu export <store> [--format json|csv] [--version N]
environment: POS_DATABASE_URL, POS_SERVER_DATA_DIR, POS_SERVER_HOST, POS_SERVER_PORT, POS_ADMIN_TOKEN, POS_RATE_LIMIT, POS_DB_POOL, POS_TRUST_PROXY, POS_WEBHOOK_ALLOW_NETWORKS, LOG_LEVEL`;

async function serve(config: ServeConfig, env: NodeJS.ProcessEnv): Promise<void> {
  const logger = pino({ level: env['LOG_LEVEL'] ?? 'info' });
  if (config.databaseUrl === undefined && config.dataDir === undefined) {
    logger.warn({}, 'neither --database-url nor --data-dir is set: events are kept in memory and lost on exit');
  }
  if (config.adminToken === undefined) logger.warn({}, 'POS_ADMIN_TOKEN is not set: the admin API and /metrics refuse every caller');
  const { webhookAllowNetworks, ...rest } = config;
  const server = await startCentralServer({
    ...rest,
    ...(webhookAllowNetworks === undefined ? {} : { webhooks: { allowNetworks: webhookAllowNetworks } }),
    ...(config.rateLimitPerMinute === undefined
      ? {}
      : { rateLimit: config.rateLimitPerMinute === 0 ? false : { max: config.rateLimitPerMinute, timeWindowMs: 60_000 } }),
    logger,
    processMetrics: true,
  });
  logger.info(
    {
      url: server.url,
      storage: config.databaseUrl ? `postgresql ${redact(config.databaseUrl)}` : `pglite ${config.dataDir ?? '(memory)'}`,
    },
    'central server listening',
  );
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

function arg<S extends z.ZodType>(schema: S, value: string | undefined, what: string): z.output<S> {
  if (value === undefined) throw new UsageError(`missing ${what}`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/**
 * Admin commands open the database directly. On PGlite, stop the server first (one process per
 * data directory); on PostgreSQL they are safe while instances run.
 */
async function admin(
  command: string,
  rest: string[],
  flags: { name?: string; label?: string; origin?: string; format?: string; by?: string; base?: string; version?: string },
  config: ServeConfig,
  io: CliIo,
): Promise<number> {
  const [verb, first, second] = rest;
  const key = `${command} ${verb ?? ''}`.trim();
  const known = [
    'migrate',
    'store add',
    'station issue',
    'channel issue',
    'credential list',
    'credential revoke',
    'webhook dead-letters',
    'webhook replay',
    'menu import',
    'menu export',
  ];
  if (!known.includes(key)) throw new UsageError(`unknown command "${[command, ...rest].join(' ')}"\n${USAGE}`);
  const db = await openDatabase(config);
  try {
    const applied = await migrate(db, MIGRATIONS);
    const credentials = new CredentialStore(db, systemClock);
    const print = (value: unknown) => io.out(JSON.stringify(value));
    switch (key) {
      case 'migrate':
        print({ applied });
        break;
      case 'store add': {
        const store = arg(StoreId, first, 'store id');
        print({ id: store, ...(await credentials.createStore(store, flags.name ?? store)) });
        break;
      }
      case 'station issue': {
        const store = arg(StoreId, first, 'store id');
        const station = arg(OriginId, second, 'station id');
        print(await credentials.issueStation(store, station, flags.label));
        io.err('the token is shown once: put it in the station config (server.token); only its hash is stored');
        break;
      }
      case 'channel issue': {
        const store = arg(StoreId, first, 'store id');
        const channel = arg(ChannelKind, second, 'channel');
        const origin = flags.origin === undefined ? channel : arg(OriginId, flags.origin, '--origin');
        print(await credentials.issueChannel(store, origin, channel, flags.label));
        io.err('the key is shown once; only its hash is stored');
        break;
      }
      case 'credential list':
        print({ credentials: await credentials.list(arg(StoreId, first, 'store id')) });
        break;
      case 'credential revoke':
        print({ credential: await credentials.revoke(arg(z.string().min(1), first, 'credential id')) });
        break;
      case 'webhook dead-letters': {
        const registry = new WebhookRegistry(db, systemClock, new TargetPolicy());
        print({ deliveries: await registry.deliveries(arg(StoreId, first, 'store id'), 'dead', 1000) });
        break;
      }
      case 'webhook replay': {
        const registry = new WebhookRegistry(db, systemClock, new TargetPolicy());
        print({ delivery: await registry.replay(arg(z.coerce.number().int().positive(), first, 'delivery id')) });
        break;
      }
      case 'menu import': {
        const store = arg(StoreId, first, 'store id');
        const file = arg(z.string().min(1), second, 'file');
        const menus = new MenuService(db, systemClock, new StoreDataService(db, systemClock));
        const current = await menus.current(store);
        const format = menuFormat(flags.format, file);
        const text = readFileSync(file, 'utf8');
        const menu = format === 'csv' ? csvToMenu(text, current?.menu, current?.menu.currency ?? 'EUR') : menuFromJson(text);
        const base = flags.base === undefined ? (current?.version ?? 0) : integer(flags.base, '--base', 0, 1_000_000_000);
        const published = await menus.publish(store, base, flags.by ?? `cli import of ${basename(file)}`, menu);
        print({ version: published.version, items: published.menu.items.length, publishedBy: published.publishedBy });
        break;
      }
      case 'menu export': {
        const store = arg(StoreId, first, 'store id');
        const menus = new MenuService(db, systemClock, new StoreDataService(db, systemClock));
        const document =
          flags.version === undefined
            ? await menus.current(store)
            : await menus.version(store, integer(flags.version, '--version', 1, 1_000_000_000));
        if (document === undefined)
          throw new Error(`store "${store}" has no ${flags.version === undefined ? 'menu' : `menu version ${flags.version}`}`);
        if (menuFormat(flags.format, 'stdout.json') === 'csv') io.out(menuToCsv(document.menu).trimEnd());
        else io.out(JSON.stringify(document, null, 2));
        break;
      }
    }
    return 0;
  } catch (error) {
    // A refused publish says what to fix, with every problem's path.
    if (error instanceof HttpError) {
      io.err(`${error.code}: ${error.message}`);
      for (const problem of error.details.problems ?? []) io.err(`  ${problem.path}: ${problem.message}`);
      return 1;
    }
    if (error instanceof CsvError) throw new UsageError(error.message);
    throw error;
  } finally {
    await db.close();
  }
}

function menuFormat(flag: string | undefined, file: string): 'json' | 'csv' {
  const format = flag ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got "${format}"`);
  return format;
}

/** A menu, a published version (`menu export`), or the stations' catalog file (an array of items). */
function menuFromJson(text: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the file is not JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(data)) {
    const catalog = Catalog.safeParse(data);
    if (!catalog.success) throw new UsageError(`not a valid catalog file: ${formatIssues(catalog.error.issues)}`);
    try {
      return catalogToMenu(catalog.data);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (data !== null && typeof data === 'object' && 'menu' in data) return data.menu;
  return data;
}
