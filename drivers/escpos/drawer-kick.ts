/**
 * ESC p m t1 t2: pulse a cash-drawer pin. Written by hand because node-thermal-printer's
 * openCashDrawer() emits `1B 70 00 1B 70 01` (no t1/t2), which a printer parses as a 54/224 ms pulse
 * followed by a stray 0x01. Defaults give `1B 70 00 19 FA`, Epson's own example (50 ms on, 500 ms off).
 */
export function encodeDrawerKick(options: { pin?: 0 | 1; onMs?: number; offMs?: number } = {}): Uint8Array {
  const { pin = 0, onMs = 50, offMs = 500 } = options;
  const units = (ms: number, name: string): number => {
    const value = Math.round(ms / 2);
    if (!Number.isFinite(value) || value < 1 || value > 255) throw new RangeError(`${name} must be 2..510 ms, got ${ms}`);
    return value;
  };
  return Uint8Array.of(0x1b, 0x70, pin, units(onMs, 'onMs'), units(offMs, 'offMs'));
}
