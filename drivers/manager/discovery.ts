import type { SerialBinding } from '../transport/serial-transport.js';
import { findPrinterInterface, hex4, type UsbApi } from '../transport/usb-api.js';
import type { TransportSettings } from './device-settings.js';

export interface DiscoveredDevice {
  kind: 'serial-port' | 'usb-printer';
  /** Shown in the settings UI. */
  label: string;
  /** Settings that would use this device (baud rate is a guess: the installer confirms it). */
  suggested: TransportSettings;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
}

export interface DiscoveryResult {
  devices: DiscoveredDevice[];
  /** A source that could not be listed (no USB access in a container, no serial binding...). */
  errors: string[];
}

interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
  serialNumber?: string | undefined;
}

/** Lists serial ports (SerialPort.list through the binding) and USB printer-class devices. */
export async function discoverDevices(deps: { serialBinding: SerialBinding; usb?: () => Promise<UsbApi> }): Promise<DiscoveryResult> {
  const devices: DiscoveredDevice[] = [];
  const errors: string[] = [];
  try {
    for (const port of (await deps.serialBinding.list()) as SerialPortInfo[]) {
      const ids = port.vendorId && port.productId ? ` (${port.vendorId}:${port.productId})` : '';
      devices.push({
        kind: 'serial-port',
        label: `${port.path}${port.manufacturer ? ` ${port.manufacturer}` : ''}${ids}`,
        suggested: { kind: 'serial', path: port.path, baudRate: 9600 },
        ...(port.vendorId ? { vendorId: port.vendorId } : {}),
        ...(port.productId ? { productId: port.productId } : {}),
        ...(port.serialNumber ? { serialNumber: port.serialNumber } : {}),
      });
    }
  } catch (error) {
    errors.push(`serial ports: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (deps.usb) {
    try {
      const api = await deps.usb();
      for (const device of await api.getDevices()) {
        if (!findPrinterInterface(device.configuration ?? device.configurations?.[0])) continue;
        const name = [device.manufacturerName, device.productName].filter(Boolean).join(' ');
        devices.push({
          kind: 'usb-printer',
          label: `USB printer ${hex4(device.vendorId)}:${hex4(device.productId)}${name ? ` ${name}` : ''}`,
          suggested: {
            kind: 'usb',
            vendorId: device.vendorId,
            productId: device.productId,
            ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}),
          },
          vendorId: hex4(device.vendorId),
          productId: hex4(device.productId),
          ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}),
        });
      }
    } catch (error) {
      errors.push(`USB: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { devices, errors };
}
