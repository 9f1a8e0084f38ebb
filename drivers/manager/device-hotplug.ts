import type { Logger } from '../../shared/logger.js';
import { SerialTransport, type SerialBinding } from '../transport/serial-transport.js';
import type { UsbApi, UsbConnectionEventLike } from '../transport/usb-api.js';
import type { DeviceRegistry } from './device-registry.js';

export interface DeviceHotplugOptions {
  registry: DeviceRegistry;
  serialBinding: SerialBinding;
  /** The `usb` API, loaded on first need (only when a USB printer is configured). */
  usbApi: () => Promise<UsbApi>;
  logger: Logger;
  /** How often serial ports are listed (ms). */
  pollMs?: number | undefined;
}

/**
 * Notices devices coming and going: a device that appears cuts its reconnect backoff short, a serial
 * port that disappears while open ends its session as unplugged.
 */
export class DeviceHotplug {
  readonly #options: DeviceHotplugOptions;
  #timer: NodeJS.Timeout | undefined;
  #presentPaths: Set<string> | undefined;
  #usb: { api: UsbApi; listener: (event: UsbConnectionEventLike) => void } | undefined;

  constructor(options: DeviceHotplugOptions) {
    this.#options = options;
  }

  start(): void {
    const { registry, logger } = this.#options;
    if (registry.serialDevices().length > 0) {
      this.#timer = setInterval(() => void this.pollSerial(), this.#options.pollMs ?? 3_000);
      this.#timer.unref();
    }
    if ([...registry.printers.values()].some((p) => p.settings.kind === 'usb')) {
      this.#options
        .usbApi()
        .then((api) => {
          const listener = (event: UsbConnectionEventLike): void => {
            for (const p of registry.printers.values()) {
              if (
                p.settings.kind === 'usb' &&
                p.settings.vendorId === event.device.vendorId &&
                p.settings.productId === event.device.productId
              )
                p.device.nudge();
            }
          };
          this.#usb = { api, listener };
          api.addEventListener('connect', listener);
        })
        .catch((error: unknown) => logger.error({ err: String(error) }, 'USB hotplug unavailable'));
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#usb?.api.removeEventListener('connect', this.#usb.listener);
  }

  /**
   * Lists serial ports: a configured port that appears cuts its device's backoff short; one that
   * disappears while open ends the session as unplugged (serialport may not notice until a write).
   */
  async pollSerial(): Promise<void> {
    const log = this.#options.logger;
    let paths: Set<string>;
    try {
      paths = new Set((await this.#options.serialBinding.list()).map((p) => p.path));
    } catch (error) {
      log.warn({ err: String(error) }, 'could not list serial ports');
      return;
    }
    const before = this.#presentPaths;
    this.#presentPaths = paths;
    for (const device of this.#options.registry.serialDevices()) {
      const present = paths.has(device.path);
      if (present && before && !before.has(device.path)) {
        log.info({ path: device.path }, 'serial device plugged in');
        device.nudge();
      } else if (!present && device.transport.isOpen && device.transport instanceof SerialTransport) {
        log.warn({ path: device.path }, 'serial device vanished');
        await device.transport.abort({ kind: 'unplugged', message: `${device.path} disappeared` });
      }
    }
  }
}
