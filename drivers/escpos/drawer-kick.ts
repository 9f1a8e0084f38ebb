/** The drawer kick-out connector pin a drawer is wired to: pin 2 (m = 0) or pin 5 (m = 1). */
export type DrawerConnectorPin = 2 | 5;

export interface DrawerPulse {
  pin?: 0 | 1;
  onMs?: number;
  offMs?: number;
}

export function pinNumber(pin: DrawerConnectorPin): 0 | 1 {
  return pin === 5 ? 1 : 0;
}

/**
 * ESC p m t1 t2: pulse a cash-drawer pin, in the print queue (after what is before it). Written by hand
 * because node-thermal-printer's openCashDrawer() emits `1B 70 00 1B 70 01` (no t1/t2), which a
 * printer parses as a 54/224 ms pulse followed by a stray 0x01. Times are in 2 ms units; when t2 < t1
 * the printer uses t1 for the off time. Defaults give `1B 70 00 19 FA`, Epson's own example (50 ms on,
 * 500 ms off).
 */
export function encodeDrawerKick(options: DrawerPulse = {}): Uint8Array {
  const { pin = 0, onMs = 50, offMs = 500 } = options;
  const units = (ms: number, name: string): number => {
    const value = Math.round(ms / 2);
    if (!Number.isFinite(value) || value < 1 || value > 255) throw new RangeError(`${name} must be 2..510 ms, got ${ms}`);
    return value;
  };
  return Uint8Array.of(0x1b, 0x70, pin, units(onMs, 'onMs'), units(offMs, 'offMs'));
}

/**
 * DLE DC4 1 m t: the real-time pulse, executed at once even while the printer is busy, offline or in
 * error (ESC p would wait behind the queue). t is 1–8 in 100 ms units, for both on and off time.
 */
export function encodeRealtimeDrawerKick(options: { pin?: 0 | 1; pulseMs?: number } = {}): Uint8Array {
  const { pin = 0, pulseMs = 100 } = options;
  const t = Math.round(pulseMs / 100);
  if (!Number.isFinite(t) || t < 1 || t > 8) throw new RangeError(`pulseMs must be 100..800 ms, got ${pulseMs}`);
  return Uint8Array.of(0x10, 0x14, 0x01, pin, t);
}
