import type { TransportCloseReason } from './transport.js';

/** The group that owns the device node on Debian/Ubuntu-style systems. */
export function permissionGroupFor(path: string): 'lp' | 'dialout' {
  return path.startsWith('/dev/usb/lp') ? 'lp' : 'dialout';
}

export function permissionFix(path: string, group: 'lp' | 'dialout' = permissionGroupFor(path)): string {
  return (
    `Add the station user to the "${group}" group (sudo usermod -aG ${group} $USER), then log out and back in; ` +
    `or install a udev rule granting access to ${path}.`
  );
}

function errorText(error: unknown): { message: string; code: string | undefined; disconnected: boolean } {
  if (error instanceof Error) {
    const extra = error as Error & { code?: unknown; disconnected?: unknown };
    return {
      message: error.message,
      code: typeof extra.code === 'string' ? extra.code : undefined,
      disconnected: extra.disconnected === true,
    };
  }
  return { message: String(error), code: undefined, disconnected: false };
}

/**
 * Maps serialport/bindings-cpp errors to a close reason. bindings-cpp reports open failures as plain
 * messages ("Error: Permission denied, cannot open /dev/ttyUSB0") without an errno code, so the text
 * is matched as well as `code`.
 */
export function classifySerialError(
  error: unknown,
  path: string,
  group: 'lp' | 'dialout' = permissionGroupFor(path),
): TransportCloseReason {
  const { message, code, disconnected } = errorText(error);
  if (code === 'EACCES' || code === 'EPERM' || /permission denied|EACCES|EPERM|access denied/i.test(message)) {
    return { kind: 'permission_denied', message, fix: permissionFix(path, group) };
  }
  if (
    disconnected ||
    code === 'ENOENT' ||
    code === 'ENXIO' ||
    code === 'EIO' ||
    code === 'ENODEV' ||
    /no such file|does not exist|ENOENT|ENXIO|EIO\b|ENODEV|no such device|file not found/i.test(message)
  ) {
    return { kind: 'unplugged', message };
  }
  if (code === 'EBUSY' || code === 'EAGAIN' || /\block(ed)?\b|busy|EBUSY|EAGAIN/i.test(message)) {
    return { kind: 'refused', message: `${message} (another program may be using ${path})` };
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) return { kind: 'timeout' };
  return { kind: 'error', message };
}
