import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/logger.js';
import { tempDir } from '../testing/fixtures.js';
import { migrations } from './migrations.js';
import { DatabaseOpenError, openDatabase } from './open-database.js';

const columns = (db: Database.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);

describe('station database migrations', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('migrations')));
  afterEach(() => dir.remove());

  const upTo = (version: number) => migrations.filter((m) => m.version <= version);

  it('are numbered without duplicates', () => {
    const versions = migrations.map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('v1 creates the event log, outbox, projections and sync state', () => {
    const db = openDatabase(join(dir.path, 'v1.sqlite'), silentLogger, upTo(1));
    expect(tables(db)).toEqual(expect.arrayContaining(['events', 'outbox', 'dead_letters', 'order_view', 'sync_state', 'settings']));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
  });

  it('v3 adds the conflicts projection and keeps existing dead letters', () => {
    const path = join(dir.path, 'v3.sqlite');
    const v1 = openDatabase(path, silentLogger, upTo(1));
    v1.prepare("INSERT INTO events VALUES ('e1', 'o1', 'station-1', 1, '000000000000001-00000', 'OrderOpened', 1, '{}', 1, 0)").run();
    v1.prepare("INSERT INTO dead_letters VALUES ('e1', 1, 'refused', 5)").run();
    v1.close();

    const v3 = openDatabase(path, silentLogger, upTo(3));
    expect(tables(v3)).toContain('conflicts');
    expect(columns(v3, 'dead_letters')).toContain('discarded_at');
    expect(v3.prepare('SELECT event_id, reason, discarded_at FROM dead_letters').all()).toEqual([
      { event_id: 'e1', reason: 'refused', discarded_at: null },
    ]);
    v3.close();
  });

  it('v9 takes the holes already in the log as compacted: a floor per origin below its last hole', () => {
    const path = join(dir.path, 'v9.sqlite');
    const v8 = openDatabase(path, silentLogger, upTo(8));
    const insertEvent = v8.prepare("INSERT INTO events VALUES (?, 'o1', ?, ?, '000000000000001-00000', 'LineAdded', 1, '{}', 0, 0)");
    // a: 1–2, hole, 5–6, hole, 9; b: 3–4 (its first two compacted); c: 1–3, no hole.
    for (const [origin, seqs] of [
      ['a', [1, 2, 5, 6, 9]],
      ['b', [3, 4]],
      ['c', [1, 2, 3]],
    ] as const)
      for (const seq of seqs) insertEvent.run(`${origin}${seq}`, origin, seq);
    v8.close();

    const v9 = openDatabase(path, silentLogger, upTo(9));
    expect(v9.prepare('SELECT origin, floor FROM origin_floors ORDER BY origin').all()).toEqual([
      { origin: 'a', floor: 8 },
      { origin: 'b', floor: 2 },
    ]);
    expect(tables(v9)).toContain('peer_conflicts');
    v9.close();
  });

  it('v8 keys the outbox by seq alone and keeps its entries', () => {
    const path = join(dir.path, 'v8.sqlite');
    const v7 = openDatabase(path, silentLogger, upTo(7));
    const insertEvent = v7.prepare(
      "INSERT INTO events VALUES (?, 'o1', 'station-1', ?, '000000000000001-00000', 'LineAdded', 1, '{}', 1, 0)",
    );
    insertEvent.run('e1', 1);
    insertEvent.run('e2', 2);
    v7.prepare(
      "INSERT INTO outbox (seq, event_id, enqueued_at, attempts, last_error) VALUES (1, 'e1', 10, 0, NULL), (2, 'e2', 11, 3, 'server down')",
    ).run();
    expect(v7.prepare("SELECT name FROM pragma_index_list('outbox')").all()).not.toEqual([]);
    v7.close();

    const v8 = openDatabase(path, silentLogger, upTo(8));
    expect(v8.prepare('SELECT seq, event_id, enqueued_at, attempts, last_error FROM outbox ORDER BY seq').all()).toEqual([
      { seq: 1, event_id: 'e1', enqueued_at: 10, attempts: 0, last_error: null },
      { seq: 2, event_id: 'e2', enqueued_at: 11, attempts: 3, last_error: 'server down' },
    ]);
    // Nothing but the table itself is written per enqueued event.
    expect(v8.prepare("SELECT name FROM pragma_index_list('outbox')").all()).toEqual([]);
    expect(() => v8.prepare("INSERT INTO outbox (seq, event_id, enqueued_at) VALUES (2, 'e9', 12)").run()).toThrow(/UNIQUE|PRIMARY/);
    v8.close();
  });

  it('applies every migration to a fresh database and is idempotent on reopen', () => {
    const path = join(dir.path, 'all.sqlite');
    openDatabase(path, silentLogger).close();
    const db = openDatabase(path, silentLogger);
    expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
    db.close();
  });

  it('refuses a database written by a newer build', () => {
    const path = join(dir.path, 'newer.sqlite');
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(path, silentLogger)).toThrow(DatabaseOpenError);
  });

  it('rolls back a failing migration completely', () => {
    const path = join(dir.path, 'broken.sqlite');
    const broken = [...upTo(1), { version: 50, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nope FROM missing;' }];
    expect(() => openDatabase(path, silentLogger, broken)).toThrow();
    const db = openDatabase(path, silentLogger, upTo(1));
    expect(tables(db)).not.toContain('half');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });
});
