import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pos-start-test-'));
  dirs.push(dir);
  return dir;
}

/** `npm start` as a person runs it, on its own data directory; the config is refused before anything starts. */
function start(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'start.ts'), '--no-open'], {
      cwd: root,
      env: { ...process.env, POS_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('npm start with a station it cannot start', () => {
  it('ends an invalid station.json with the message alone and a failing exit code', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'station.json'), JSON.stringify({ stationId: 5, http: { port: 'x' } }));
    const { code, stdout, stderr } = await start(dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        `npm start failed: Invalid station config in ${join(dir, 'station.json')}:`,
        '✖ Invalid input: expected string, received number',
        '  → at stationId',
        '✖ Invalid input: expected number, received string',
        '  → at http.port',
        '',
      ].join('\n'),
    );
    // The logger's exit flush used to throw here ("sonic boom is not ready yet") and print its stack.
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('sonic boom');
  });

  it('ends a log file it cannot open with the message alone', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'logs', 'pos.log'), { recursive: true });
    const { code, stderr } = await start(dir);
    expect(code).toBe(1);
    expect(stderr).toBe(`npm start failed: EISDIR: illegal operation on a directory, open '${join(dir, 'logs', 'pos.log')}'\n`);
  });
});
