import { intColumn } from './columns.js';
import type { Database } from './database.js';
import type { Migration } from './migrations.js';

/** Serializes concurrent starts of several server instances against one PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_301_001;

/**
 * Brings the schema up to date in one transaction, so a failed migration leaves no half-applied
 * schema behind. Returns the versions applied by this call (empty when already current).
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<number[]> {
  assertOrdered(migrations);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await tx.query('SELECT version FROM schema_migrations ORDER BY version');
    const applied = new Set(rows.map((row) => intColumn(row, 'version')));
    const newest = migrations.at(-1)?.version ?? 0;
    const unknown = [...applied].filter((version) => version > newest);
    if (unknown.length > 0) {
      // A newer build migrated this database; running older code against it could corrupt data.
      throw new Error(`database has schema versions ${unknown.join(', ')} that this build does not know (newest known: ${newest})`);
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (!Number.isInteger(migration.version) || migration.version !== index + 1) {
      throw new Error(
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}: versions are 1, 2, 3, ... without gaps`,
      );
    }
  });
}
