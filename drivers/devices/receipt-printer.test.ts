import { MockBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../shared/logger.js';
import { decodeEscPos } from '../escpos/escpos-decoder.js';
import { encodeReceipt } from '../escpos/receipt-encoder.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { capturingMockBinding } from '../testing/mock-serial.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import { SerialTransport } from '../transport/serial-transport.js';
import type { Transport, TransportCloseReason } from '../transport/transport.js';
import { PrintError, ReceiptPrinter } from './receipt-printer.js';

afterEach(() => {
  MockBinding.reset();
});

interface LogEntry {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function recordingLogger(entries: LogEntry[], bindings: Record<string, unknown> = {}): Logger {
  const log =
    (level: string) =>
    (fields: object, message: string): void => {
      entries.push({ level, fields: { ...bindings, ...fields }, message });
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  };
}

/** A transport whose writes take a while, logging when each starts and ends, to catch interleaving. */
class SlowTransport extends MemoryTransport {
  readonly events: string[] = [];
  #n = 0;
  override async write(bytes: Uint8Array): Promise<void> {
    const n = ++this.#n;
    this.events.push(`start ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await super.write(bytes);
    this.events.push(`end ${n}`);
  }
}

describe('ReceiptPrinter', () => {
  it('opens lazily, writes the encoded receipt and reports its size', async () => {
    const transport = new MemoryTransport({ id: 'mem-printer' });
    const printer = new ReceiptPrinter({ transport });
    expect(transport.isOpen).toBe(false);
    const result = await printer.print(testPageReceipt());
    expect(transport.isOpen).toBe(true);
    const expected = encodeReceipt(testPageReceipt());
    expect(result).toEqual({ bytes: expected.length });
    expect(Buffer.from(transport.written()).equals(Buffer.from(expected))).toBe(true);
  });

  it('serialises concurrent prints: the second write starts after the first ends', async () => {
    const transport = new SlowTransport();
    const printer = new ReceiptPrinter({ transport });
    const first = testPageReceipt({ orderLabel: 'Order #1' });
    const second = testPageReceipt({ orderLabel: 'Order #2' });
    await Promise.all([printer.print(first), printer.print(second)]);
    expect(transport.events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    const expected = Buffer.concat([encodeReceipt(first), encodeReceipt(second)]);
    expect(Buffer.from(transport.written()).equals(expected)).toBe(true);
  });

  it('serialises concurrent prints over a serial port (MockBinding recording)', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', { echo: false, record: true });
    const mock = capturingMockBinding();
    const printer = new ReceiptPrinter({ transport: new SerialTransport({ path: '/dev/ttyMOCK0', baudRate: 38400, binding: mock.binding }) });
    const docs = [1, 2, 3].map((n) => testPageReceipt({ orderLabel: `Order #${n}` }));
    await Promise.all(docs.map((doc, i) => printer.print(doc, { jobId: `job-${i}` })));
    expect(mock.last().recording.equals(Buffer.concat(docs.map((doc) => encodeReceipt(doc))))).toBe(true);
    const decoded = decodeEscPos(mock.last().recording);
    expect(decoded.cuts).toBe(3);
    expect(decoded.lines.filter((l) => l.startsWith('Order #')).map((l) => l.slice(0, 8))).toEqual(['Order #1', 'Order #2', 'Order #3']);
    await printer.close();
  });

  it('fails with a typed error when the printer is unplugged, and recovers on the next print', async () => {
    const transport = new MemoryTransport();
    const printer = new ReceiptPrinter({ transport, deviceId: 'printer-1' });
    await printer.print(testPageReceipt());
    transport.simulateClose({ kind: 'unplugged', message: 'USB cable removed' });
    transport.failNextOpen({ kind: 'unplugged', message: 'No such file or directory' });

    const error: unknown = await printer.print(testPageReceipt(), { jobId: 'job-7' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrintError);
    const printError = error as PrintError;
    expect(printError).toMatchObject({ deviceId: 'printer-1', jobId: 'job-7', phase: 'open', reason: { kind: 'unplugged' } });
    expect(printError.nothingSent).toBe(true);

    await expect(printer.print(testPageReceipt())).resolves.toMatchObject({ bytes: expect.any(Number) });
  });

  it('marks a failure during write as possibly sent', async () => {
    const transport: Transport = new MemoryTransport();
    transport.write = async () => {
      throw new Error('EIO');
    };
    const printer = new ReceiptPrinter({ transport });
    const error = (await printer.print(testPageReceipt()).catch((e: unknown) => e)) as PrintError;
    expect(error).toMatchObject({ phase: 'write', reason: { kind: 'error', message: 'EIO' } });
    expect(error.nothingSent).toBe(false);
  });

  it('keeps the queue going after a failed job', async () => {
    const transport = new MemoryTransport();
    transport.failNextOpen({ kind: 'permission_denied', message: 'EACCES', fix: 'join lp' });
    const printer = new ReceiptPrinter({ transport });
    const [first, second] = await Promise.allSettled([printer.print(testPageReceipt()), printer.print(testPageReceipt())]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
  });

  it('rejects a document with non-integer amounts before touching the device', async () => {
    const transport = new MemoryTransport();
    const printer = new ReceiptPrinter({ transport });
    const error = (await printer.print(testPageReceipt({ totalMinor: 0.1 + 0.2 })).catch((e: unknown) => e)) as PrintError;
    expect(error).toMatchObject({ phase: 'encode', reason: undefined });
    expect(transport.isOpen).toBe(false);
  });

  it('logs with deviceId and jobId', async () => {
    const entries: LogEntry[] = [];
    const printer = new ReceiptPrinter({ transport: new MemoryTransport(), deviceId: 'counter-1', logger: recordingLogger(entries) });
    await printer.print(testPageReceipt(), { jobId: 'job-42' });
    expect(entries).toContainEqual({
      level: 'info',
      fields: { deviceId: 'counter-1', jobId: 'job-42', bytes: expect.any(Number) },
      message: 'receipt sent to printer',
    });
  });

  it('logs when the connection is lost while idle', async () => {
    const entries: LogEntry[] = [];
    const transport = new MemoryTransport();
    new ReceiptPrinter({ transport, deviceId: 'p', logger: recordingLogger(entries) });
    await transport.open();
    const reason: TransportCloseReason = { kind: 'timeout' };
    transport.simulateClose(reason);
    expect(entries.map((e) => e.message)).toContain('printer connection lost');
  });
});
