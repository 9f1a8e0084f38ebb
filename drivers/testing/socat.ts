import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether Debian's socat is installed (integration tests over a real pty pair need it). */
export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface PtyPair {
  /** The host end, opened by the code under test. */
  host: string;
  /** The device end, played by a simulator. */
  device: string;
  close(): Promise<void>;
}

/**
 * Two linked pseudo-terminals from socat, both raw, with the line speed set. A pty does not pace data
 * at the baud rate: the rate is only a termios setting, so timing tests pace the device side themselves.
 */
export async function startPtyPair(baudRate = 115_200): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'pty-pair-'));
  const host = join(dir, 'host');
  const device = join(dir, 'device');
  const end = (path: string): string => `pty,raw,echo=0,link=${path},b${baudRate}`;
  const child: ChildProcess = spawn('socat', [end(host), end(device)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = Date.now();
  while (!existsSync(host) || !existsSync(device)) {
    if (child.exitCode !== null || Date.now() - started > 5_000) {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`socat did not create the pty pair: ${stderr.trim() || `exit ${child.exitCode}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    host,
    device,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
