import { MockBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { capturingMockBinding } from '../testing/mock-serial.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import { SerialTransport } from '../transport/serial-transport.js';
import { SerialBarcodeScanner, type ScanEvent } from './barcode-scanner.js';

afterEach(() => {
  MockBinding.reset();
});

function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 1);
    };
    tick();
  });
}

function warnings(into: string[]): Logger {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (_fields, message) => {
      into.push(message);
    },
    error: () => {},
    child: () => logger,
  };
  return logger;
}

describe('SerialBarcodeScanner over MockBinding', () => {
  it('emits one scan per frame, joining chunks split mid-code', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', { echo: false, record: true });
    const mock = capturingMockBinding();
    const clock = new ManualClock(1_700_000_000_000);
    const scanner = new SerialBarcodeScanner({
      transport: new SerialTransport({ path: '/dev/ttyMOCK0', baudRate: 9600, binding: mock.binding }),
      deviceId: 'scanner-1',
      clock,
    });
    const scans: ScanEvent[] = [];
    scanner.onScan((scan) => scans.push(scan));
    await scanner.start();

    const port = mock.last();
    port.emitData('40063813');
    port.emitData('33931\r\n');
    port.emitData(']E05901234123457\r');
    port.emitData('\n');
    await until(() => scans.length === 2);
    expect(scans).toEqual([
      { deviceId: 'scanner-1', code: '4006381333931', at: 1_700_000_000_000, gtin: { valid: true, format: 'EAN-13' } },
      { deviceId: 'scanner-1', code: '5901234123457', at: 1_700_000_000_000, symbologyId: 'E0', gtin: { valid: true, format: 'EAN-13' } },
    ]);
    await scanner.stop();
  });

  it('drops over-long frames with a warning and keeps scanning', async () => {
    MockBinding.createPort('/dev/ttyMOCK1', { echo: false, record: true });
    const mock = capturingMockBinding();
    const warned: string[] = [];
    const scanner = new SerialBarcodeScanner({
      transport: new SerialTransport({ path: '/dev/ttyMOCK1', baudRate: 9600, binding: mock.binding }),
      logger: warnings(warned),
    });
    const codes: string[] = [];
    scanner.onScan((scan) => codes.push(scan.code));
    await scanner.start();
    mock.last().emitData(`${'7'.repeat(80)}\r12345670\r`);
    await until(() => codes.length === 1);
    expect(codes).toEqual(['12345670']);
    expect(warned).toContain('scan dropped: longer than a barcode');
    await scanner.stop();
  });
});

describe('SerialBarcodeScanner over MemoryTransport', () => {
  it('does not glue a half-received code to the first code after a reconnect', async () => {
    const transport = new MemoryTransport({ id: 'scanner-mem' });
    const scanner = new SerialBarcodeScanner({ transport });
    const codes: string[] = [];
    const closes: string[] = [];
    scanner.onScan((scan) => codes.push(scan.code));
    scanner.onClose((reason) => closes.push(reason.kind));
    await scanner.start();
    transport.receive('400638');
    transport.simulateClose({ kind: 'unplugged', message: 'unplugged' });
    await scanner.start();
    transport.receive('5901234123457\r\n');
    expect(codes).toEqual(['5901234123457']);
    expect(closes).toEqual(['unplugged']);
    expect(scanner.deviceId).toBe('scanner-mem');
  });
});

describe('SerialBarcodeScanner framing options', () => {
  it('frames Tab-suffixed scans, flags a bad check digit, and drops a stale partial code', async () => {
    const transport = new MemoryTransport({ id: 'scanner-tab' });
    const clock = new ManualClock(0);
    const scanner = new SerialBarcodeScanner({ transport, suffix: 'tab', partialTimeoutMs: 500, clock });
    const scans: ScanEvent[] = [];
    scanner.onScan((scan) => scans.push(scan));
    await scanner.start();
    transport.receive('\x025901234123457\t');
    transport.receive('4006381333932\t');
    transport.receive('9638');
    clock.advance(2_000);
    transport.receive('5074\t');
    transport.receive('ABC-123\r\n\t');
    expect(scans.map((s) => [s.code, s.gtin])).toEqual([
      ['5901234123457', { valid: true, format: 'EAN-13' }],
      ['4006381333932', { valid: false, message: expect.stringContaining('check digit') }],
      ['5074', undefined],
      ['ABC-123', undefined],
    ]);
  });
});
