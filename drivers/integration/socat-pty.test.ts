/**
 * Through the REAL serialport native binding (bindings-cpp) over a socat pty pair: the OS serial path
 * a printer or scanner on /dev/ttyUSB0 takes, with a simulator on the other end of the line.
 */
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialBarcodeScanner, type ScanEvent } from '../devices/barcode-scanner.js';
import { PrinterDevice } from '../devices/printer-device.js';
import { PRINTER_PROFILES } from '../escpos/printer-profile.js';
import { REPRINT_BANNER } from '../escpos/receipt-encoder.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { MemoryPrintJobStore } from '../queue/memory-print-job-store.js';
import { PrintQueue } from '../queue/print-queue.js';
import { openSimulatedPrinterPort } from '../testing/printer-simulator.js';
import { hasSocat, startPtyPair } from '../testing/socat.js';
import { until } from '../testing/until.js';
import { SerialTransport } from '../transport/serial-transport.js';
import { EscPosPrinterModel, type PrintedDocument } from '../virtual/escpos-printer-model.js';

const socat = hasSocat();
if (!socat) console.warn('SKIPPED: socat is not installed; the real-serial-binding integration tests need it (apt-get install socat)');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!socat)('real serial binding over a socat pty pair', () => {
  it('printer: status, confirmed jobs and a paper-out in the middle of a job', async () => {
    const pty = await startPtyPair(115_200);
    cleanups.push(() => pty.close());
    const model = new EscPosPrinterModel();
    const documents: PrintedDocument[] = [];
    model.onDocument((doc) => documents.push(doc));
    const simulator = await openSimulatedPrinterPort(pty.device, 115_200, model);
    cleanups.push(() => simulator.close());

    const transport = new SerialTransport({ path: pty.host, baudRate: 115_200 });
    const device = new PrinterDevice({
      id: 'pty-printer',
      transport,
      profile: PRINTER_PROFILES['epson-tm-t88'],
      heartbeatMs: 30,
      statusTimeoutMs: 200,
      confirmTimeoutMs: 2_000,
    });
    const queue = new PrintQueue({
      store: new MemoryPrintJobStore(),
      printers: new Map([['pty-printer', { device }]]),
      routing: { receipt: { printer: 'pty-printer' } },
    });
    device.start();
    queue.start();
    cleanups.push(async () => {
      await queue.stop();
      await device.stop();
    });
    await device.whenState((s) => s === 'ready');
    expect(device.snapshot()).toMatchObject({ connection: `serial:${pty.host}`, drawer: 'closed' });

    const first = queue.submit({ idempotencyKey: 'pty-1', document: testPageReceipt({ orderLabel: 'Order #1' }) });
    await until(() => queue.get(first.id)?.state === 'done', 3_000);

    model.runOutOfPaperAfter(150);
    const second = queue.submit({ idempotencyKey: 'pty-2', document: testPageReceipt({ orderLabel: 'Order #2' }) });
    const third = queue.submit({ idempotencyKey: 'pty-3', document: testPageReceipt({ orderLabel: 'Order #3' }) });
    await device.whenState((s) => s === 'paper-out');
    expect(queue.get(third.id)?.state).toBe('queued');
    model.setCondition({ paper: 'ok' });
    await until(() => queue.get(third.id)?.state === 'done', 3_000);
    expect(queue.get(second.id)?.state).toBe('done');
    expect(documents.map((d) => d.lines.find((l) => l.startsWith('Order #'))?.split(/ +/)[1])).toEqual(['#1', '#2', '#3']);
    expect(documents.flatMap((d) => d.lines)).not.toContain(REPRINT_BANNER);
  });

  it('printer: a silent printer is offline, a vanished line is unplugged and retried with backoff', async () => {
    const pty = await startPtyPair(115_200);
    const model = new EscPosPrinterModel();
    const simulator = await openSimulatedPrinterPort(pty.device, 115_200, model);
    const transport = new SerialTransport({ path: pty.host, baudRate: 115_200 });
    const device = new PrinterDevice({
      id: 'pty-printer',
      transport,
      profile: PRINTER_PROFILES['generic-80'],
      heartbeatMs: 30,
      statusTimeoutMs: 100,
      backoff: { initialMs: 20, maxMs: 50, factor: 2, jitter: 0 },
    });
    cleanups.push(() => device.stop());
    device.start();
    await device.whenState((s) => s === 'ready');
    // Power off: the simulator stops answering, so heartbeats go unanswered.
    await simulator.close();
    await device.whenState((s) => s === 'offline' || s === 'backoff');
    await pty.close();
    await device.whenState((s) => s === 'backoff');
    expect(device.snapshot().problem?.kind).toMatch(/unplugged|error|timeout/);
  });

  it('scanner: codes arrive through the OS serial stack, split and CRLF-framed', async () => {
    const pty = await startPtyPair(9_600);
    cleanups.push(() => pty.close());
    const deviceEnd = new SerialPort({ path: pty.device, baudRate: 9_600, autoOpen: false });
    await new Promise<void>((resolve, reject) => deviceEnd.open((error) => (error ? reject(error) : resolve())));
    cleanups.push(() => new Promise<void>((resolve) => (deviceEnd.isOpen ? deviceEnd.close(() => resolve()) : resolve())));

    const scanner = new SerialBarcodeScanner({
      transport: new SerialTransport({ path: pty.host, baudRate: 9_600 }),
      deviceId: 'pty-scanner',
    });
    const scans: ScanEvent[] = [];
    scanner.onScan((scan) => scans.push(scan));
    await scanner.start();
    cleanups.push(() => scanner.stop());
    deviceEnd.write('40063813');
    await new Promise((resolve) => setTimeout(resolve, 20));
    deviceEnd.write('33931\r\n]E05901234123457\r\n');
    await until(() => scans.length === 2, 3_000);
    expect(scans.map((s) => [s.code, s.gtin?.valid])).toEqual([
      ['4006381333931', true],
      ['5901234123457', true],
    ]);
  });
});
