import type { Clock } from '../../shared/clock.js';
import type { ScanEvent } from '../devices/barcode-scanner.js';
import type { DrawerKickRecord } from '../devices/drawer-kick-log.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import type { PrintJob } from '../queue/print-job.js';
import type { PrintQueue } from '../queue/print-queue.js';
import type { DeviceRegistry, DisplayEntry, DrawerEntry, PrinterEntry, ScannerEntry } from './device-registry.js';
import { DeviceSettingsError } from './device-settings-error.js';
import { describeTransport } from './transport-factory.js';

export interface DeviceTestResult {
  ok: boolean;
  message: string;
  job?: PrintJob;
  kick?: DrawerKickRecord;
  scan?: ScanEvent;
}

export interface SelfTestDeps {
  registry: DeviceRegistry;
  queue: PrintQueue;
  clock: Clock;
}

/** The settings page's per-device button: test print, open drawer, show on display, or wait for a scan. */
export async function testDevice(deps: SelfTestDeps, deviceId: string, options: { timeoutMs?: number } = {}): Promise<DeviceTestResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { registry } = deps;
  const printer = registry.printers.get(deviceId);
  if (printer) return testPrinter(deps, deviceId, printer, timeoutMs);
  const drawer = registry.drawers.get(deviceId);
  if (drawer) return testDrawer(drawer);
  const display = registry.displays.get(deviceId);
  if (display) return testDisplay(display);
  const scanner = registry.scanners.get(deviceId);
  if (scanner) return testScanner(scanner, timeoutMs);
  throw new DeviceSettingsError(`no device "${deviceId}"`);
}

async function testPrinter(
  { queue, clock }: SelfTestDeps,
  deviceId: string,
  printer: PrinterEntry,
  timeoutMs: number,
): Promise<DeviceTestResult> {
  const job = queue.submit({
    idempotencyKey: `test:${deviceId}:${clock.now()}:${Math.random().toString(36).slice(2, 8)}`,
    document: testPageReceipt({
      orderLabel: 'TEST PRINT',
      headerLines: [printer.name, describeTransport(printer.settings)],
      footerLines: ['Printer test: accents àéîõü and €'],
    }),
    test: { printerId: deviceId },
  });
  const final = await waitForJob(queue, job.id, timeoutMs);
  const ok = final.state === 'done' || final.state === 'sent-unconfirmed';
  return {
    ok,
    job: final,
    message: ok
      ? `Test page ${final.state === 'done' ? 'printed' : 'sent (the printer cannot confirm)'}`
      : `Test page not printed: ${final.lastError ?? final.state}`,
  };
}

async function testDrawer({ drawer }: DrawerEntry): Promise<DeviceTestResult> {
  const kick = await drawer.open({ reason: 'test' });
  return {
    ok: kick.state === 'sent',
    kick,
    message: kick.state === 'sent' ? 'Drawer pulse sent' : `Drawer not opened: ${kick.error ?? ''}`,
  };
}

async function testDisplay(entry: DisplayEntry): Promise<DeviceTestResult> {
  if (entry.link.state !== 'ready') return { ok: false, message: `The display is ${entry.link.state}` };
  await entry.display.show(['** DISPLAY TEST **', entry.name]);
  return { ok: true, message: 'Test text shown on the display' };
}

async function testScanner(entry: ScannerEntry, timeoutMs: number): Promise<DeviceTestResult> {
  const scan = await new Promise<ScanEvent | undefined>((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(undefined);
    }, timeoutMs);
    const off = entry.scanner.onScan((event) => {
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
  if (!scan) return { ok: false, message: `No scan within ${Math.round(timeoutMs / 1000)} s (scanner ${entry.link.state})` };
  const valid = scan.gtin ? (scan.gtin.valid ? ` (valid ${scan.gtin.format})` : ` (${scan.gtin.message})`) : '';
  return { ok: true, scan, message: `Scanned ${scan.code}${valid}` };
}

/** Settles when the job is final, or after `timeoutMs` with the job as it then stands. */
function waitForJob(queue: PrintQueue, jobId: string, timeoutMs: number): Promise<PrintJob> {
  // A sent-unconfirmed job without an error is still waiting for the printer's confirmation.
  const final = (job: PrintJob | undefined): boolean =>
    job !== undefined && job.state !== 'queued' && job.state !== 'sending' && !(job.state === 'sent-unconfirmed' && job.lastError === null);
  const current = queue.get(jobId);
  if (current && final(current)) return Promise.resolve(current);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(queue.get(jobId)!);
    }, timeoutMs);
    const off = queue.onJobChange((job) => {
      if (job.id !== jobId || !final(job)) return;
      clearTimeout(timer);
      off();
      resolve(job);
    });
  });
}
