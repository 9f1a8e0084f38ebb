import { MockBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../shared/logger.js';
import { MemoryDrawerKickLog } from '../devices/drawer-kick-log.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { MemoryPrintJobStore } from '../queue/memory-print-job-store.js';
import { simulatedSerialBus } from '../testing/printer-simulator.js';
import { until } from '../testing/until.js';
import { EscPosPrinterModel } from '../virtual/escpos-printer-model.js';
import { checkSerialPaths, type DevicePaths } from './device-hotplug.js';
import { DeviceManager } from './device-manager.js';
import type { DeviceSettings } from './device-settings.js';
import type { DeviceStatus } from './device-status.js';

/** A file system of device nodes and symlinks (link -> target, followed like realpath does). */
class FakeDeviceFs implements DevicePaths {
  readonly nodes = new Set<string>();
  readonly links = new Map<string, string>();
  readonly asked: string[] = [];

  async realpath(path: string): Promise<string> {
    this.asked.push(path);
    let at = path;
    for (let hops = 0; hops < 40; hops++) {
      const next = this.links.get(at);
      if (next === undefined) break;
      at = next;
    }
    if (!this.nodes.has(at)) throw Object.assign(new Error(`ENOENT: no such file or directory, realpath '${path}'`), { code: 'ENOENT' });
    return at;
  }
}

describe('checkSerialPaths: configured paths against the port list, as canonical paths', () => {
  const SCANNER = '/dev/serial/by-id/usb-Honeywell_Scanner-if00';

  it('matches a by-id link with the device node the list names, and the other way round', async () => {
    const fs = new FakeDeviceFs();
    fs.nodes.add('/dev/ttyACM0');
    fs.links.set(SCANNER, '/dev/ttyACM0');
    expect(await checkSerialPaths([SCANNER], ['/dev/ttyACM0'], fs)).toEqual(
      new Map([[SCANNER, { present: true, target: '/dev/ttyACM0' }]]),
    );
    // A list of links (macOS-style names, udev links) against a configured node.
    expect(await checkSerialPaths(['/dev/ttyACM0'], [SCANNER], fs)).toEqual(
      new Map([['/dev/ttyACM0', { present: true, target: '/dev/ttyACM0' }]]),
    );
  });

  it('a path that exists is present even when the list leaves it out (a pty, a udev link)', async () => {
    const fs = new FakeDeviceFs();
    fs.nodes.add('/dev/pts/7');
    fs.links.set('/tmp/pos/scanner', '/dev/pts/7');
    expect(await checkSerialPaths(['/tmp/pos/scanner', '/dev/pts/7'], ['/dev/ttyS0'], fs)).toEqual(
      new Map([
        ['/tmp/pos/scanner', { present: true, target: '/dev/pts/7' }],
        ['/dev/pts/7', { present: true, target: '/dev/pts/7' }],
      ]),
    );
  });

  it('a dangling link or a missing node is gone, whatever the list says about other ports', async () => {
    const fs = new FakeDeviceFs();
    fs.nodes.add('/dev/ttyUSB1');
    fs.links.set(SCANNER, '/dev/ttyUSB0');
    expect(await checkSerialPaths([SCANNER, '/dev/ttyUSB0'], ['/dev/ttyUSB1'], fs)).toEqual(
      new Map([
        [SCANNER, { present: false, target: undefined }],
        ['/dev/ttyUSB0', { present: false, target: undefined }],
      ]),
    );
  });

  it('a path not on disk (binding-mock, Windows COM3) is present only when listed; relative names are not resolved', async () => {
    const fs = new FakeDeviceFs();
    expect(await checkSerialPaths(['/dev/ttyMOCK', '/dev/ttyGONE', 'COM3', 'COM4'], ['/dev/ttyMOCK', 'COM3'], fs)).toEqual(
      new Map([
        ['/dev/ttyMOCK', { present: true, target: undefined }],
        ['/dev/ttyGONE', { present: false, target: undefined }],
        ['COM3', { present: true, target: undefined }],
        ['COM4', { present: false, target: undefined }],
      ]),
    );
    expect(fs.asked).not.toContain('COM3');
    expect(fs.asked).not.toContain('COM4');
  });
});

describe('DeviceHotplug with symlinked serial paths (binding-mock, injected port list and file system)', () => {
  const SCANNER = '/dev/serial/by-id/usb-Honeywell_Scanner-if00';
  const PRINTER = '/dev/serial/by-id/usb-Prolific_PL2303-if00-port0';
  const managers: DeviceManager[] = [];
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.stop()));
    MockBinding.reset();
  });

  function station() {
    const fs = new FakeDeviceFs();
    for (const node of ['/dev/ttyACM0', '/dev/ttyUSB0']) fs.nodes.add(node);
    fs.links.set(SCANNER, '/dev/ttyACM0');
    fs.links.set(PRINTER, '/dev/ttyUSB0');
    // The mock ports carry the configured names, so the transport opens the same mock port whatever the link leads to.
    for (const path of [SCANNER, PRINTER]) MockBinding.createPort(path, { record: true });
    const model = new EscPosPrinterModel();
    const bus = simulatedSerialBus(MockBinding, { [PRINTER]: model });
    for (const path of [SCANNER, PRINTER]) bus.present.add(path);
    /** What the OS lists: device nodes, never the by-id links. */
    const listed = new Set(['/dev/ttyACM0', '/dev/ttyUSB0', '/dev/ttyS0']);
    let opens = 0;
    const binding = {
      list: async () => [...listed].map((path) => ({ path })),
      open: (options: Parameters<typeof bus.binding.open>[0]) => {
        opens += 1;
        return bus.binding.open(options);
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
    const settings: DeviceSettings = {
      printers: [{ id: 'counter', transport: { kind: 'serial', path: PRINTER, baudRate: 38400 }, profile: 'epson-tm-t88' }],
      routing: { receipt: { printer: 'counter' } },
      scanners: [{ id: 'scanner', transport: { kind: 'serial', path: SCANNER, baudRate: 9600 }, suffix: 'crlf' }],
      displays: [],
      hotplugPollMs: 60_000,
    };
    const m = new DeviceManager({
      settings,
      jobStore: new MemoryPrintJobStore(),
      kickLog: new MemoryDrawerKickLog(),
      serialBinding: binding,
      devicePaths: fs,
      logger,
      // Only hotplug's nudge can bring a device back within a test's time.
      timing: {
        heartbeatMs: 20,
        statusTimeoutMs: 200,
        confirmTimeoutMs: 500,
        backoff: { initialMs: 60_000, maxMs: 60_000, factor: 1, jitter: 0 },
      },
    });
    managers.push(m);
    const state = (id: string): DeviceStatus | undefined => m.list().find((d) => d.id === id);
    return { m, fs, bus, model, listed, warnings, state, opens: () => opens };
  }

  it('keeps a scanner and a printer configured by their by-id links open across a minute of polls, and loses no scan', async () => {
    const { m, bus, model, warnings, state, opens } = station();
    const scans: string[] = [];
    m.onScan((s) => scans.push(s.code));
    const docs: string[][] = [];
    model.onDocument((d) => docs.push(d.lines));
    await m.start();
    await until(() => state('scanner')?.state === 'ready' && state('counter')?.state === 'ready', 3_000);
    const opened = opens();
    const changes: DeviceStatus[] = [];
    m.onChange((s) => changes.push(s));

    m.printReceipt(testPageReceipt({ orderLabel: 'Order #1' }), { orderId: 'o1' });
    for (let poll = 0; poll < 20; poll++) {
      bus.port(SCANNER)!.emitData(`400638133393${poll % 10}\r\n`);
      await m.pollSerialHotplug();
    }
    await until(() => scans.length === 20 && m.queue.jobs({ states: ['done'] }).length === 1, 3_000);
    expect(scans).toEqual(Array.from({ length: 20 }, (_, i) => `400638133393${i % 10}`));
    expect(docs).toHaveLength(1);
    expect(opens()).toBe(opened);
    expect(warnings).not.toContain('serial device vanished');
    expect(changes.filter((c) => c.state !== 'ready' && c.state !== 'busy')).toEqual([]);
  });

  it('calls a device unplugged when its link is gone, and reconnects when the link comes back', async () => {
    const { m, fs, state, warnings } = station();
    await m.start();
    await until(() => state('scanner')?.state === 'ready', 3_000);
    await m.pollSerialHotplug();
    fs.links.delete(SCANNER);
    await m.pollSerialHotplug();
    expect(warnings).toContain('serial device vanished');
    expect(state('scanner')).toMatchObject({
      state: 'backoff',
      problem: { kind: 'unplugged', message: expect.stringContaining(`${SCANNER} disappeared`) },
    });
    expect(state('counter')?.state).toBe('ready');
    fs.links.set(SCANNER, '/dev/ttyACM0');
    await m.pollSerialHotplug();
    await until(() => state('scanner')?.state === 'ready', 1_000);
  });

  it('calls a device whose node is gone from disk and list unplugged, even while its link still exists', async () => {
    const { m, fs, listed, state } = station();
    await m.start();
    await until(() => state('counter')?.state === 'ready', 3_000);
    await m.pollSerialHotplug();
    fs.nodes.delete('/dev/ttyUSB0');
    listed.delete('/dev/ttyUSB0');
    await m.pollSerialHotplug();
    await until(() => state('counter')?.state === 'backoff');
    expect(state('counter')?.problem).toMatchObject({ kind: 'unplugged', message: expect.stringContaining(`${PRINTER} disappeared`) });
    fs.nodes.add('/dev/ttyUSB0');
    listed.add('/dev/ttyUSB0');
    await m.pollSerialHotplug();
    await until(() => state('counter')?.state === 'ready', 3_000);
  });

  it('treats a link that now leads to another node (re-enumerated as ttyACM1) as a replug of the same device', async () => {
    const { m, fs, listed, bus, warnings, state, opens } = station();
    const scans: string[] = [];
    m.onScan((s) => scans.push(s.code));
    await m.start();
    await until(() => state('scanner')?.state === 'ready', 3_000);
    await m.pollSerialHotplug();
    const opened = opens();
    // Unplugged and plugged back between two polls: the kernel gave it the next free number.
    fs.nodes.delete('/dev/ttyACM0');
    listed.delete('/dev/ttyACM0');
    fs.nodes.add('/dev/ttyACM1');
    listed.add('/dev/ttyACM1');
    fs.links.set(SCANNER, '/dev/ttyACM1');
    await m.pollSerialHotplug();
    expect(warnings).toContain('serial device re-enumerated; reopening');
    expect(warnings).not.toContain('serial device vanished');
    await until(() => state('scanner')?.state === 'ready', 1_000);
    expect(opens()).toBe(opened + 1);
    await m.pollSerialHotplug();
    await m.pollSerialHotplug();
    expect(opens()).toBe(opened + 1);
    bus.port(SCANNER)!.emitData('5901234123457\r\n');
    await until(() => scans.length === 1);
  });

  it('reopens a device in backoff at once when its link reappears pointing elsewhere', async () => {
    const { m, fs, state } = station();
    await m.start();
    await until(() => state('scanner')?.state === 'ready', 3_000);
    await m.pollSerialHotplug();
    fs.links.delete(SCANNER);
    await m.pollSerialHotplug();
    expect(state('scanner')?.state).toBe('backoff');
    fs.nodes.add('/dev/ttyACM1');
    fs.links.set(SCANNER, '/dev/ttyACM1');
    await m.pollSerialHotplug();
    await until(() => state('scanner')?.state === 'ready', 1_000);
  });
});
