/**
 * Hotplug against the REAL serialport binding and file system: a scanner configured by a symlink (as a
 * `/dev/serial/by-id/usb-...` link is) to a socat pty, which serialport's port list never names.
 */
import { mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../shared/logger.js';
import { MemoryDrawerKickLog } from '../devices/drawer-kick-log.js';
import { DeviceManager } from '../manager/device-manager.js';
import type { DeviceStatus } from '../manager/device-status.js';
import { MemoryPrintJobStore } from '../queue/memory-print-job-store.js';
import { hasSocat, startPtyPair, type PtyPair } from '../testing/socat.js';
import { until } from '../testing/until.js';
import type { SerialBinding } from '../transport/serial-transport.js';

const socat = hasSocat();
if (!socat) console.warn('SKIPPED: socat is not installed; the serial hotplug integration tests need it (apt-get install socat)');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The scanner's end of the line: what a scanner in USB-COM mode would send. */
async function scannerEnd(pty: PtyPair): Promise<SerialPort> {
  const port = new SerialPort({ path: pty.device, baudRate: 9_600, autoOpen: false });
  port.on('error', () => {});
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  cleanups.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  return port;
}

async function pair(): Promise<PtyPair> {
  const pty = await startPtyPair(9_600);
  cleanups.push(() => pty.close());
  return pty;
}

function station(link: string) {
  let polls = 0;
  // The OS binding, counting the hotplug polls (each one lists the ports).
  const os: SerialBinding = SerialPort.binding;
  const binding: SerialBinding = {
    open: (options) => os.open(options),
    list: async () => {
      const ports = await os.list();
      polls += 1;
      return ports;
    },
  };
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (_fields, message) => void warnings.push(message),
    error: () => {},
    child: () => logger,
  };
  const m = new DeviceManager({
    settings: {
      printers: [{ id: 'receipt', transport: { kind: 'virtual' }, profile: 'generic-80' }],
      routing: { receipt: { printer: 'receipt' } },
      scanners: [{ id: 'scanner', transport: { kind: 'serial', path: link, baudRate: 9_600 }, suffix: 'crlf' }],
      displays: [],
      // 3 s in production: 20 polls here are a minute at the station.
      hotplugPollMs: 50,
    },
    jobStore: new MemoryPrintJobStore(),
    kickLog: new MemoryDrawerKickLog(),
    serialBinding: binding,
    logger,
    // Longer than any test: only hotplug's nudge brings the scanner back in time.
    timing: { backoff: { initialMs: 60_000, maxMs: 60_000, factor: 1, jitter: 0 } },
  });
  cleanups.push(() => m.stop());
  const scans: string[] = [];
  m.onScan((scan) => scans.push(scan.code));
  const changes: DeviceStatus[] = [];
  m.onChange((status) => {
    if (status.id === 'scanner') changes.push(status);
  });
  const scanner = (): DeviceStatus | undefined => m.list().find((d) => d.id === 'scanner');
  return { m, scans, changes, warnings, scanner, polls: () => polls };
}

function linkDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'serial-by-id-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** EAN-13 codes with a valid check digit, numbered. */
function ean13(n: number): string {
  const body = `400638${String(n).padStart(6, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

describe.skipIf(!socat)('serial hotplug over a symlinked socat pty (real binding, real file system)', () => {
  it('a minute of polls: the scanner is never called vanished nor reopened, and no scan is lost', async () => {
    const pty = await pair();
    const link = join(linkDir(), 'usb-Honeywell_Scanner-if00');
    symlinkSync(pty.host, link);
    const device = await scannerEnd(pty);
    const { m, scans, changes, warnings, scanner, polls } = station(link);
    await m.start();
    await until(() => scanner()?.state === 'ready', 3_000);
    const readyAt = changes.length;

    const sent: string[] = [];
    const firstPoll = polls();
    while (polls() - firstPoll < 25) {
      const code = ean13(sent.length);
      sent.push(code);
      device.write(`${code}\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await until(() => scans.length >= sent.length, 3_000, 'every scan');
    expect(polls() - firstPoll).toBeGreaterThanOrEqual(20);
    expect(scans).toEqual(sent);
    expect(warnings).not.toContain('serial device vanished');
    expect(changes.slice(readyAt)).toEqual([]);
    expect(scanner()).toMatchObject({ state: 'ready', reconnectAttempt: 0 });
  }, 30_000);

  it('a removed link is unplugged and a re-created one reconnects; so do socat closing and a new pty behind the link', async () => {
    const first = await pair();
    const dir = linkDir();
    const link = join(dir, 'usb-Honeywell_Scanner-if00');
    symlinkSync(first.host, link);
    const firstDevice = await scannerEnd(first);
    const { m, scans, warnings, scanner, polls } = station(link);
    await m.start();
    await until(() => scanner()?.state === 'ready', 3_000);

    rmSync(link);
    await until(() => scanner()?.state === 'backoff', 3_000, 'unplugged');
    expect(warnings).toContain('serial device vanished');
    expect(scanner()?.problem).toMatchObject({ kind: 'unplugged', message: expect.stringContaining(`${link} disappeared`) });
    symlinkSync(first.host, link);
    await until(() => scanner()?.state === 'ready', 3_000, 'reconnected');
    firstDevice.write(`${ean13(1)}\r\n`);
    await until(() => scans.length === 1, 3_000);

    // The adapter goes away for good: socat ends, the link dangles.
    await first.close();
    await until(() => scanner()?.state === 'backoff', 3_000, 'unplugged');
    const seen = polls();
    await until(() => polls() >= seen + 2, 3_000, 'two more polls');
    expect(scanner()?.state).toBe('backoff');

    // Plugged back in: a new pty behind the same configured link.
    const second = await pair();
    const secondDevice = await scannerEnd(second);
    rmSync(link);
    symlinkSync(second.host, link);
    await until(() => scanner()?.state === 'ready', 3_000, 'reconnected');
    secondDevice.write(`${ean13(2)}\r\n`);
    await until(() => scans.length === 2, 3_000);
    expect(scans).toEqual([ean13(1), ean13(2)]);
  }, 30_000);

  it('a link that now leads to another pty while open is a replug: the scanner reopens there at once', async () => {
    const first = await pair();
    const second = await pair();
    const link = join(linkDir(), 'usb-Honeywell_Scanner-if00');
    symlinkSync(first.host, link);
    const firstDevice = await scannerEnd(first);
    const secondDevice = await scannerEnd(second);
    const { m, scans, changes, warnings, scanner, polls } = station(link);
    await m.start();
    await until(() => scanner()?.state === 'ready', 3_000);
    const seen = polls();
    await until(() => polls() >= seen + 2, 3_000, 'two polls');
    firstDevice.write(`${ean13(1)}\r\n`);
    await until(() => scans.length === 1, 3_000);

    // Replaced atomically, as udev does: the link never dangles in between.
    symlinkSync(second.host, `${link}.new`);
    renameSync(`${link}.new`, link);
    const readyAt = changes.length;
    await until(() => warnings.includes('serial device re-enumerated; reopening'), 3_000, 're-enumeration noticed');
    // The old session ends (unplugged) and the scanner reopens at once, not after its 60 s backoff.
    await until(() => changes.slice(readyAt).some((c) => c.state === 'backoff'), 3_000, 'old session ended');
    await until(() => scanner()?.state === 'ready', 3_000, 'reopened');
    expect(warnings).not.toContain('serial device vanished');
    secondDevice.write(`${ean13(2)}\r\n`);
    await until(() => scans.length === 2, 3_000);
    expect(scans).toEqual([ean13(1), ean13(2)]);
  }, 30_000);
});
