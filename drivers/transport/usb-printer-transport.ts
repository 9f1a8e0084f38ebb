import type { Logger } from '../../shared/logger.js';
import { TransportError, type TransportCloseReason } from './transport.js';
import { TransportBase } from './transport-base.js';
import {
  describeUsbDevice,
  findPrinterInterface,
  hex4,
  loadUsbApi,
  type UsbApi,
  type UsbConnectionEventLike,
  type UsbDeviceLike,
} from './usb-api.js';
import { classifyUsbError, isNoKernelDriverError } from './usb-errors.js';

export interface UsbPrinterTransportOptions {
  vendorId: number;
  productId: number;
  /** Tells two identical printers apart. */
  serialNumber?: string;
  /** The `usb` v3 API; loaded on first open when absent. Tests pass a fake. */
  usb?: UsbApi;
  platform?: NodeJS.Platform;
  /** Per bulk transfer: a printer that stops taking data (paper out, full buffer) fails the write after this. */
  writeTimeoutMs?: number;
  /** Bytes per bulk OUT transfer, so a timeout on a large job is per chunk rather than for the whole job. */
  chunkBytes?: number;
  /** How long each bulk IN read waits; reads repeat while open. */
  readTimeoutMs?: number;
  /** Give the interface back to usblp on close (off by default: CUPS would grab the printer). */
  reattachKernelDriverOnClose?: boolean;
  id?: string;
  logger?: Logger;
}

interface Session {
  api: UsbApi;
  device: UsbDeviceLike;
  interfaceNumber: number;
  outEndpoint: number;
  inEndpoint: number | undefined;
  ended: boolean;
  detached: boolean;
  released: Promise<void> | undefined;
  onDisconnect: (event: UsbConnectionEventLike) => void;
}

/**
 * A USB printer-class device through libusb (`usb` v3, WebUSB-style): finds interface class 7, detaches
 * the kernel's usblp driver on Linux, claims the interface, writes to the bulk OUT endpoint and reads
 * status replies (DLE EOT, ASB) from the bulk IN endpoint.
 */
export class UsbPrinterTransport extends TransportBase<Session> {
  readonly #options: UsbPrinterTransportOptions;
  readonly #platform: NodeJS.Platform;
  readonly #writeTimeoutMs: number;
  readonly #chunkBytes: number;
  readonly #readTimeoutMs: number;

  constructor(options: UsbPrinterTransportOptions) {
    super({
      id: options.id ?? `usb:${hex4(options.vendorId)}:${hex4(options.productId)}${options.serialNumber ? `:${options.serialNumber}` : ''}`,
      logger: options.logger,
      endMessages: { closed: 'usb printer released', lost: 'usb printer lost' },
    });
    this.#options = options;
    this.#platform = options.platform ?? process.platform;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
    this.#chunkBytes = options.chunkBytes ?? 4_096;
    this.#readTimeoutMs = options.readTimeoutMs ?? 500;
  }

  protected openSession(): Promise<void> {
    return this.#claim().catch((error: unknown) => {
      const reason = error instanceof TransportError ? error.reason : this.#classify(error);
      this.openFailed(reason);
      this.log.warn({ reason: reason.kind }, 'usb printer open failed');
      throw error instanceof TransportError ? error : new TransportError(this.id, reason, { cause: error });
    });
  }

  #classify(error: unknown): TransportCloseReason {
    return classifyUsbError(error, this.#options.vendorId, this.#options.productId, this.#platform);
  }

  async #claim(): Promise<void> {
    const { vendorId, productId, serialNumber } = this.#options;
    // The previous claim must be gone before the same device is opened again.
    await this.session?.released;
    let api: UsbApi;
    try {
      api = this.#options.usb ?? (await loadUsbApi());
    } catch (error) {
      throw new TransportError(
        this.id,
        { kind: 'error', message: String(error), fix: 'Reinstall the station: the "usb" native module did not load on this platform' },
        { cause: error },
      );
    }
    const device = (await api.getDevices()).find(
      (d) => d.vendorId === vendorId && d.productId === productId && (serialNumber === undefined || d.serialNumber === serialNumber),
    );
    if (!device) {
      throw new TransportError(this.id, { kind: 'unplugged', message: `no USB printer ${hex4(vendorId)}:${hex4(productId)} is connected` });
    }
    if (!device.opened) await device.open();
    try {
      if (!device.configuration) {
        const first = device.configurations?.[0]?.configurationValue ?? 1;
        await device.selectConfiguration(first);
      }
      const printer = findPrinterInterface(device.configuration);
      if (!printer) {
        throw new TransportError(this.id, {
          kind: 'error',
          message: `${describeUsbDevice(device)} has no printer-class interface with a bulk OUT endpoint`,
          fix: 'Check vendorId/productId: this device is not a USB printer',
        });
      }
      let detached = false;
      if (this.#platform === 'linux' && device.detachKernelDriver) {
        try {
          await device.detachKernelDriver(printer.interfaceNumber);
          detached = true;
        } catch (error) {
          // No usblp bound is the normal case on a system with a udev rule; anything else shows up in claim.
          if (!isNoKernelDriverError(error)) this.log.warn({ err: String(error) }, 'could not detach the kernel printer driver');
        }
      }
      await device.claimInterface(printer.interfaceNumber);
      const session: Session = {
        api,
        device,
        interfaceNumber: printer.interfaceNumber,
        outEndpoint: printer.outEndpoint,
        inEndpoint: printer.inEndpoint,
        ended: false,
        detached,
        released: undefined,
        onDisconnect: (event) => {
          if (this.#sameDevice(event.device, device)) this.end(session, { kind: 'unplugged', message: 'USB printer disconnected' });
        },
      };
      api.addEventListener('disconnect', session.onDisconnect);
      this.began(session);
      this.log.info({ device: describeUsbDevice(device), interfaceNumber: printer.interfaceNumber }, 'usb printer claimed');
      if (session.inEndpoint !== undefined) void this.#readLoop(session, session.inEndpoint);
    } catch (error) {
      await device.close().catch(() => undefined);
      throw error;
    }
  }

  #sameDevice(a: UsbDeviceLike, b: UsbDeviceLike): boolean {
    if (a === b) return true;
    return a.vendorId === b.vendorId && a.productId === b.productId && (a.serialNumber ?? null) === (b.serialNumber ?? null);
  }

  async #readLoop(session: Session, endpoint: number): Promise<void> {
    while (!session.ended) {
      try {
        const result = await session.device.transferIn(endpoint, 64, this.#readTimeoutMs);
        if (session.ended) return;
        if (result.status === 'stall') await session.device.clearHalt?.('in', endpoint);
        const view = result.data;
        if (view && view.byteLength > 0) {
          this.emitData(new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength)));
        } else {
          // Some stacks complete an IN transfer with no data at once; do not spin.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } catch (error) {
        if (session.ended) return;
        const reason = this.#classify(error);
        if (reason.kind === 'timeout' || /cancel/i.test(String(error))) continue;
        this.end(session, reason);
        return;
      }
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    const session = this.session;
    if (!session || session.ended) return Promise.reject(this.closedError());
    return this.queueWrite(() => this.#writeChunks(session, bytes));
  }

  async #writeChunks(session: Session, bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      if (session.ended) throw this.closedError();
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + this.#chunkBytes));
      let result;
      try {
        result = await session.device.transferOut(session.outEndpoint, chunk, this.#writeTimeoutMs);
      } catch (error) {
        const reason = this.#classify(error);
        // Part of the job may have printed: drop the session so the next job starts on a fresh claim.
        this.end(session, reason);
        throw new TransportError(this.id, reason, { cause: error });
      }
      if (result.status === 'stall') {
        await session.device.clearHalt?.('out', session.outEndpoint).catch(() => undefined);
        const reason: TransportCloseReason = { kind: 'error', message: 'the printer stalled the bulk OUT endpoint' };
        this.end(session, reason);
        throw new TransportError(this.id, reason);
      }
      offset += result.bytesWritten > 0 ? result.bytesWritten : chunk.length;
    }
  }

  async close(): Promise<void> {
    const session = await this.sessionToClose();
    if (!session) return;
    await this.queuedWrites();
    this.end(session, { kind: 'closed' });
    await session.released;
  }

  protected override teardown(session: Session, reason: TransportCloseReason): void {
    session.api.removeEventListener('disconnect', session.onDisconnect);
    session.released = this.#release(session, reason.kind === 'closed');
  }

  async #release(session: Session, orderly: boolean): Promise<void> {
    const { device, interfaceNumber } = session;
    if (orderly) await device.releaseInterface(interfaceNumber).catch(() => undefined);
    if (orderly && session.detached && this.#options.reattachKernelDriverOnClose) {
      await device.attachKernelDriver?.(interfaceNumber).catch(() => undefined);
    }
    await device.close().catch(() => undefined);
  }
}
