import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../../shared/logger.js';
import { privateDirectory, privateFile, tightenIfPresent } from '../private-files.js';
import { migrations as defaultMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
}

/**
 * Opens the station database: WAL so readers never block the writer, synchronous=FULL so a
 * committed payment survives power loss (WAL+NORMAL may lose the last transactions), foreign keys
 * on, then checks integrity and applies pending migrations.
 */
export function openDatabase(path: string, logger: Logger, migrations: readonly Migration[] = defaultMigrations): Db {
  if (path !== ':memory:') {
    // Window tokens, the staff session and every order: the user's alone. SQLite gives the -wal and
    // -shm files it creates the main file's mode; ones an older version left are tightened here. An
    // existing directory is the launcher's to secure (startStation does): it may be shared, like /tmp.
    if (!existsSync(dirname(path))) privateDirectory(dirname(path));
    privateFile(path);
    for (const suffix of ['-wal', '-shm', '-journal']) tightenIfPresent(`${path}${suffix}`);
  }
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A torn final write is rolled back by SQLite itself on open; quick_check catches real damage.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseOpenError(`database ${path} failed its integrity check: ${String(check)}`);
    migrate(db, migrations, logger);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, migrations: readonly Migration[], logger: Logger): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const latest = ordered.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new DatabaseOpenError(`database schema v${current} is newer than this build (v${latest}); refusing to downgrade`);
  }
  for (const migration of ordered) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    logger.info({ version: migration.version, migration: migration.name }, 'database migrated');
  }
}
