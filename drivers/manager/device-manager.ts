import { SerialPort } from 'serialport';
import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { SerialBarcodeScanner, type ScanEvent } from '../devices/barcode-scanner.js';
import { CashDrawer, type DrawerOpenRequest } from '../devices/cash-drawer.js';
import type { DrawerKickLog, DrawerKickRecord } from '../devices/drawer-kick-log.js';
import { LinkSupervisor } from '../devices/link-supervisor.js';
import { PrinterDevice } from '../devices/printer-device.js';
import { VirtualReceiptPrinter } from '../devices/virtual-printer.js';
import { PoleDisplay } from '../display/pole-display.js';
import { VirtualPoleDisplay } from '../display/virtual-pole-display.js';
import { kitchenTicketsByStation, type KitchenOrder } from '../escpos/kitchen-split.js';
import { printerProfile, withColumns } from '../escpos/printer-profile.js';
import { monochromeFromPng } from '../escpos/raster-image.js';
import type { ReceiptDocument } from '../escpos/receipt-document.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import type { PrintJob } from '../queue/print-job.js';
import type { PrintJobStore } from '../queue/print-job-store.js';
import { PrintQueue, type PrintRequest, type QueuePrinter } from '../queue/print-queue.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import { SerialTransport, type SerialBinding } from '../transport/serial-transport.js';
import type { Transport } from '../transport/transport.js';
import { loadUsbApi, type UsbApi, type UsbConnectionEventLike } from '../transport/usb-api.js';
import type { BackoffPolicy } from '../../shared/util/backoff.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import type { DeviceSettings, TransportSettings } from './device-settings.js';
import { drawerStatus, linkStatus, printerStatus, type DeviceStatus, type DeviceTestAction } from './device-status.js';
import { discoverDevices, type DiscoveryResult } from './discovery.js';
import { createTransport, describeTransport } from './transport-factory.js';

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
  timing?: { heartbeatMs?: number; statusTimeoutMs?: number; confirmTimeoutMs?: number; backoff?: BackoffPolicy };
}

export class DeviceSettingsError extends Error {
  override readonly name = 'DeviceSettingsError';
}

export interface DeviceTestResult {
  ok: boolean;
  message: string;
  job?: PrintJob;
  kick?: DrawerKickRecord;
  scan?: ScanEvent;
}

interface PrinterEntry {
  name: string;
  settings: TransportSettings;
  transport: Transport;
  device: PrinterDevice;
  assets: QueuePrinter['assets'] & object;
  logoPng: Uint8Array | undefined;
  virtual: VirtualReceiptPrinter | undefined;
}

interface LinkEntry {
  name: string;
  settings: TransportSettings;
  transport: Transport;
  link: LinkSupervisor;
}

const isVirtual = (settings: TransportSettings): boolean => settings.kind === 'virtual';

/**
 * Every peripheral of a station: builds transports and devices from settings, supervises them, owns
 * the durable print queue, and gives the station one surface for printing, the drawer, the customer
 * display, scans, device status, test actions and discovery. Never imports electron.
 */
export class DeviceManager {
  readonly queue: PrintQueue;
  readonly #settings: DeviceSettings;
  readonly #kickLog: DrawerKickLog;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #serialBinding: SerialBinding;
  #usb: UsbApi | undefined;
  readonly #printers = new Map<string, PrinterEntry>();
  readonly #drawers = new Map<string, { name: string; drawer: CashDrawer }>();
  readonly #scanners = new Map<string, LinkEntry & { scanner: SerialBarcodeScanner; virtual: MemoryTransport | undefined }>();
  readonly #displays = new Map<string, LinkEntry & { display: PoleDisplay; virtual: VirtualPoleDisplay | undefined }>();
  readonly #changes: ListenerSet<DeviceStatus>;
  readonly #scans: ListenerSet<ScanEvent>;
  readonly #lastEmitted = new Map<string, string>();
  readonly #unsubscribe: (() => void)[] = [];
  #hotplugTimer: NodeJS.Timeout | undefined;
  #presentPaths: Set<string> | undefined;
  #usbListener: ((event: UsbConnectionEventLike) => void) | undefined;
  #started = false;

  constructor(options: DeviceManagerOptions) {
    this.#settings = options.settings;
    this.#kickLog = options.kickLog;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ component: 'devices' });
    this.#serialBinding = options.serialBinding ?? SerialPort.binding;
    this.#usb = options.usb;
    const report = (error: unknown): void => this.#log.error({ err: String(error) }, 'device listener threw');
    this.#changes = new ListenerSet(report);
    this.#scans = new ListenerSet(report);
    this.#checkIds();
    const timing = options.timing ?? {};
    const transportDeps = { logger: this.#log, serialBinding: this.#serialBinding, ...(this.#usb ? { usb: this.#usb } : {}) };
    const heartbeatMs = timing.heartbeatMs ?? options.settings.heartbeatMs;

    for (const p of options.settings.printers) {
      const virtual = isVirtual(p.transport) ? new VirtualReceiptPrinter({ id: `virtual:${p.id}`, clock: this.#clock, logger: this.#log }) : undefined;
      const transport = virtual ?? createTransport(p.transport as Exclude<TransportSettings, { kind: 'virtual' }>, transportDeps);
      const base = printerProfile(p.profile);
      const profile = p.columns !== undefined && p.columns !== base.columns ? withColumns(base, p.columns) : base;
      const device = new PrinterDevice({
        id: p.id,
        transport,
        profile,
        clock: this.#clock,
        logger: this.#log,
        ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
        ...(timing.statusTimeoutMs !== undefined ? { statusTimeoutMs: timing.statusTimeoutMs } : {}),
        ...(timing.confirmTimeoutMs !== undefined ? { confirmTimeoutMs: timing.confirmTimeoutMs } : {}),
        ...(timing.backoff ? { backoff: timing.backoff } : {}),
        ...(options.random ? { random: options.random } : {}),
        ...(p.drawer?.sensor ? { drawerPolarity: p.drawer.sensor } : {}),
      });
      this.#printers.set(p.id, { name: p.name ?? p.id, settings: p.transport, transport, device, assets: {}, logoPng: p.logoPng, virtual });
      if (p.drawer) {
        const drawerId = p.drawer.id ?? `${p.id}:drawer`;
        const drawer = new CashDrawer({
          id: drawerId,
          printer: device,
          log: this.#kickLog,
          clock: this.#clock,
          logger: this.#log,
          ...(p.drawer.pin !== undefined ? { pin: p.drawer.pin } : {}),
          ...(p.drawer.onMs !== undefined ? { onMs: p.drawer.onMs } : {}),
          ...(p.drawer.offMs !== undefined ? { offMs: p.drawer.offMs } : {}),
          ...(p.drawer.realtimePulseMs !== undefined ? { realtimePulseMs: p.drawer.realtimePulseMs } : {}),
        });
        this.#drawers.set(drawerId, { name: `${p.name ?? p.id} cash drawer`, drawer });
      }
    }

    const linkDeps = (id: string) => ({ id, clock: this.#clock, logger: this.#log, ...(timing.backoff ? { backoff: timing.backoff } : {}), ...(options.random ? { random: options.random } : {}) });
    for (const s of options.settings.scanners) {
      const virtual = isVirtual(s.transport) ? new MemoryTransport({ id: `virtual:${s.id}`, logger: this.#log }) : undefined;
      const transport = virtual ?? createTransport(s.transport as Exclude<TransportSettings, { kind: 'virtual' }>, transportDeps);
      const scanner = new SerialBarcodeScanner({ transport, deviceId: s.id, logger: this.#log, clock: this.#clock, ...(s.suffix ? { suffix: s.suffix } : {}) });
      scanner.attach();
      this.#unsubscribe.push(scanner.onScan((scan) => this.#scans.emit(scan)));
      this.#scanners.set(s.id, { name: s.name ?? s.id, settings: s.transport, transport, scanner, virtual, link: new LinkSupervisor({ ...linkDeps(s.id), transport }) });
    }
    for (const d of options.settings.displays) {
      const virtual = isVirtual(d.transport) ? new VirtualPoleDisplay({ id: `virtual:${d.id}`, dialect: d.dialect, ...(d.encoding ? { encoding: d.encoding } : {}) }) : undefined;
      const transport = virtual ?? createTransport(d.transport as Exclude<TransportSettings, { kind: 'virtual' }>, transportDeps);
      const display = new PoleDisplay({
        id: d.id,
        transport,
        dialect: d.dialect,
        logger: this.#log,
        ...(d.encoding ? { encoding: d.encoding } : {}),
        ...(d.codeTable !== undefined ? { codeTable: d.codeTable } : {}),
        ...(d.brightness !== undefined ? { brightness: d.brightness } : {}),
      });
      const link = new LinkSupervisor({ ...linkDeps(d.id), transport, onConnected: () => display.redraw() });
      this.#displays.set(d.id, { name: d.name ?? d.id, settings: d.transport, transport, display, virtual, link });
    }

    const queuePrinters = new Map<string, QueuePrinter>([...this.#printers].map(([id, entry]) => [id, { device: entry.device, assets: entry.assets }]));
    this.queue = new PrintQueue({
      store: options.jobStore,
      printers: queuePrinters,
      routing: options.settings.routing,
      clock: this.#clock,
      logger: this.#log,
      ...(options.settings.fallbackAfterMs !== undefined ? { fallbackAfterMs: options.settings.fallbackAfterMs } : {}),
    });
  }

  #checkIds(): void {
    const ids = new Set<string>();
    const claim = (id: string, what: string): void => {
      if (ids.has(id)) throw new DeviceSettingsError(`device id "${id}" is used twice (${what})`);
      ids.add(id);
    };
    for (const p of this.#settings.printers) {
      claim(p.id, 'printer');
      if (p.drawer) claim(p.drawer.id ?? `${p.id}:drawer`, 'drawer');
    }
    for (const s of this.#settings.scanners) claim(s.id, 'scanner');
    for (const d of this.#settings.displays) claim(d.id, 'display');
    const printerIds = new Set(this.#settings.printers.map((p) => p.id));
    const routing = this.#settings.routing;
    const routes = [['receipt', routing.receipt], ['kitchenDefault', routing.kitchenDefault], ...Object.entries(routing.kitchen ?? {}).map(([k, v]) => [`kitchen.${k}`, v])] as const;
    for (const [name, route] of routes) {
      if (!route || typeof route !== 'object') continue;
      for (const id of [route.printer, route.fallback]) {
        if (id !== undefined && !printerIds.has(id)) throw new DeviceSettingsError(`route ${name} names printer "${id}", which is not configured`);
      }
    }
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const unknown = this.#kickLog.markUnfinishedUnknown(this.#clock.now());
    if (unknown > 0) this.#log.warn({ count: unknown }, 'drawer kicks with an unknown outcome after restart (not replayed)');
    for (const [id, entry] of this.#printers) {
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
    for (const [id, entry] of this.#scanners) {
      this.#unsubscribe.push(entry.link.onChange(() => this.#emitStatus(this.#scannerStatus(id))));
      entry.link.start();
    }
    for (const [id, entry] of this.#displays) {
      this.#unsubscribe.push(entry.link.onChange(() => this.#emitStatus(this.#displayStatus(id))));
      entry.link.start();
    }
    this.queue.start();
    this.#startHotplug();
  }

  async stop(): Promise<void> {
    clearInterval(this.#hotplugTimer);
    if (this.#usb && this.#usbListener) this.#usb.removeEventListener('connect', this.#usbListener);
    for (const off of this.#unsubscribe.splice(0)) off();
    // The queue stops taking jobs first; stopping the printers then ends any wait for a confirmation.
    const queueStopped = this.queue.stop();
    await Promise.all([
      ...[...this.#printers.values()].map((p) => p.device.stop()),
      ...[...this.#scanners.values()].map((s) => s.link.stop()),
      ...[...this.#displays.values()].map((d) => d.link.stop()),
    ]);
    await queueStopped;
    this.#started = false;
  }

  // ---- status ---------------------------------------------------------------------------------

  list(): DeviceStatus[] {
    return [
      ...[...this.#printers.keys()].map((id) => this.#printerStatus(id)),
      ...[...this.#drawers.keys()].map((id) => this.#drawerStatus(id)),
      ...[...this.#scanners.keys()].map((id) => this.#scannerStatus(id)),
      ...[...this.#displays.keys()].map((id) => this.#displayStatus(id)),
    ];
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

  #identity(id: string, name: string, settings: TransportSettings) {
    return { id, name, simulated: isVirtual(settings), connection: describeTransport(settings) };
  }

  #printerStatus(id: string): DeviceStatus {
    const entry = this.#printers.get(id)!;
    return printerStatus(this.#identity(id, entry.name, entry.settings), entry.device.snapshot());
  }

  #drawerStatus(id: string): DeviceStatus {
    const { name, drawer } = this.#drawers.get(id)!;
    const printer = this.#printers.get(drawer.printerId)!;
    return drawerStatus(this.#identity(id, name, printer.settings), drawer.printerId, printer.device.snapshot());
  }

  #scannerStatus(id: string): DeviceStatus {
    const entry = this.#scanners.get(id)!;
    return linkStatus(this.#identity(id, entry.name, entry.settings), 'scanner', entry.link.snapshot());
  }

  #displayStatus(id: string): DeviceStatus {
    const entry = this.#displays.get(id)!;
    return linkStatus(this.#identity(id, entry.name, entry.settings), 'display', entry.link.snapshot());
  }

  #emitPrinter(id: string): void {
    this.#emitStatus(this.#printerStatus(id));
    for (const [drawerId, { drawer }] of this.#drawers) if (drawer.printerId === id) this.#emitStatus(this.#drawerStatus(drawerId));
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
    return this.queue.submit({ idempotencyKey: options.idempotencyKey ?? `receipt:${options.orderId}`, document, orderId: options.orderId });
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
    const entry = request.drawerId ? this.#drawers.get(request.drawerId) : this.#drawers.values().next().value;
    if (!entry) throw new DeviceSettingsError(request.drawerId ? `no cash drawer "${request.drawerId}"` : 'no cash drawer is configured');
    return entry.drawer.open(request);
  }

  /** The customer display (the first one when no id is given). */
  display(id?: string): PoleDisplay | undefined {
    return (id ? this.#displays.get(id) : this.#displays.values().next().value)?.display;
  }

  // ---- simulated devices, for demos and diagnostics ------------------------------------------------

  virtualPrinter(id?: string): VirtualReceiptPrinter | undefined {
    if (id) return this.#printers.get(id)?.virtual;
    return [...this.#printers.values()].find((p) => p.virtual)?.virtual;
  }

  /** Types a code into a virtual scanner, through the same framing as hardware. */
  virtualScan(code: string, id?: string): boolean {
    const entry = id ? this.#scanners.get(id) : [...this.#scanners.values()].find((s) => s.virtual);
    if (!entry?.virtual?.isOpen) return false;
    entry.virtual.receive(`${code}\r\n`);
    return true;
  }

  virtualDisplay(id?: string): VirtualPoleDisplay | undefined {
    if (id) return this.#displays.get(id)?.virtual;
    return [...this.#displays.values()].find((d) => d.virtual)?.virtual;
  }

  // ---- test actions and discovery -----------------------------------------------------------------

  /** The settings page's per-device button: test print, open drawer, show on display, or wait for a scan. */
  async test(deviceId: string, options: { timeoutMs?: number } = {}): Promise<DeviceTestResult> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const printer = this.#printers.get(deviceId);
    if (printer) {
      const job = this.queue.submit({
        idempotencyKey: `test:${deviceId}:${this.#clock.now()}:${Math.random().toString(36).slice(2, 8)}`,
        document: testPageReceipt({ orderLabel: 'TEST PRINT', headerLines: [printer.name, describeTransport(printer.settings)], footerLines: ['Printer test: accents àéîõü and €'] }),
        test: { printerId: deviceId },
      });
      const final = await this.#waitForJob(job.id, timeoutMs);
      const ok = final.state === 'done' || final.state === 'sent-unconfirmed';
      return { ok, job: final, message: ok ? `Test page ${final.state === 'done' ? 'printed' : 'sent (the printer cannot confirm)'}` : `Test page not printed: ${final.lastError ?? final.state}` };
    }
    const drawer = this.#drawers.get(deviceId);
    if (drawer) {
      const kick = await drawer.drawer.open({ reason: 'test' });
      return { ok: kick.state === 'sent', kick, message: kick.state === 'sent' ? 'Drawer pulse sent' : `Drawer not opened: ${kick.error ?? ''}` };
    }
    const display = this.#displays.get(deviceId);
    if (display) {
      if (display.link.state !== 'ready') return { ok: false, message: `The display is ${display.link.state}` };
      await display.display.show(['** DISPLAY TEST **', display.name]);
      return { ok: true, message: 'Test text shown on the display' };
    }
    const scanner = this.#scanners.get(deviceId);
    if (scanner) {
      const scan = await new Promise<ScanEvent | undefined>((resolve) => {
        const timer = setTimeout(() => {
          off();
          resolve(undefined);
        }, timeoutMs);
        const off = scanner.scanner.onScan((event) => {
          clearTimeout(timer);
          off();
          resolve(event);
        });
      });
      if (!scan) return { ok: false, message: `No scan within ${Math.round(timeoutMs / 1000)} s (scanner ${scanner.link.state})` };
      const valid = scan.gtin ? (scan.gtin.valid ? ` (valid ${scan.gtin.format})` : ` (${scan.gtin.message})`) : '';
      return { ok: true, scan, message: `Scanned ${scan.code}${valid}` };
    }
    throw new DeviceSettingsError(`no device "${deviceId}"`);
  }

  /** Test actions per device, for the UI. */
  actions(deviceId: string): DeviceTestAction[] {
    return this.list().find((d) => d.id === deviceId)?.actions ?? [];
  }

  discover(): Promise<DiscoveryResult> {
    return discoverDevices({ serialBinding: this.#serialBinding, usb: () => this.#usbApi() });
  }

  async #usbApi(): Promise<UsbApi> {
    this.#usb ??= await loadUsbApi();
    return this.#usb;
  }

  #waitForJob(jobId: string, timeoutMs: number): Promise<PrintJob> {
    const final = (job: PrintJob | undefined): boolean => job !== undefined && job.state !== 'queued' && job.state !== 'sending' && !(job.state === 'sent-unconfirmed' && job.lastError === null);
    const current = this.queue.get(jobId);
    if (current && final(current)) return Promise.resolve(current);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(this.queue.get(jobId)!);
      }, timeoutMs);
      const off = this.queue.onJobChange((job) => {
        if (job.id !== jobId || !final(job)) return;
        clearTimeout(timer);
        off();
        resolve(job);
      });
    });
  }

  // ---- hotplug ------------------------------------------------------------------------------------

  #serialDevices(): { path: string; nudge: () => void; transport: Transport }[] {
    const out: { path: string; nudge: () => void; transport: Transport }[] = [];
    for (const p of this.#printers.values()) if (p.settings.kind === 'serial') out.push({ path: p.settings.path, nudge: () => p.device.nudge(), transport: p.transport });
    for (const entry of [...this.#scanners.values(), ...this.#displays.values()]) {
      if (entry.settings.kind === 'serial') out.push({ path: entry.settings.path, nudge: () => entry.link.nudge(), transport: entry.transport });
    }
    return out;
  }

  #startHotplug(): void {
    if (this.#serialDevices().length > 0) {
      this.#hotplugTimer = setInterval(() => void this.pollSerialHotplug(), this.#settings.hotplugPollMs ?? 3_000);
      this.#hotplugTimer.unref();
    }
    if ([...this.#printers.values()].some((p) => p.settings.kind === 'usb')) {
      this.#usbApi()
        .then((api) => {
          this.#usbListener = (event) => {
            for (const p of this.#printers.values()) {
              if (p.settings.kind === 'usb' && p.settings.vendorId === event.device.vendorId && p.settings.productId === event.device.productId) p.device.nudge();
            }
          };
          api.addEventListener('connect', this.#usbListener);
        })
        .catch((error: unknown) => this.#log.error({ err: String(error) }, 'USB hotplug unavailable'));
    }
  }

  /**
   * Lists serial ports: a configured port that appears cuts its device's backoff short; one that
   * disappears while open ends the session as unplugged (serialport may not notice until a write).
   */
  async pollSerialHotplug(): Promise<void> {
    let paths: Set<string>;
    try {
      paths = new Set((await this.#serialBinding.list()).map((p) => p.path));
    } catch (error) {
      this.#log.warn({ err: String(error) }, 'could not list serial ports');
      return;
    }
    const before = this.#presentPaths;
    this.#presentPaths = paths;
    for (const device of this.#serialDevices()) {
      const present = paths.has(device.path);
      if (present && before && !before.has(device.path)) {
        this.#log.info({ path: device.path }, 'serial device plugged in');
        device.nudge();
      } else if (!present && device.transport.isOpen && device.transport instanceof SerialTransport) {
        this.#log.warn({ path: device.path }, 'serial device vanished');
        await device.transport.abort({ kind: 'unplugged', message: `${device.path} disappeared` });
      }
    }
  }
}
