import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, testBackends } from '../testing/backends.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { MIGRATIONS, type Migration } from './migrations.js';

const backends = testBackends();
afterAll(() => backends.dispose());

const TABLES = [
  'credentials',
  'events',
  'idempotency_keys',
  'menu_item_sales',
  'menu_item_state',
  'menu_versions',
  'mesh_certificates',
  'mesh_revocations',
  'mesh_store_keys',
  'orders',
  'origin_heads',
  'projector_cursors',
  'rejected_events',
  'schema_migrations',
  'store_data',
  'stores',
  'ticket_numbers',
  'webhook_deliveries',
  'webhook_endpoints',
];

describe.each(BACKENDS)('migrate (%s)', (backend) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const tables = async (target: Database) =>
    (await target.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).map(
      (t) => t['table_name'],
    );

  it('applies every migration once and records it', async () => {
    db = await backends.open(backend);
    expect(await migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db, MIGRATIONS)).toEqual([]);
    const rows = await db.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(await tables(db)).toEqual(TABLES);
  });

  it('moves events written before stores existed into the embedded store', async () => {
    db = await backends.open(backend);
    await migrate(db, MIGRATIONS.slice(0, 1));
    await db.query(
      `INSERT INTO events (event_id, origin, seq, order_id, hlc, type, v, body, received_at)
       VALUES ('0190c7a0-0000-7000-8000-000000000001', 'station-1', 1, '0190c7a0-0000-7000-8000-000000000002', '001700000000000-00000', 'OrderOpened', 1, '{}', now())`,
    );
    await db.query("INSERT INTO origin_heads (origin, last_seq, updated_at) VALUES ('station-1', 1, now())");
    await migrate(db, MIGRATIONS);
    expect(await db.query('SELECT store_id, origin, seq::int AS seq FROM events')).toEqual([
      { store_id: 'local', origin: 'station-1', seq: 1 },
    ]);
    expect(await db.query('SELECT store_id, last_seq::int AS last_seq FROM origin_heads')).toEqual([{ store_id: 'local', last_seq: 1 }]);
    expect(await db.query('SELECT id FROM stores')).toEqual([{ id: 'local' }]);
  });

  it('applies only the migrations added since the last start', async () => {
    db = await backends.open(backend);
    await migrate(db, MIGRATIONS);
    const next: Migration = { version: MIGRATIONS.length + 1, name: 'probe', statements: ['CREATE TABLE probe (id integer)'] };
    expect(await migrate(db, [...MIGRATIONS, next])).toEqual([next.version]);
  });

  it('rolls back everything when a migration fails', async () => {
    db = await backends.open(backend);
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      statements: ['CREATE TABLE fine (id integer)', 'SELECT * FROM missing_table'],
    };
    await expect(migrate(db, [...MIGRATIONS, broken])).rejects.toThrow(/missing_table/);
    expect(await tables(db)).toEqual([]);
  });

  it('refuses a database migrated by a newer build', async () => {
    db = await backends.open(backend);
    const next: Migration = { version: MIGRATIONS.length + 1, name: 'future', statements: ['CREATE TABLE future (id integer)'] };
    await migrate(db, [...MIGRATIONS, next]);
    await expect(migrate(db, MIGRATIONS)).rejects.toThrow(/does not know/);
  });

  it('lets concurrent starts of several instances migrate once', async () => {
    if (backend === 'pglite') return;
    const url = await (await backends.cluster()).createDatabase();
    const { openPostgresDatabase } = await import('./postgres.js');
    const dbs = await Promise.all([0, 1, 2].map(() => openPostgresDatabase({ connectionString: url })));
    try {
      const applied = await Promise.all(dbs.map((d) => migrate(d, MIGRATIONS)));
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });
});

describe('migrate without a database', () => {
  it('refuses a migration list with gaps before touching the database', async () => {
    const untouchable: Database = {
      dialect: 'pglite',
      query: () => Promise.reject(new Error('must not query')),
      transaction: () => Promise.reject(new Error('must not open a transaction')),
      listen: () => Promise.reject(new Error('must not listen')),
      close: () => Promise.resolve(),
    };
    const skipping: Migration = { version: MIGRATIONS.length + 2, name: 'skipping', statements: [] };
    await expect(migrate(untouchable, [...MIGRATIONS, skipping])).rejects.toThrow(/without gaps/);
  });
});
