import { ReceiptPrinter } from '../../../drivers/devices/receipt-printer.js';
import { VirtualReceiptPrinter } from '../../../drivers/devices/virtual-printer.js';
import { SerialBarcodeScanner } from '../../../drivers/devices/barcode-scanner.js';
import type { ReceiptDocument } from '../../../drivers/escpos/receipt-document.js';
import { MemoryTransport } from '../../../drivers/transport/memory-transport.js';
import { SerialTransport, type SerialBinding } from '../../../drivers/transport/serial-transport.js';
import type { Transport } from '../../../drivers/transport/transport.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { StationConfig } from '../config.js';

export interface DeviceInfo {
  id: string;
  kind: 'receipt-printer' | 'scanner';
  /** True for a simulated device: the UI must say so. */
  simulated: boolean;
  connection: string;
}

export interface ScanEvent {
  deviceId: string;
  code: string;
}

export interface StationDevices {
  printReceipt(document: ReceiptDocument, options: { jobId: string }): Promise<void>;
  onScan(listener: (scan: ScanEvent) => void): () => void;
  /** The virtual printer, when one is configured: its decoded receipts feed diagnostics and demos. */
  readonly virtualPrinter: VirtualReceiptPrinter | undefined;
  /** The virtual scanner, when configured: `scan` sends a code through the same framing as hardware. */
  readonly virtualScanner: { scan(code: string): void } | undefined;
  list(): DeviceInfo[];
  close(): Promise<void>;
}

export interface DeviceDeps {
  config: StationConfig['devices'];
  logger: Logger;
  clock: Clock;
  serialBinding?: SerialBinding;
}

/** Builds the configured peripherals: virtual ones where no hardware is configured. */
export async function createStationDevices({ config, logger, clock, serialBinding }: DeviceDeps): Promise<StationDevices> {
  const log = logger.child({ component: 'devices' });
  const infos: DeviceInfo[] = [];
  const closers: (() => Promise<void>)[] = [];

  let virtualPrinter: VirtualReceiptPrinter | undefined;
  let printer: ReceiptPrinter;
  if (config.receiptPrinter.kind === 'virtual') {
    const virtual = new VirtualReceiptPrinter({ id: 'virtual:receipt', clock, logger: log });
    virtual.onDocument((document) => log.info({ deviceId: virtual.id, lines: document.lines }, 'virtual printer printed'));
    virtualPrinter = virtual;
    printer = new ReceiptPrinter({ deviceId: 'receipt', transport: virtual, logger: log });
    infos.push({ id: 'receipt', kind: 'receipt-printer', simulated: true, connection: 'virtual (in memory)' });
  } else {
    const { path, baudRate } = config.receiptPrinter;
    const transport = new SerialTransport({ path, baudRate, id: `serial:${path}`, logger: log, ...(serialBinding ? { binding: serialBinding } : {}) });
    printer = new ReceiptPrinter({ deviceId: 'receipt', transport, logger: log });
    infos.push({ id: 'receipt', kind: 'receipt-printer', simulated: false, connection: `serial ${path} @ ${baudRate}` });
  }
  closers.push(() => printer.close());

  const scanListeners = new Set<(scan: ScanEvent) => void>();
  let virtualScanner: StationDevices['virtualScanner'];
  if (config.scanner.kind !== 'none') {
    let transport: Transport;
    if (config.scanner.kind === 'virtual') {
      const memory = new MemoryTransport({ id: 'virtual:scanner', logger: log });
      virtualScanner = { scan: (code) => memory.receive(`${code}\r\n`) };
      transport = memory;
      infos.push({ id: 'scanner', kind: 'scanner', simulated: true, connection: 'virtual (type codes in the terminal)' });
    } else {
      const { path, baudRate } = config.scanner;
      transport = new SerialTransport({ path, baudRate, id: `serial:${path}`, logger: log, ...(serialBinding ? { binding: serialBinding } : {}) });
      infos.push({ id: 'scanner', kind: 'scanner', simulated: false, connection: `serial ${path} @ ${baudRate}` });
    }
    const scanner = new SerialBarcodeScanner({ deviceId: 'scanner', transport, logger: log, clock });
    scanner.onScan((scan) => {
      for (const listener of scanListeners) listener({ deviceId: scan.deviceId, code: scan.code });
    });
    try {
      await scanner.start();
    } catch (error) {
      // A missing scanner must not keep the till from selling: it is reported and the rest runs.
      log.error({ deviceId: 'scanner', transportId: transport.id, err: error }, 'scanner could not be opened');
    }
    closers.push(() => scanner.stop());
  }

  return {
    printReceipt: async (document, { jobId }) => {
      await printer.print(document, { jobId });
    },
    onScan: (listener) => {
      scanListeners.add(listener);
      return () => scanListeners.delete(listener);
    },
    virtualPrinter,
    virtualScanner,
    list: () => infos.map((info) => ({ ...info })),
    close: async () => {
      for (const close of closers.reverse()) await close().catch((error: unknown) => log.error({ err: error }, 'device close failed'));
    },
  };
}
