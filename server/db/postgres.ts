import pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import { silentLogger } from '../../shared/logger.js';
import type { Database, NotificationHandler, SqlParam, SqlRow } from './database.js';

export interface PostgresOptions {
  /** `postgresql://user:pass@host:port/db`, or `postgresql://user@/db?host=/socket/dir`. */
  connectionString: string;
  /** Pool size per server instance; N instances open up to N × this many connections. */
  maxConnections?: number;
  logger?: Logger;
  /** Shown in pg_stat_activity, so an operator can tell which instance holds a connection. */
  applicationName?: string;
}

/** Real PostgreSQL through a `pg` pool; one dedicated connection carries LISTEN. */
export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  const config = {
    connectionString: options.connectionString,
    application_name: options.applicationName ?? 'pos-central-server',
  };
  const pool = new pg.Pool({ ...config, max: options.maxConnections ?? 10, idleTimeoutMillis: 30_000 });
  // An idle pooled connection that dies (server restart, network) emits here; unhandled, it would
  // crash the process. The pool replaces it on the next checkout.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot connect to PostgreSQL (${redact(options.connectionString)}): ${(error as Error).message}`);
  }
  const listener = new Listener(config, logger);
  let closing: Promise<void> | undefined;

  return {
    dialect: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          // A connection that cannot even roll back must not go back into the pool.
          broken = rollbackError as Error;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel, handler) => listener.listen(channel, handler),
    close: () =>
      (closing ??= (async () => {
        await listener.close();
        await pool.end();
      })()),
  };
}

async function run(target: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
  const result = await target.query<SqlRow>(sql, params as unknown[]);
  return result.rows;
}

/** Connection strings may carry a password; error messages and logs get the host part only. */
export function redact(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//***@');
}

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * LISTEN needs a session of its own (a pooled connection would lose it on release). The connection
 * is opened on the first listen and re-opened with backoff whenever it drops; after a reconnect every
 * handler hears `onGap` because notifications sent while it was down are lost.
 */
class Listener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private closed = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly logger: Logger,
  ) {}

  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('database is closed');
    assertChannelName(channel);
    let set = this.handlers.get(channel);
    const fresh = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    await this.ensureConnected();
    if (fresh && this.client !== undefined) await this.client.query(`LISTEN ${channel}`);
    return async () => {
      const current = this.handlers.get(channel);
      current?.delete(handler);
      if (current?.size === 0) {
        this.handlers.delete(channel);
        await this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client !== undefined) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler.onNotify(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    this.logger.warn({ err: error, retryMs: this.retryMs }, 'LISTEN connection lost; reconnecting');
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.ensureConnected().then(
        () => {
          this.logger.info({}, 'LISTEN connection restored');
          for (const set of this.handlers.values()) for (const handler of set) handler.onGap?.();
        },
        (error: unknown) => {
          this.logger.warn({ err: error, retryMs: this.retryMs }, 'LISTEN reconnect failed');
          this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
          this.scheduleReconnect();
        },
      );
    }, this.retryMs);
    this.retryTimer.unref();
  }
}

/** Channel names are spliced into LISTEN (it takes no parameters), so only plain identifiers pass. */
function assertChannelName(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid notification channel name "${channel}"`);
}
