import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../testing/until.js';
import { CharacterDeviceTransport } from './character-device-transport.js';
import type { TransportCloseReason } from './transport.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-transport-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('CharacterDeviceTransport', () => {
  it('writes every byte to the device file, in order', async () => {
    const path = join(dir, 'lp0');
    writeFileSync(path, '');
    const transport = new CharacterDeviceTransport({ path, readStatus: false });
    await transport.open();
    await transport.write(Uint8Array.of(0x1b, 0x40));
    await transport.write(new TextEncoder().encode('hello\n'));
    await transport.close();
    expect([...readFileSync(path)]).toEqual([0x1b, 0x40, ...Buffer.from('hello\n')]);
  });

  it('keeps writing through EAGAIN while the printer (a FIFO here) is full', async () => {
    const path = fifo('lp-full');
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const transport = new CharacterDeviceTransport({ path, readStatus: false });
    await transport.open();
    const job = Uint8Array.from({ length: 256 * 1024 }, (_, i) => i % 251);
    const received: number[] = [];
    const drain = setInterval(() => {
      const buffer = Buffer.alloc(16 * 1024);
      try {
        const n = readSync(reader, buffer, 0, buffer.length, null);
        for (let i = 0; i < n; i++) received.push(buffer[i] ?? -1);
      } catch {
        // EAGAIN: nothing buffered yet
      }
    }, 2);
    await transport.write(job);
    await until(() => received.length === job.length);
    clearInterval(drain);
    expect(received.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(received.at(-1)).toBe(job.at(-1));
    closeSync(reader);
    await transport.close();
  });

  it('polls status replies from the device without blocking a worker thread', async () => {
    const path = fifo('lp-status');
    const transport = new CharacterDeviceTransport({ path, pollIntervalMs: 5 });
    const received: number[] = [];
    transport.onData((chunk) => received.push(...chunk));
    await transport.open();
    const printerSide = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    writeSync(printerSide, Buffer.of(0x12, 0x12));
    await until(() => received.length === 2);
    expect(received).toEqual([0x12, 0x12]);
    closeSync(printerSide);
    await transport.close();
  });

  it('names the lp group when the device may not be opened', async () => {
    const transport = new CharacterDeviceTransport({
      path: '/dev/pos-printer',
      openFile: async () => {
        throw Object.assign(new Error("EACCES: permission denied, open '/dev/pos-printer'"), { code: 'EACCES' });
      },
    });
    const error: unknown = await transport.open().catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: { kind: 'permission_denied', fix: expect.stringContaining('usermod -aG lp') } });
  });

  it('reports a missing device node (printer off, or lpN renumbered) as unplugged', async () => {
    const transport = new CharacterDeviceTransport({ path: join(dir, 'lp9') });
    await expect(transport.open()).rejects.toMatchObject({ reason: { kind: 'unplugged' } });
  });

  it('ends the session as unplugged when a read fails with ENODEV', async () => {
    let reads = 0;
    const transport = new CharacterDeviceTransport({
      path: '/dev/usb/lp0',
      pollIntervalMs: 2,
      openFile: async () => ({
        write: async (_b, _o, length) => ({ bytesWritten: length }),
        read: async () => {
          reads++;
          if (reads < 3) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
          throw Object.assign(new Error('ENODEV: no such device, read'), { code: 'ENODEV' });
        },
        close: async () => {},
      }),
    });
    const reasons: TransportCloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await transport.open();
    await until(() => reasons.length === 1);
    expect(reasons[0]?.kind).toBe('unplugged');
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ reason: { kind: 'unplugged' } });
  });
});
