import type { PoleDisplayDialectName } from '../display/display-dialects.js';
import type { PrinterProfileId } from '../escpos/printer-profile.js';
import type { DrawerPolarity } from '../escpos/status.js';
import type { PrintRouting } from '../queue/print-routing.js';
import type { ScanSuffix } from '../scanner/scan-framer.js';

/**
 * Device configuration as plain data: the station validates it (zod, in electron/) and hands it over.
 * Every device has a stable id used in routes, logs, job rows and the UI. Optional fields admit
 * `undefined` because they arrive as zod output, where an absent key and an undefined one are the same.
 */
export type TransportSettings =
  /** Simulated: printers decode to text/HTML, scanners take typed codes, displays render a grid. */
  | { kind: 'virtual' }
  | {
      kind: 'serial';
      path: string;
      baudRate: number;
      dataBits?: 7 | 8 | undefined;
      stopBits?: 1 | 2 | undefined;
      parity?: 'none' | 'even' | 'odd' | undefined;
      /** RTS/CTS hardware flow control (DTR/DSR displays and printers need the cable wired for it). */
      rtscts?: boolean | undefined;
    }
  | { kind: 'usb'; vendorId: number; productId: number; serialNumber?: string | undefined }
  | { kind: 'tcp'; host: string; port?: number | undefined; connectTimeoutMs?: number | undefined; writeTimeoutMs?: number | undefined }
  /** A kernel printer device: /dev/usb/lp0, or better a udev symlink that survives renumbering. */
  | { kind: 'lp'; path: string };

export interface DrawerSettings {
  id?: string | undefined;
  /** Kick-out connector pin the drawer is wired to. */
  pin?: 2 | 5 | undefined;
  onMs?: number | undefined;
  offMs?: number | undefined;
  realtimePulseMs?: number | undefined;
  /** Which level of connector pin 3 means "open" for this drawer. */
  sensor?: DrawerPolarity | undefined;
}

export interface PrinterSettings {
  id: string;
  name?: string | undefined;
  transport: TransportSettings;
  profile: PrinterProfileId;
  /** Overrides the profile's paper width. */
  columns?: 32 | 42 | 48 | undefined;
  /** A PNG printed at the top of receipts that ask for it. */
  logoPng?: Uint8Array | undefined;
  drawer?: DrawerSettings | undefined;
}

export interface ScannerSettings {
  id: string;
  name?: string | undefined;
  transport: Extract<TransportSettings, { kind: 'virtual' | 'serial' }>;
  suffix?: ScanSuffix | undefined;
}

export interface DisplaySettings {
  id: string;
  name?: string | undefined;
  transport: Extract<TransportSettings, { kind: 'virtual' | 'serial' }>;
  dialect: PoleDisplayDialectName;
  /** iconv name of the display's character table (default cp437). */
  encoding?: string | undefined;
  /** ESC t n for Epson DM-D displays. */
  codeTable?: number | undefined;
  brightness?: 1 | 2 | 3 | 4 | undefined;
}

export interface DeviceSettings {
  printers: PrinterSettings[];
  routing: PrintRouting;
  scanners: ScannerSettings[];
  displays: DisplaySettings[];
  /** Status poll interval for printers (ms). */
  heartbeatMs?: number | undefined;
  /** How long a route's printer may be unable to print before its jobs move to the fallback (ms). */
  fallbackAfterMs?: number | undefined;
  /** How often serial ports are listed to notice hotplug (ms). */
  hotplugPollMs?: number | undefined;
}

/** What `npm start` uses with no hardware configured. */
export const VIRTUAL_DEVICE_SETTINGS: DeviceSettings = {
  printers: [
    { id: 'receipt', name: 'Receipt printer', transport: { kind: 'virtual' }, profile: 'epson-tm-t88', drawer: { id: 'drawer', pin: 2 } },
  ],
  routing: { receipt: { printer: 'receipt' }, kitchenDefault: { printer: 'receipt' } },
  scanners: [{ id: 'scanner', name: 'Barcode scanner', transport: { kind: 'virtual' } }],
  displays: [{ id: 'display', name: 'Customer display', transport: { kind: 'virtual' }, dialect: 'epson-dmd' }],
};
