import { realpath } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Logger } from '../../shared/logger.js';
import { SerialTransport, type SerialBinding } from '../transport/serial-transport.js';
import type { Transport } from '../transport/transport.js';
import type { UsbApi, UsbConnectionEventLike } from '../transport/usb-api.js';
import type { DeviceRegistry, SerialAttached } from './device-registry.js';

/** Where a device path leads: the file system by default, injected in tests. */
export interface DevicePaths {
  /** The canonical path, every symlink followed; rejects when the path does not exist or a link dangles. */
  realpath(path: string): Promise<string>;
}

const FILE_SYSTEM_DEVICE_PATHS: DevicePaths = { realpath: (path) => realpath(path) };

/** What one poll found about a configured serial path. */
export interface SerialPathState {
  /** The path exists (a symlink that resolves, a pty) or the port list names it. */
  present: boolean;
  /** Its canonical path when it resolves on disk (`/dev/ttyUSB1` for a `/dev/serial/by-id/...` link). */
  target: string | undefined;
}

/**
 * Whether each configured serial path is there, against the binding's port list. Both sides are compared
 * as canonical paths: a configured `/dev/serial/by-id/usb-...` link matches a listed `/dev/ttyUSB0`, and the
 * other way round. A path that exists on disk is present even when the list leaves it out (serialport lists
 * no ptys, and udev may name a device only by its links); one that is not on disk (a Windows `COM3`, a
 * binding-mock port) is present only when the list names it.
 */
export async function checkSerialPaths(
  configured: readonly string[],
  listed: readonly string[],
  paths: DevicePaths,
): Promise<Map<string, SerialPathState>> {
  const resolve = async (path: string): Promise<string | undefined> => {
    if (!isAbsolute(path)) return undefined;
    try {
      return await paths.realpath(path);
    } catch {
      return undefined;
    }
  };
  const inList = new Set(listed);
  for (const target of await Promise.all(listed.map(resolve))) if (target !== undefined) inList.add(target);
  const states = new Map<string, SerialPathState>();
  for (const path of new Set(configured)) {
    const target = await resolve(path);
    states.set(path, { present: target !== undefined || inList.has(path), target });
  }
  return states;
}

export interface DeviceHotplugOptions {
  registry: DeviceRegistry;
  serialBinding: SerialBinding;
  /** The `usb` API, loaded on first need (only when a USB printer is configured). */
  usbApi: () => Promise<UsbApi>;
  logger: Logger;
  /** How often serial ports are listed (ms). */
  pollMs?: number | undefined;
  /** Resolves configured paths; the file system by default. */
  devicePaths?: DevicePaths | undefined;
}

/** What the last polls saw of one serial device. */
interface SerialWatch {
  /** At the last poll; undefined before the first. */
  present: boolean | undefined;
  /** Where the path led at the last poll. */
  target: string | undefined;
  /** Where the path led when a poll first saw the current session open; cleared when the session ends. */
  sessionTarget: string | undefined;
  off: () => void;
}

/**
 * Notices devices coming and going: a device that appears cuts its reconnect backoff short, a serial
 * port that disappears while open ends its session as unplugged, and a port whose path now leads to
 * another device node (re-enumerated as `/dev/ttyUSB1`) is reopened there.
 */
export class DeviceHotplug {
  readonly #options: DeviceHotplugOptions;
  readonly #paths: DevicePaths;
  readonly #watches = new Map<Transport, SerialWatch>();
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> = Promise.resolve();
  #pollBusy = false;
  #usb: { api: UsbApi; listener: (event: UsbConnectionEventLike) => void } | undefined;

  constructor(options: DeviceHotplugOptions) {
    this.#options = options;
    this.#paths = options.devicePaths ?? FILE_SYSTEM_DEVICE_PATHS;
  }

  start(): void {
    const { registry, logger } = this.#options;
    if (registry.serialDevices().length > 0) {
      this.#timer = setInterval(() => {
        // A slow listing is not stacked up behind itself.
        if (!this.#pollBusy) void this.pollSerial();
      }, this.#options.pollMs ?? 3_000);
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
    const forget = (): void => {
      for (const watch of this.#watches.values()) watch.off();
      this.#watches.clear();
    };
    forget();
    // A poll still running watches what it checks again.
    void this.#polling.then(forget);
  }

  /**
   * Lists serial ports: a configured port that appears cuts its device's backoff short; one whose path is
   * really gone while open ends the session as unplugged (serialport may not notice until a write); one
   * whose path now leads elsewhere is a replug: the old session ends and the device reopens at once.
   * Polls run one after another.
   */
  pollSerial(): Promise<void> {
    const run = this.#polling.then(() => this.#pollSerial());
    this.#polling = run.catch(() => undefined);
    return run;
  }

  async #pollSerial(): Promise<void> {
    this.#pollBusy = true;
    try {
      const log = this.#options.logger;
      let listed: string[];
      try {
        listed = (await this.#options.serialBinding.list()).map((p) => p.path);
      } catch (error) {
        log.warn({ err: String(error) }, 'could not list serial ports');
        return;
      }
      const devices = this.#options.registry.serialDevices();
      const states = await checkSerialPaths(
        devices.map((d) => d.path),
        listed,
        this.#paths,
      );
      for (const device of devices) await this.#check(device, states.get(device.path)!);
    } finally {
      this.#pollBusy = false;
    }
  }

  async #check(device: SerialAttached, state: SerialPathState): Promise<void> {
    const log = this.#options.logger;
    const { path, transport } = device;
    const watch = this.#watch(transport);
    const { present: wasPresent, target: lastTarget } = watch;
    watch.present = state.present;
    watch.target = state.target;
    if (!state.present) {
      if (transport.isOpen && transport instanceof SerialTransport) {
        log.warn({ path }, 'serial device vanished');
        await transport.abort({ kind: 'unplugged', message: `${path} disappeared` });
      }
      return;
    }
    if (transport.isOpen) {
      watch.sessionTarget ??= state.target;
      const from = watch.sessionTarget;
      if (from !== undefined && state.target !== undefined && from !== state.target && transport instanceof SerialTransport) {
        log.warn({ path, from, to: state.target }, 'serial device re-enumerated; reopening');
        await transport.abort({ kind: 'unplugged', message: `${path} now leads to ${state.target} (was ${from})` });
        device.nudge();
      }
      return;
    }
    const moved = lastTarget !== undefined && state.target !== undefined && lastTarget !== state.target;
    if (wasPresent === false || moved) {
      log.info({ path, target: state.target }, 'serial device plugged in');
      device.nudge();
    }
  }

  #watch(transport: Transport): SerialWatch {
    let watch = this.#watches.get(transport);
    if (!watch) {
      const created: SerialWatch = { present: undefined, target: undefined, sessionTarget: undefined, off: () => {} };
      created.off = transport.onClose(() => (created.sessionTarget = undefined));
      this.#watches.set(transport, created);
      watch = created;
    }
    return watch;
  }
}
