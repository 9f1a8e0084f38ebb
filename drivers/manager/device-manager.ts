import { SerialPort } from 'serialport';
import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import type { ScanEvent } from '../devices/barcode-scanner.js';
import type { DrawerOpenRequest } from '../devices/cash-drawer.js';
import type { DrawerKickLog, DrawerKickRecord } from '../devices/drawer-kick-log.js';
import type { VirtualReceiptPrinter } from '../devices/virtual-printer.js';
import type { PoleDisplay } from '../display/pole-display.js';
import type { VirtualPoleDisplay } from '../display/virtual-pole-display.js';
import { kitchenTicketsByStation, type KitchenOrder } from '../escpos/kitchen-split.js';
import { monochromeFromPng } from '../escpos/raster-image.js';
import type { ReceiptDocument } from '../escpos/receipt-document.js';
import type { PrintJob } from '../queue/print-job.js';
import type { PrintJobStore } from '../queue/print-job-store.js';
import { PrintQueue, type PrintRequest, type QueuePrinter } from '../queue/print-queue.js';
import type { SerialBinding } from '../transport/serial-transport.js';
import { loadUsbApi, type UsbApi } from '../transport/usb-api.js';
import { buildDevices, type DeviceTiming } from './device-factory.js';
import { DeviceHotplug, type DevicePaths } from './device-hotplug.js';
import type { DeviceRegistry } from './device-registry.js';
import { testDevice, type DeviceTestResult } from './device-self-test.js';
import type { DeviceSettings } from './device-settings.js';
import { DeviceSettingsError } from './device-settings-error.js';
import type { DeviceStatus, DeviceTestAction } from './device-status.js';
import { discoverDevices, type DiscoveryResult } from './discovery.js';

export { DeviceSettingsError } from './device-settings-error.js';
export type { DeviceTestResult } from './device-self-test.js';

export interface DeviceManagerOptions {
  settings: DeviceSettings;
  jobStore: PrintJobStore;
  kickLog: DrawerKickLog;
  clock?: Clock;
  logger?: Logger;
  /** The OS binding by default; @serialport/binding-mock in tests and browser-mode demos. */
  serialBinding?: SerialBinding;
  /** `usb` v3; loaded on first need when absent. */
  usb?: UsbApi;
  random?: () => number;
  /** Timing overrides for tests. */
  timing?: DeviceTiming;
  /** Where configured serial paths lead (symlinks followed) for hotplug; the file system by default. */
  devicePaths?: DevicePaths;
}

/**
 * Every peripheral of a station: builds transports and devices from settings (device-factory),
 * supervises them, owns the durable print queue, and gives the station one surface for printing, the
 * drawer, the customer display, scans, device status, test actions (device-self-test), hotplug
 * (device-hotplug) and discovery. Never imports electron.
 */
export class DeviceManager {
  readonly queue: PrintQueue;
  readonly #kickLog: DrawerKickLog;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #serialBinding: SerialBinding;
  #usb: UsbApi | undefined;
  readonly #devices: DeviceRegistry;
  readonly #hotplug: DeviceHotplug;
  readonly #changes: ListenerSet<DeviceStatus>;
  readonly #scans: ListenerSet<ScanEvent>;
  readonly #lastEmitted = new Map<string, string>();
  readonly #unsubscribe: (() => void)[] = [];
  #started = false;

  constructor(options: DeviceManagerOptions) {
    this.#kickLog = options.kickLog;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ component: 'devices' });
    this.#serialBinding = options.serialBinding ?? SerialPort.binding;
    this.#usb = options.usb;
    const report = (error: unknown): void => this.#log.error({ err: String(error) }, 'device listener threw');
    this.#changes = new ListenerSet(report);
    this.#scans = new ListenerSet(report);
    this.#devices = buildDevices(options.settings, {
      kickLog: options.kickLog,
      clock: this.#clock,
      logger: this.#log,
      serialBinding: this.#serialBinding,
      usb: this.#usb,
      random: options.random,
      timing: options.timing ?? {},
    });
    for (const { scanner } of this.#devices.scanners.values()) this.#unsubscribe.push(scanner.onScan((scan) => this.#scans.emit(scan)));
    this.#hotplug = new DeviceHotplug({
      registry: this.#devices,
      serialBinding: this.#serialBinding,
      usbApi: () => this.#usbApi(),
      logger: this.#log,
      pollMs: options.settings.hotplugPollMs,
      devicePaths: options.devicePaths,
    });

    const queuePrinters = new Map<string, QueuePrinter>(
      [...this.#devices.printers].map(([id, entry]) => [id, { device: entry.device, assets: entry.assets }]),
    );
    this.queue = new PrintQueue({
      store: options.jobStore,
      printers: queuePrinters,
      routing: options.settings.routing,
      clock: this.#clock,
      logger: this.#log,
      ...(options.settings.fallbackAfterMs !== undefined ? { fallbackAfterMs: options.settings.fallbackAfterMs } : {}),
    });
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const unknown = this.#kickLog.markUnfinishedUnknown(this.#clock.now());
    if (unknown > 0) this.#log.warn({ count: unknown }, 'drawer kicks with an unknown outcome after restart (not replayed)');
    for (const [id, entry] of this.#devices.printers) {
      if (entry.logoPng) {
        try {
          entry.assets.logo = await monochromeFromPng(entry.logoPng);
        } catch (error) {
          this.#log.error({ deviceId: id, err: String(error) }, 'printer logo is not a readable PNG; printing without it');
        }
      }
      this.#unsubscribe.push(entry.device.onChange(() => this.#emitPrinter(id)));
      entry.device.start();
    }
    for (const [id, entry] of this.#devices.scanners) {
      this.#unsubscribe.push(entry.link.onChange(() => this.#emitStatus(this.#devices.scannerStatus(id))));
      entry.link.start();
    }
    for (const [id, entry] of this.#devices.displays) {
      this.#unsubscribe.push(entry.link.onChange(() => this.#emitStatus(this.#devices.displayStatus(id))));
      entry.link.start();
    }
    this.queue.start();
    this.#hotplug.start();
  }

  async stop(): Promise<void> {
    this.#hotplug.stop();
    for (const off of this.#unsubscribe.splice(0)) off();
    // The queue stops taking jobs first; stopping the printers then ends any wait for a confirmation.
    const queueStopped = this.queue.stop();
    await Promise.all([
      ...[...this.#devices.printers.values()].map((p) => p.device.stop()),
      ...[...this.#devices.scanners.values()].map((s) => s.link.stop()),
      ...[...this.#devices.displays.values()].map((d) => d.link.stop()),
    ]);
    await queueStopped;
    this.#started = false;
  }

  // ---- status ---------------------------------------------------------------------------------

  list(): DeviceStatus[] {
    return this.#devices.list();
  }

  /** Fires when a device's status changes (not on every unchanged heartbeat). */
  onChange(listener: (status: DeviceStatus) => void): () => void {
    return this.#changes.add(listener);
  }

  onJobChange(listener: (job: PrintJob) => void): () => void {
    return this.queue.onJobChange(listener);
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    return this.#scans.add(listener);
  }

  #emitPrinter(id: string): void {
    this.#emitStatus(this.#devices.printerStatus(id));
    for (const drawerId of this.#devices.drawerIdsOf(id)) this.#emitStatus(this.#devices.drawerStatus(drawerId));
  }

  #emitStatus(status: DeviceStatus): void {
    const key = JSON.stringify({ ...status, since: undefined, nextRetryAt: undefined });
    if (this.#lastEmitted.get(status.id) === key) return;
    this.#lastEmitted.set(status.id, key);
    this.#changes.emit(status);
  }

  // ---- printing, drawer, display -----------------------------------------------------------------

  print(request: PrintRequest): PrintJob {
    return this.queue.submit(request);
  }

  /** The receipt of a paid order, once per order whatever happens: keyed on the order id. */
  printReceipt(document: ReceiptDocument, options: { orderId: string; idempotencyKey?: string }): PrintJob {
    return this.queue.submit({
      idempotencyKey: options.idempotencyKey ?? `receipt:${options.orderId}`,
      document,
      orderId: options.orderId,
    });
  }

  /** One ticket per kitchen station, each routed to its printer; a station without a route is reported, the rest print. */
  printKitchen(order: KitchenOrder, options: { orderId: string; keyPrefix?: string }): { jobs: PrintJob[]; errors: string[] } {
    const jobs: PrintJob[] = [];
    const errors: string[] = [];
    for (const ticket of kitchenTicketsByStation(order)) {
      try {
        jobs.push(
          this.queue.submit({
            idempotencyKey: `${options.keyPrefix ?? 'kitchen'}:${options.orderId}:${ticket.station.trim().toLowerCase()}`,
            document: ticket,
            orderId: options.orderId,
          }),
        );
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { jobs, errors };
  }

  async openDrawer(request: DrawerOpenRequest & { drawerId?: string }): Promise<DrawerKickRecord> {
    const drawers = this.#devices.drawers;
    const entry = request.drawerId ? drawers.get(request.drawerId) : drawers.values().next().value;
    if (!entry) throw new DeviceSettingsError(request.drawerId ? `no cash drawer "${request.drawerId}"` : 'no cash drawer is configured');
    return entry.drawer.open(request);
  }

  /** The customer display (the first one when no id is given). */
  display(id?: string): PoleDisplay | undefined {
    const displays = this.#devices.displays;
    return (id ? displays.get(id) : displays.values().next().value)?.display;
  }

  // ---- simulated devices, for demos and diagnostics ------------------------------------------------

  virtualPrinter(id?: string): VirtualReceiptPrinter | undefined {
    if (id) return this.#devices.printers.get(id)?.virtual;
    return [...this.#devices.printers.values()].find((p) => p.virtual)?.virtual;
  }

  /** Types a code into a virtual scanner, through the same framing as hardware. */
  virtualScan(code: string, id?: string): boolean {
    const entry = id ? this.#devices.scanners.get(id) : [...this.#devices.scanners.values()].find((s) => s.virtual);
    if (!entry?.virtual?.isOpen) return false;
    entry.virtual.receive(`${code}\r\n`);
    return true;
  }

  virtualDisplay(id?: string): VirtualPoleDisplay | undefined {
    if (id) return this.#devices.displays.get(id)?.virtual;
    return [...this.#devices.displays.values()].find((d) => d.virtual)?.virtual;
  }

  // ---- test actions, hotplug and discovery ---------------------------------------------------------

  /** The settings page's per-device button: test print, open drawer, show on display, or wait for a scan. */
  test(deviceId: string, options: { timeoutMs?: number } = {}): Promise<DeviceTestResult> {
    return testDevice({ registry: this.#devices, queue: this.queue, clock: this.#clock }, deviceId, options);
  }

  /** Test actions per device, for the UI. */
  actions(deviceId: string): DeviceTestAction[] {
    return this.list().find((d) => d.id === deviceId)?.actions ?? [];
  }

  discover(): Promise<DiscoveryResult> {
    return discoverDevices({ serialBinding: this.#serialBinding, usb: () => this.#usbApi() });
  }

  /**
   * Lists serial ports: a configured port that appears cuts its device's backoff short; one whose path is
   * really gone while open ends the session as unplugged (serialport may not notice until a write); one
   * whose symlink now leads to another device node is reopened there (see device-hotplug).
   */
  pollSerialHotplug(): Promise<void> {
    return this.#hotplug.pollSerial();
  }

  async #usbApi(): Promise<UsbApi> {
    this.#usb ??= await loadUsbApi();
    return this.#usb;
  }
}
