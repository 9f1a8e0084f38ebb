import { capturingMockBinding, MockBinding, type MockPortBinding } from '../../drivers/testing/mock-serial.js';

/** Serial devices for e2e tests: the test plays the scanner and reads what the printer received. */
export class MockSerialBench {
  private readonly capture = capturingMockBinding();
  readonly binding = this.capture.binding;

  createScanner(path: string): void {
    MockBinding.createPort(path, { echo: false, record: false });
  }

  createPrinter(path: string): void {
    MockBinding.createPort(path, { echo: false, record: true });
  }

  port(path: string): MockPortBinding {
    const port = [...this.capture.opened].reverse().find((p) => p.openOptions.path === path);
    if (!port) throw new Error(`the station has not opened ${path}`);
    return port;
  }

  scan(path: string, code: string): void {
    this.port(path).emitData(Buffer.from(`${code}\r\n`, 'ascii'));
  }

  printed(path: string): Uint8Array {
    return new Uint8Array(this.port(path).recording);
  }

  reset(): void {
    this.capture.opened.length = 0;
    MockBinding.reset();
  }
}
