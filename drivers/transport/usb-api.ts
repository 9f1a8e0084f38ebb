/**
 * The subset of the WebUSB-shaped API of npm `usb` v3 that the printer transport and discovery use.
 * Declared here rather than taken from the package because its typings lean on the global
 * `w3c-web-usb` types, which the drivers project does not load; and because tests inject a fake.
 */
export interface UsbEndpointInfo {
  /** Without the direction bit (WebUSB style): bulk OUT 0x01 and bulk IN 0x82 are both endpoint 1 and 2. */
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize?: number;
}

export interface UsbAlternateInfo {
  interfaceClass: number;
  interfaceSubclass?: number;
  interfaceProtocol?: number;
  endpoints: readonly UsbEndpointInfo[];
}

export interface UsbInterfaceInfo {
  interfaceNumber: number;
  alternate: UsbAlternateInfo;
}

export interface UsbConfigurationInfo {
  configurationValue: number;
  interfaces: readonly UsbInterfaceInfo[];
}

export interface UsbTransferOutResult {
  bytesWritten: number;
  status: 'ok' | 'stall' | 'babble';
}

export interface UsbTransferInResult {
  data?: DataView;
  status: 'ok' | 'stall' | 'babble';
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | null;
  readonly manufacturerName?: string | null;
  readonly productName?: string | null;
  readonly opened: boolean;
  readonly configuration: UsbConfigurationInfo | null | undefined;
  readonly configurations?: readonly UsbConfigurationInfo[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array, timeoutMs?: number): Promise<UsbTransferOutResult>;
  transferIn(endpointNumber: number, length: number, timeoutMs?: number): Promise<UsbTransferInResult>;
  clearHalt?(direction: 'in' | 'out', endpointNumber: number): Promise<void>;
  /** Linux only in `usb` v3. */
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
  attachKernelDriver?(interfaceNumber: number): Promise<void>;
}

export interface UsbConnectionEventLike {
  device: UsbDeviceLike;
}

export interface UsbApi {
  getDevices(): Promise<UsbDeviceLike[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEventLike) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEventLike) => void): void;
}

/** USB printer class (bInterfaceClass 7). */
export const USB_PRINTER_CLASS = 7;

let loaded: Promise<UsbApi> | undefined;

/**
 * Loads `usb` v3 on first use, so a station without USB printers never loads its native module
 * (and a missing prebuild for the platform only breaks USB, not the till).
 */
export function loadUsbApi(): Promise<UsbApi> {
  loaded ??= import('usb').then((module: unknown) => {
    const api = (module as { usb?: unknown }).usb;
    const candidate = api as Partial<UsbApi> | undefined;
    if (!candidate || typeof candidate.getDevices !== 'function' || typeof candidate.addEventListener !== 'function') {
      throw new Error('the installed "usb" package does not expose the v3 WebUSB API (usb.getDevices)');
    }
    // The v3 WebUSB object satisfies UsbApi structurally; its own typings need the w3c-web-usb globals.
    return candidate as UsbApi;
  });
  return loaded;
}

export function describeUsbDevice(device: Pick<UsbDeviceLike, 'vendorId' | 'productId' | 'productName' | 'serialNumber'>): string {
  const ids = `${hex4(device.vendorId)}:${hex4(device.productId)}`;
  const name = device.productName ? ` ${device.productName}` : '';
  const serial = device.serialNumber ? ` (serial ${device.serialNumber})` : '';
  return `${ids}${name}${serial}`;
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** The printer-class interface and its bulk endpoints, if this device is a printer. */
export function findPrinterInterface(
  configuration: UsbConfigurationInfo | null | undefined,
): { interfaceNumber: number; outEndpoint: number; inEndpoint: number | undefined } | undefined {
  for (const iface of configuration?.interfaces ?? []) {
    if (iface.alternate.interfaceClass !== USB_PRINTER_CLASS) continue;
    const out = iface.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
    if (!out) continue;
    const input = iface.alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'bulk');
    return { interfaceNumber: iface.interfaceNumber, outEndpoint: out.endpointNumber, inEndpoint: input?.endpointNumber };
  }
  return undefined;
}
