import { MockBinding } from '../../drivers/testing/mock-serial.js';
import { simulatedSerialBus, type SimulatedSerialBus } from '../../drivers/testing/printer-simulator.js';
import { EscPosPrinterModel, type PrintedDocument } from '../../drivers/virtual/escpos-printer-model.js';

/**
 * Serial devices for e2e tests on @serialport/binding-mock: the test plays the scanner, and an ESC/POS
 * printer model answers status queries and collects what the station printed and every drawer pulse.
 */
export class MockSerialBench {
  readonly printer = new EscPosPrinterModel();
  readonly printed: PrintedDocument[] = [];
  drawerKicks = 0;
  private readonly bus: SimulatedSerialBus;

  constructor(
    readonly scannerPath: string,
    readonly printerPath: string,
  ) {
    MockBinding.createPort(scannerPath, { echo: false, record: false });
    MockBinding.createPort(printerPath, { echo: false, record: true });
    this.bus = simulatedSerialBus(MockBinding, { [printerPath]: this.printer });
    this.bus.present.add(scannerPath);
    this.bus.present.add(printerPath);
    this.printer.onDocument((doc) => this.printed.push(doc));
    this.printer.onDrawerKick(() => (this.drawerKicks += 1));
  }

  get binding() {
    return this.bus.binding;
  }

  scan(code: string): void {
    const port = this.bus.port(this.scannerPath);
    if (!port) throw new Error(`the station has not opened ${this.scannerPath}`);
    port.emitData(Buffer.from(`${code}\r\n`, 'ascii'));
  }

  reset(): void {
    MockBinding.reset();
  }
}
