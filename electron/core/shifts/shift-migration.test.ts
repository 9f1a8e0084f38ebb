import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/logger.js';
import { migrations } from '../db/migrations.js';
import { openDatabase } from '../db/open-database.js';
import { tempDir } from '../testing/fixtures.js';

describe('migration v5: cash drawer shifts', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('shift-migration')));
  afterEach(() => dir.remove());

  it('adds the shifts table to a v4 database, keeping its events, with one open shift per station', () => {
    const path = join(dir.path, 'v5.sqlite');
    const v4 = openDatabase(
      path,
      silentLogger,
      migrations.filter((m) => m.version <= 4),
    );
    v4.prepare("INSERT INTO events VALUES ('e1', 'o1', 'station-1', 1, '000000000000001-00000', 'OrderOpened', 1, '{}', 1, 0)").run();
    v4.close();

    const db = openDatabase(
      path,
      silentLogger,
      migrations.filter((m) => m.version <= 5),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT id FROM events').all()).toEqual([{ id: 'e1' }]);
    const open = db.prepare(
      "INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, float_minor) VALUES (?, 'station-1', 'alex', 'Alex', 1, 0)",
    );
    open.run('s1');
    expect(() => open.run('s2')).toThrow(/UNIQUE/);
    // Closed, the station may open the next one; a close must record who, the count and the report.
    expect(() => db.prepare("UPDATE shifts SET closed_at = 2 WHERE id = 's1'").run()).toThrow(/CHECK/);
    db.prepare(
      "UPDATE shifts SET closed_at = 2, closed_by = 'alex', closed_by_name = 'Alex', counted_minor = 0, z_report = '{}' WHERE id = 's1'",
    ).run();
    open.run('s2');
    expect(() =>
      db
        .prepare(
          "INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, float_minor) VALUES ('s3', 'station-2', 'a', 'A', 1, -1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration v7: shifts bounded by own event seq', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('shift-seq-migration')));
  afterEach(() => dir.remove());

  const event = (id: string, origin: string, seq: number, isLocal: 0 | 1, receivedAt: number) =>
    `INSERT INTO events VALUES ('${id}', 'o1', '${origin}', ${seq}, '00000000000000${seq}-00000', 'LineAdded', 1, '{}', ${isLocal}, ${receivedAt})`;
  const indexes = (db: ReturnType<typeof openDatabase>) =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all() as { name: string }[]).map((i) => i.name);

  it('gives existing shifts the seqs their time bounds selected and drops the time index', () => {
    const path = join(dir.path, 'v7.sqlite');
    const v6 = openDatabase(
      path,
      silentLogger,
      migrations.filter((m) => m.version <= 6),
    );
    // Own events at t=100 (seq 1), 200 (seq 2, the instant the first shift opened), 300 (seq 3), 400 (seq 4);
    // a remote event and another origin's local-looking one never move the bounds.
    for (const sql of [
      event('e1', 'station-1', 1, 1, 100),
      event('e2', 'station-1', 2, 1, 200),
      event('e3', 'station-1', 3, 1, 300),
      event('e4', 'station-1', 4, 1, 400),
      event('r1', 'station-2', 9, 0, 250),
    ]) {
      v6.prepare(sql).run();
    }
    const open = v6.prepare(
      "INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, float_minor) VALUES (?, 'station-1', 'alex', 'Alex', ?, 0)",
    );
    open.run('closed', 200);
    v6.prepare(
      "UPDATE shifts SET closed_at = 300, closed_by = 'alex', closed_by_name = 'Alex', counted_minor = 0, z_report = '{}' WHERE id = 'closed'",
    ).run();
    open.run('open', 350);
    v6.prepare(
      "INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, float_minor) VALUES ('empty', 'station-3', 'sam', 'Sam', 50, 0)",
    ).run();
    v6.prepare(
      "UPDATE shifts SET closed_at = 60, closed_by = 'sam', closed_by_name = 'Sam', counted_minor = 0, z_report = '{}' WHERE id = 'empty'",
    ).run();
    expect(indexes(v6)).toContain('events_local_by_time');
    v6.close();

    const db = openDatabase(
      path,
      silentLogger,
      migrations.filter((m) => m.version <= 7),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(db.prepare('SELECT id, open_seq, close_seq, z_report FROM shifts ORDER BY id').all()).toEqual([
      { id: 'closed', open_seq: 1, close_seq: 3, z_report: '{}' },
      { id: 'empty', open_seq: 0, close_seq: 0, z_report: '{}' },
      { id: 'open', open_seq: 3, close_seq: null, z_report: null },
    ]);
    expect(indexes(db)).not.toContain('events_local_by_time');
    expect(indexes(db)).toEqual(expect.arrayContaining(['shifts_by_opened', 'shifts_one_open_per_station']));
    // Still one open shift per station; a close must record its seq, never one before the open.
    const insert = db.prepare(
      "INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, open_seq, float_minor) VALUES (?, 'station-1', 'alex', 'Alex', 500, 4, 0)",
    );
    expect(() => insert.run('again')).toThrow(/UNIQUE/);
    const close = db.prepare(
      "UPDATE shifts SET closed_at = 600, closed_by = 'alex', closed_by_name = 'Alex', counted_minor = 0, z_report = '{}', close_seq = ? WHERE id = 'open'",
    );
    expect(() => close.run(null)).toThrow(/CHECK/);
    expect(() => close.run(2)).toThrow(/CHECK/);
    close.run(4);
    insert.run('again');
    db.close();
  });
});
