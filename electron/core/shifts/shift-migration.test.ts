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
    const v4 = openDatabase(path, silentLogger, migrations.filter((m) => m.version <= 4));
    v4.prepare("INSERT INTO events VALUES ('e1', 'o1', 'station-1', 1, '000000000000001-00000', 'OrderOpened', 1, '{}', 1, 0)").run();
    v4.close();

    const db = openDatabase(path, silentLogger, migrations.filter((m) => m.version <= 5));
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT id FROM events').all()).toEqual([{ id: 'e1' }]);
    const open = db.prepare("INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, float_minor) VALUES (?, 'station-1', 'alex', 'Alex', 1, 0)");
    open.run('s1');
    expect(() => open.run('s2')).toThrow(/UNIQUE/);
    // Closed, the station may open the next one; a close must record who, the count and the report.
    expect(() => db.prepare("UPDATE shifts SET closed_at = 2 WHERE id = 's1'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE shifts SET closed_at = 2, closed_by = 'alex', closed_by_name = 'Alex', counted_minor = 0, z_report = '{}' WHERE id = 's1'").run();
    open.run('s2');
    expect(() => db.prepare("INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, float_minor) VALUES ('s3', 'station-2', 'a', 'A', 1, -1)").run()).toThrow(/CHECK/);
    db.close();
  });
});
