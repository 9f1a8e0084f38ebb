import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { openPgliteDatabase } from './pglite.js';

describe('migrate', () => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('applies every migration once and records it', async () => {
    db = await openPgliteDatabase();
    expect(await migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db, MIGRATIONS)).toEqual([]);
    const rows = await db.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    expect(tables.map((t) => t['table_name'])).toEqual(['events', 'origin_heads', 'schema_migrations']);
  });

  it('applies only the migrations added since the last start', async () => {
    db = await openPgliteDatabase();
    await migrate(db, MIGRATIONS);
    const next: Migration = { version: MIGRATIONS.length + 1, name: 'probe', statements: ['CREATE TABLE probe (id integer)'] };
    expect(await migrate(db, [...MIGRATIONS, next])).toEqual([next.version]);
  });

  it('rolls back everything when a migration fails', async () => {
    db = await openPgliteDatabase();
    const broken: Migration = { version: MIGRATIONS.length + 1, name: 'broken', statements: ['CREATE TABLE fine (id integer)', 'SELECT * FROM missing_table'] };
    await expect(migrate(db, [...MIGRATIONS, broken])).rejects.toThrow(/missing_table/);
    const tables = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables).toEqual([]);
  });

  it('refuses a database migrated by a newer build', async () => {
    db = await openPgliteDatabase();
    const next: Migration = { version: MIGRATIONS.length + 1, name: 'future', statements: ['CREATE TABLE future (id integer)'] };
    await migrate(db, [...MIGRATIONS, next]);
    await expect(migrate(db, MIGRATIONS)).rejects.toThrow(/does not know/);
  });

  it('refuses a migration list with gaps before touching the database', async () => {
    const untouchable: Database = {
      query: () => Promise.reject(new Error('must not query')),
      transaction: () => Promise.reject(new Error('must not open a transaction')),
      close: () => Promise.resolve(),
    };
    const skipping: Migration = { version: MIGRATIONS.length + 2, name: 'skipping', statements: [] };
    await expect(migrate(untouchable, [...MIGRATIONS, skipping])).rejects.toThrow(/without gaps/);
  });
});
