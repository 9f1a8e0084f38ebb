/**
 * A throwaway PostgreSQL cluster for tests and benchmarks, built from the distribution's binaries
 * (Debian: /usr/lib/postgresql/<major>/bin). It listens only on a unix socket in a temporary
 * directory, so parallel test workers never race for a port and nothing is reachable from outside.
 * `postgres` refuses to run as root, so under root (CI) it runs as the `postgres` system user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  readonly socketDir: string;
  /** Connection string for a database of this cluster. */
  url(database: string): string;
  /** A new empty database with a unique name; returns its connection string. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

const USER = 'pos';
const PORT = 5432;

export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['POS_PG_BIN']) return env['POS_PG_BIN'];
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(root, majors[0], 'bin');
}

interface RunAs {
  uid?: number;
  gid?: number;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root and there is no "postgres" user to run the test cluster as (install Debian\'s postgresql package)');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

let counter = 0;

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBinaries();
  if (bin === undefined) {
    throw new Error(
      'PostgreSQL binaries not found: install them (Debian: apt-get install postgresql) or set POS_PG_BIN to their bin directory',
    );
  }
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'pos-pg-'));
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const env = { ...process.env, LC_ALL: 'C', HOME: dir };

  const init = spawnSync(join(bin, 'initdb'), ['-D', dataDir, '-U', USER, '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
    encoding: 'utf8',
    env,
    ...user,
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  }

  // Durability settings are off: a test cluster is thrown away, and fsync would dominate run time.
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-k',
      dir,
      '-p',
      String(PORT),
      '-c',
      'listen_addresses=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=64MB',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'], ...user },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log = (log + chunk).slice(-8_000);
  });
  // A test worker that dies without teardown must not leave a postmaster behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = (database: string) => `postgresql://${USER}@localhost/${database}?host=${encodeURIComponent(dir)}&port=${PORT}`;
  try {
    await waitUntilReady(url('postgres'), child, () => log);
  } catch (error) {
    await stopChild(child);
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    socketDir: dir,
    url,
    createDatabase: async (prefix = 'test') => {
      const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${process.pid}_${++counter}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop: () =>
      (stopping ??= (async () => {
        await stopChild(child);
        process.off('exit', killOnExit);
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode} during start:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 20 s: ${(error as Error).message}\n${log()}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}

/** Fast shutdown (SIGINT) rolls back open sessions; SIGKILL if it still hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
