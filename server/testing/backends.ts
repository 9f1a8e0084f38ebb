/**
 * Runs the same suite against both storage backends: embedded PGlite and a real PostgreSQL started
 * by the harness. A test file creates one `testBackends()`, registers `afterAll(backends.dispose)`
 * and runs `describe.each(BACKENDS)`. (No vitest import here: server/ code may not depend on it.)
 */
import type { Database } from '../db/database.js';
import { openPgliteDatabase } from '../db/pglite.js';
import { openPostgresDatabase } from '../db/postgres.js';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';

export type BackendName = 'pglite' | 'postgres';
export const BACKENDS: readonly BackendName[] = ['pglite', 'postgres'];

export interface TestBackends {
  /** The file's PostgreSQL cluster, started on first use and stopped by `dispose`. */
  cluster(): Promise<PostgresCluster>;
  /** A fresh, empty database (not migrated). */
  open(backend: BackendName): Promise<Database>;
  /** Options for startCentralServer: in-memory PGlite, or a fresh PostgreSQL database. */
  serverStorage(backend: BackendName): Promise<{ databaseUrl?: string }>;
  dispose(): Promise<void>;
}

export function testBackends(): TestBackends {
  let started: Promise<PostgresCluster> | undefined;
  const cluster = () => (started ??= startPostgresCluster());
  return {
    dispose: async () => {
      if (started) await (await started).stop();
    },
    cluster,
    open: async (backend) => {
      if (backend === 'pglite') return openPgliteDatabase();
      const url = await (await cluster()).createDatabase();
      return openPostgresDatabase({ connectionString: url });
    },
    serverStorage: async (backend) => (backend === 'pglite' ? {} : { databaseUrl: await (await cluster()).createDatabase() }),
  };
}
