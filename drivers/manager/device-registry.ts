import type { SerialBarcodeScanner } from '../devices/barcode-scanner.js';
import type { CashDrawer } from '../devices/cash-drawer.js';
import type { LinkSupervisor } from '../devices/link-supervisor.js';
import type { PrinterDevice } from '../devices/printer-device.js';
import type { VirtualReceiptPrinter } from '../devices/virtual-printer.js';
import type { PoleDisplay } from '../display/pole-display.js';
import type { VirtualPoleDisplay } from '../display/virtual-pole-display.js';
import type { QueuePrinter } from '../queue/print-queue.js';
import type { MemoryTransport } from '../transport/memory-transport.js';
import type { Transport } from '../transport/transport.js';
import type { TransportSettings } from './device-settings.js';
import { drawerStatus, linkStatus, printerStatus, type DeviceStatus } from './device-status.js';
import { describeTransport } from './transport-factory.js';

export interface PrinterEntry {
  name: string;
  settings: TransportSettings;
  transport: Transport;
  device: PrinterDevice;
  /** Filled at start (the logo is decoded then); the queue reads it at each print. */
  assets: QueuePrinter['assets'] & object;
  logoPng: Uint8Array | undefined;
  virtual: VirtualReceiptPrinter | undefined;
}

export interface DrawerEntry {
  name: string;
  drawer: CashDrawer;
}

interface LinkEntry {
  name: string;
  settings: TransportSettings;
  transport: Transport;
  link: LinkSupervisor;
}

export interface ScannerEntry extends LinkEntry {
  scanner: SerialBarcodeScanner;
  virtual: MemoryTransport | undefined;
}

export interface DisplayEntry extends LinkEntry {
  display: PoleDisplay;
  virtual: VirtualPoleDisplay | undefined;
}

/** A serial-attached device, as hotplug sees it. */
export interface SerialAttached {
  path: string;
  /** Cuts the device's reconnect backoff short. */
  nudge: () => void;
  transport: Transport;
}

export const isVirtual = (settings: TransportSettings): boolean => settings.kind === 'virtual';

/** The station's devices by id, and the status each one reports. */
export class DeviceRegistry {
  readonly printers = new Map<string, PrinterEntry>();
  readonly drawers = new Map<string, DrawerEntry>();
  readonly scanners = new Map<string, ScannerEntry>();
  readonly displays = new Map<string, DisplayEntry>();

  list(): DeviceStatus[] {
    return [
      ...[...this.printers.keys()].map((id) => this.printerStatus(id)),
      ...[...this.drawers.keys()].map((id) => this.drawerStatus(id)),
      ...[...this.scanners.keys()].map((id) => this.scannerStatus(id)),
      ...[...this.displays.keys()].map((id) => this.displayStatus(id)),
    ];
  }

  printerStatus(id: string): DeviceStatus {
    const entry = this.printers.get(id)!;
    return printerStatus(identity(id, entry.name, entry.settings), entry.device.snapshot());
  }

  /** A drawer is as reachable as the printer it hangs on. */
  drawerStatus(id: string): DeviceStatus {
    const { name, drawer } = this.drawers.get(id)!;
    const printer = this.printers.get(drawer.printerId)!;
    return drawerStatus(identity(id, name, printer.settings), drawer.printerId, printer.device.snapshot());
  }

  scannerStatus(id: string): DeviceStatus {
    const entry = this.scanners.get(id)!;
    return linkStatus(identity(id, entry.name, entry.settings), 'scanner', entry.link.snapshot());
  }

  displayStatus(id: string): DeviceStatus {
    const entry = this.displays.get(id)!;
    return linkStatus(identity(id, entry.name, entry.settings), 'display', entry.link.snapshot());
  }

  /** Drawers driven by this printer. */
  drawerIdsOf(printerId: string): string[] {
    return [...this.drawers].filter(([, { drawer }]) => drawer.printerId === printerId).map(([id]) => id);
  }

  serialDevices(): SerialAttached[] {
    const out: SerialAttached[] = [];
    for (const p of this.printers.values())
      if (p.settings.kind === 'serial') out.push({ path: p.settings.path, nudge: () => p.device.nudge(), transport: p.transport });
    for (const entry of [...this.scanners.values(), ...this.displays.values()]) {
      if (entry.settings.kind === 'serial')
        out.push({ path: entry.settings.path, nudge: () => entry.link.nudge(), transport: entry.transport });
    }
    return out;
  }
}

function identity(id: string, name: string, settings: TransportSettings) {
  return { id, name, simulated: isVirtual(settings), connection: describeTransport(settings) };
}
