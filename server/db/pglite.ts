import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, SqlExecutor, SqlParam, SqlRow } from './database.js';

/**
 * Embedded PostgreSQL. With a directory the cluster lives on disk and survives restarts; without one
 * it is in memory (tests, benchmarks). PGlite is a single connection: transactions are serialized,
 * and plain queries wait for a running transaction instead of joining it. LISTEN/NOTIFY works inside
 * the process, which is all an embedded (single-instance) server needs.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const pg = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  let closing: Promise<void> | undefined;
  return {
    dialect: 'pglite',
    query: (sql, params) => run(pg, sql, params),
    transaction: (fn) => pg.transaction((tx) => fn(wrapTransaction(tx))),
    listen: async (channel, handler) => {
      const stop = await pg.listen(channel, (payload) => handler.onNotify(payload));
      return async () => {
        if (!pg.closed) await stop();
      };
    },
    close: () => (closing ??= pg.close()),
  };
}

function wrapTransaction(tx: Transaction): SqlExecutor {
  return { query: (sql, params) => run(tx, sql, params) };
}

async function run(target: PGlite | Transaction, sql: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
  const result = await target.query<SqlRow>(sql, [...params]);
  return result.rows;
}
