import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import { openDatabase } from './db/open-database.js';
import { openPrivateAppendFile, privateDirectory } from './private-files.js';
import { startTestStation } from './testing/station-harness.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const roots: string[] = [];
const scratch = () => {
  const root = mkdtempSync(join(tmpdir(), 'pos-private-'));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

// Whatever the umask says (a shared machine's 022 makes files world-readable by default).
describe.skipIf(process.platform === 'win32')('station files are private to the user', () => {
  it('creates the data directory 0700 and the database, its WAL and shared memory 0600', () => {
    const dataDir = join(scratch(), 'data');
    const previous = process.umask(0o022);
    try {
      const db = openDatabase(join(dataDir, 'station.sqlite'), silentLogger);
      db.exec('CREATE TABLE probe (x); INSERT INTO probe VALUES (1)');
      expect(mode(dataDir)).toBe(0o700);
      for (const file of ['station.sqlite', 'station.sqlite-wal', 'station.sqlite-shm'])
        expect(mode(join(dataDir, file)), file).toBe(0o600);
      db.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a database left readable by an older version, and leaves an existing directory to the launcher', () => {
    const dataDir = join(scratch(), 'old');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    openDatabase(join(dataDir, 'station.sqlite'), silentLogger).close();
    for (const file of ['station.sqlite', 'station.sqlite-wal', 'station.sqlite-shm']) {
      writeFileSync(join(dataDir, file), '', { flag: 'a' });
      chmodSync(join(dataDir, file), 0o644);
    }
    chmodSync(dataDir, 0o755);
    const db = openDatabase(join(dataDir, 'station.sqlite'), silentLogger);
    expect(mode(dataDir)).toBe(0o755);
    for (const file of ['station.sqlite', 'station.sqlite-wal', 'station.sqlite-shm']) expect(mode(join(dataDir, file)), file).toBe(0o600);
    db.close();
  });

  it('makes the station data directory 0700 when a station starts on it', async () => {
    const dataDir = scratch();
    chmodSync(dataDir, 0o755);
    const station = await startTestStation(dataDir);
    try {
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'station.sqlite'))).toBe(0o600);
    } finally {
      await station.stop();
    }
  });

  it('opens log files 0600 in a 0700 directory, new or existing', () => {
    const logs = join(scratch(), 'data', 'logs');
    privateDirectory(logs);
    expect(mode(logs)).toBe(0o700);
    const fresh = openPrivateAppendFile(join(logs, 'pos.log'));
    expect(mode(join(logs, 'pos.log'))).toBe(0o600);
    writeFileSync(join(logs, 'old.log'), 'line\n', { mode: 0o644 });
    chmodSync(join(logs, 'old.log'), 0o644);
    const old = openPrivateAppendFile(join(logs, 'old.log'));
    expect(mode(join(logs, 'old.log'))).toBe(0o600);
    for (const fd of [fresh, old]) expect(fd).toBeGreaterThan(2);
  });
});
