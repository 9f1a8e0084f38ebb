import { hex4 } from './usb-api.js';
import type { TransportCloseReason } from './transport.js';

export function usbPermissionFix(vendorId: number, productId: number, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return 'Bind the WinUSB driver to the printer with Zadig (the Windows spooler then loses it), or configure it as a spooler/serial printer';
  }
  return (
    `Install a udev rule and replug the printer: ` +
    `SUBSYSTEM=="usb", ATTR{idVendor}=="${hex4(vendorId)}", ATTR{idProduct}=="${hex4(productId)}", MODE="0660", GROUP="lp" ` +
    `in /etc/udev/rules.d/60-pos-printer.rules, and add the station user to "lp" (sudo usermod -aG lp $USER)`
  );
}

/**
 * Maps `usb` v3 errors (napi-rs messages such as "failed to open device: permission denied",
 * "interface is busy", "device disconnected") to close reasons.
 */
export function classifyUsbError(
  error: unknown,
  vendorId: number,
  productId: number,
  platform: NodeJS.Platform = process.platform,
): TransportCloseReason {
  const message = error instanceof Error ? error.message : String(error);
  if (/permission denied|access denied|LIBUSB_ERROR_ACCESS|EACCES/i.test(message)) {
    return { kind: 'permission_denied', message, fix: usbPermissionFix(vendorId, productId, platform) };
  }
  if (/not supported|LIBUSB_ERROR_NOT_SUPPORTED/i.test(message) && platform === 'win32') {
    return { kind: 'permission_denied', message, fix: usbPermissionFix(vendorId, productId, platform) };
  }
  if (/busy|LIBUSB_ERROR_BUSY|already claimed/i.test(message)) {
    return {
      kind: 'refused',
      message,
      fix: 'Another driver holds the printer: the kernel usblp driver, CUPS or another program. Stop CUPS from using it, or print through /dev/usb/lp* instead',
    };
  }
  if (/disconnected|no such device|LIBUSB_ERROR_NO_DEVICE|ENODEV|device not found/i.test(message)) {
    return { kind: 'unplugged', message };
  }
  if (/timed? ?out|LIBUSB_ERROR_TIMEOUT/i.test(message)) return { kind: 'timeout' };
  return { kind: 'error', message };
}

/** Detaching when no kernel driver is bound is not a failure. */
export function isNoKernelDriverError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /no kernel driver|LIBUSB_ERROR_NOT_FOUND|not attached/i.test(message);
}
