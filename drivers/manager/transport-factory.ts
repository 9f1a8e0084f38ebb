import type { Logger } from '../../shared/logger.js';
import { CharacterDeviceTransport } from '../transport/character-device-transport.js';
import { SerialTransport, type SerialBinding } from '../transport/serial-transport.js';
import { TcpTransport } from '../transport/tcp-transport.js';
import type { Transport } from '../transport/transport.js';
import { hex4, type UsbApi } from '../transport/usb-api.js';
import { UsbPrinterTransport } from '../transport/usb-printer-transport.js';
import type { TransportSettings } from './device-settings.js';

export interface TransportDeps {
  logger: Logger;
  serialBinding?: SerialBinding;
  usb?: UsbApi;
}

/** A real transport for non-virtual settings (virtual devices are built by the manager). */
export function createTransport(settings: Exclude<TransportSettings, { kind: 'virtual' }>, deps: TransportDeps): Transport {
  const { logger } = deps;
  switch (settings.kind) {
    case 'serial':
      return new SerialTransport({
        path: settings.path,
        baudRate: settings.baudRate,
        logger,
        ...(settings.dataBits !== undefined ? { dataBits: settings.dataBits } : {}),
        ...(settings.stopBits !== undefined ? { stopBits: settings.stopBits } : {}),
        ...(settings.parity !== undefined ? { parity: settings.parity } : {}),
        ...(settings.rtscts !== undefined ? { rtscts: settings.rtscts } : {}),
        ...(deps.serialBinding ? { binding: deps.serialBinding } : {}),
      });
    case 'usb':
      return new UsbPrinterTransport({
        vendorId: settings.vendorId,
        productId: settings.productId,
        logger,
        ...(settings.serialNumber !== undefined ? { serialNumber: settings.serialNumber } : {}),
        ...(deps.usb ? { usb: deps.usb } : {}),
      });
    case 'tcp':
      return new TcpTransport({
        host: settings.host,
        logger,
        ...(settings.port !== undefined ? { port: settings.port } : {}),
        ...(settings.connectTimeoutMs !== undefined ? { connectTimeoutMs: settings.connectTimeoutMs } : {}),
        ...(settings.writeTimeoutMs !== undefined ? { writeTimeoutMs: settings.writeTimeoutMs } : {}),
      });
    case 'lp':
      return new CharacterDeviceTransport({ path: settings.path, logger });
  }
}

/** How a connection is shown to people. */
export function describeTransport(settings: TransportSettings): string {
  switch (settings.kind) {
    case 'virtual':
      return 'virtual (simulated)';
    case 'serial':
      return `serial ${settings.path} @ ${settings.baudRate}`;
    case 'usb':
      return `USB ${hex4(settings.vendorId)}:${hex4(settings.productId)}${settings.serialNumber ? ` #${settings.serialNumber}` : ''}`;
    case 'tcp':
      return `network ${settings.host}:${settings.port ?? 9100}`;
    case 'lp':
      return `printer device ${settings.path}`;
  }
}
