import type {
  UsbApi,
  UsbConfigurationInfo,
  UsbConnectionEventLike,
  UsbDeviceLike,
  UsbTransferInResult,
  UsbTransferOutResult,
} from '../transport/usb-api.js';

export interface FakeUsbPrinterOptions {
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  productName?: string;
  /** A usblp-bound interface refuses claims until the kernel driver is detached. */
  kernelDriverActive?: boolean;
  /** Make open() fail like libusb does without a udev rule. */
  openError?: string;
  /** No printer-class interface: a keyboard, a hub... */
  notAPrinter?: boolean;
  withInEndpoint?: boolean;
  /** Called with every bulk OUT chunk: lets a printer simulator reply through reply(). */
  onWrite?: (bytes: Uint8Array) => void;
}

/** A WebUSB-shaped printer: records bulk OUT bytes and serves reply() bytes on bulk IN. */
export class FakeUsbPrinter implements UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string | null;
  readonly productName: string | null;
  readonly manufacturerName = 'Fake Printers Inc.';
  readonly calls: string[] = [];
  readonly chunks: Uint8Array[] = [];
  opened = false;
  configuration: UsbConfigurationInfo | null = null;
  readonly configurations: UsbConfigurationInfo[];
  kernelDriverActive: boolean;
  unplugged = false;
  /** Make the next transferOut hang until this many ms, then fail as a timeout. */
  stallWritesMs: number | undefined;
  /** Called with every bulk OUT chunk: lets a printer simulator answer through reply(). */
  onWrite: ((bytes: Uint8Array) => void) | undefined;
  readonly #options: FakeUsbPrinterOptions;
  #claimed = false;
  #pendingIn: Uint8Array[] = [];
  #waitingIn: ((result: UsbTransferInResult | Error) => void) | undefined;

  constructor(options: FakeUsbPrinterOptions = {}) {
    this.#options = options;
    this.vendorId = options.vendorId ?? 0x04b8;
    this.productId = options.productId ?? 0x0e15;
    this.serialNumber = options.serialNumber ?? null;
    this.productName = options.productName ?? 'TM-T20II';
    this.kernelDriverActive = options.kernelDriverActive ?? false;
    this.onWrite = options.onWrite;
    const endpoints = [
      { endpointNumber: 1, direction: 'out' as const, type: 'bulk' as const, packetSize: 64 },
      ...(options.withInEndpoint === false ? [] : [{ endpointNumber: 2, direction: 'in' as const, type: 'bulk' as const, packetSize: 64 }]),
    ];
    this.configurations = [
      {
        configurationValue: 1,
        interfaces: [
          {
            interfaceNumber: 0,
            alternate: { interfaceClass: options.notAPrinter ? 3 : 7, interfaceSubclass: 1, interfaceProtocol: 2, endpoints },
          },
        ],
      },
    ];
  }

  written(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  /** Bytes the printer sends back (status replies). */
  reply(bytes: Uint8Array | number[]): void {
    const chunk = Uint8Array.from(bytes);
    const waiting = this.#waitingIn;
    if (waiting) {
      this.#waitingIn = undefined;
      waiting({ status: 'ok', data: new DataView(chunk.buffer) });
    } else this.#pendingIn.push(chunk);
  }

  /** Pulls the cable: pending and later transfers fail like libusb's. */
  unplug(): void {
    this.unplugged = true;
    const waiting = this.#waitingIn;
    this.#waitingIn = undefined;
    waiting?.(new Error('device disconnected'));
  }

  async open(): Promise<void> {
    this.calls.push('open');
    if (this.#options.openError) throw new Error(this.#options.openError);
    if (this.unplugged) throw new Error('failed to open device: device disconnected');
    this.opened = true;
  }

  async close(): Promise<void> {
    this.calls.push('close');
    this.opened = false;
    this.#claimed = false;
    const waiting = this.#waitingIn;
    this.#waitingIn = undefined;
    waiting?.(new Error('transfer was cancelled'));
  }

  async selectConfiguration(value: number): Promise<void> {
    this.calls.push(`selectConfiguration ${value}`);
    this.configuration = this.configurations.find((c) => c.configurationValue === value) ?? null;
  }

  async claimInterface(n: number): Promise<void> {
    this.calls.push(`claimInterface ${n}`);
    if (this.kernelDriverActive) throw new Error('claimInterface error: interface is busy');
    this.#claimed = true;
  }

  async releaseInterface(n: number): Promise<void> {
    this.calls.push(`releaseInterface ${n}`);
    this.#claimed = false;
  }

  async detachKernelDriver(n: number): Promise<void> {
    this.calls.push(`detachKernelDriver ${n}`);
    if (!this.kernelDriverActive) throw new Error('detachKernelDriver error: no kernel driver attached');
    this.kernelDriverActive = false;
  }

  async attachKernelDriver(n: number): Promise<void> {
    this.calls.push(`attachKernelDriver ${n}`);
    this.kernelDriverActive = true;
  }

  async clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void> {
    this.calls.push(`clearHalt ${direction} ${endpoint}`);
  }

  async transferOut(endpoint: number, data: Uint8Array, timeoutMs = 1_000): Promise<UsbTransferOutResult> {
    if (this.unplugged) throw new Error('transferOut error: device disconnected');
    if (!this.#claimed || endpoint !== 1) throw new Error('transferOut error: endpoint not found');
    if (this.stallWritesMs !== undefined) {
      const wait = Math.min(this.stallWritesMs, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, wait));
      throw new Error('transferOut error: timed out');
    }
    const copy = Uint8Array.from(data);
    this.chunks.push(copy);
    this.onWrite?.(copy);
    return { bytesWritten: copy.length, status: 'ok' };
  }

  transferIn(endpoint: number, _length: number, timeoutMs = 1_000): Promise<UsbTransferInResult> {
    if (this.unplugged) return Promise.reject(new Error('transferIn error: device disconnected'));
    if (!this.#claimed || endpoint !== 2) return Promise.reject(new Error('transferIn error: endpoint not found'));
    const queued = this.#pendingIn.shift();
    if (queued) return Promise.resolve({ status: 'ok', data: new DataView(queued.buffer) });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.#waitingIn === settle) this.#waitingIn = undefined;
        reject(new Error('transferIn error: timed out'));
      }, timeoutMs);
      const settle = (result: UsbTransferInResult | Error): void => {
        clearTimeout(timer);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      this.#waitingIn = settle;
    });
  }
}

/** The `usb` object: a device list plus connect/disconnect events. */
export class FakeUsb implements UsbApi {
  readonly devices: FakeUsbPrinter[] = [];
  readonly #listeners = {
    connect: new Set<(e: UsbConnectionEventLike) => void>(),
    disconnect: new Set<(e: UsbConnectionEventLike) => void>(),
  };
  getDevicesError: Error | undefined;

  async getDevices(): Promise<UsbDeviceLike[]> {
    if (this.getDevicesError) throw this.getDevicesError;
    return this.devices.filter((d) => !d.unplugged);
  }

  addEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEventLike) => void): void {
    this.#listeners[type].add(listener);
  }

  removeEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEventLike) => void): void {
    this.#listeners[type].delete(listener);
  }

  listenerCount(type: 'connect' | 'disconnect'): number {
    return this.#listeners[type].size;
  }

  plug(device: FakeUsbPrinter): void {
    device.unplugged = false;
    if (!this.devices.includes(device)) this.devices.push(device);
    for (const listener of [...this.#listeners.connect]) listener({ device });
  }

  unplug(device: FakeUsbPrinter): void {
    device.unplug();
    for (const listener of [...this.#listeners.disconnect]) listener({ device });
  }
}
