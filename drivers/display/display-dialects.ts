/**
 * Command sets of 2×20 customer pole displays (VFD). Most displays pick one by DIP switch; Epson DM-D
 * ("ESC/POS display" mode) and CD5220 are the two nearly every model offers.
 */
export type PoleDisplayDialectName = 'epson-dmd' | 'cd5220';

export interface PoleDisplayDialect {
  name: PoleDisplayDialectName;
  initialize(codeTable?: number): Uint8Array;
  clear(): Uint8Array;
  /** Both lines, each already exactly `width` encoded characters. */
  writeLines(upper: Uint8Array, lower: Uint8Array): Uint8Array;
  /** Level 1 (dim) – 4 (bright). */
  brightness(level: 1 | 2 | 3 | 4): Uint8Array;
  /** Whether brightness may only be changed outside string mode (needs a clear first). */
  brightnessNeedsClear: boolean;
}

const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

/** Epson DM-D: US MD1 (overwrite), HOM, line 1, US $ 1 2, line 2. */
export const EPSON_DMD: PoleDisplayDialect = {
  name: 'epson-dmd',
  initialize: (codeTable) => concat([0x1b, 0x40], codeTable === undefined ? [] : [0x1b, 0x74, codeTable]),
  clear: () => Uint8Array.of(0x0c),
  writeLines: (upper, lower) => concat([0x1f, 0x01, 0x0b], upper, [0x1f, 0x24, 0x01, 0x02], lower),
  brightness: (level) => Uint8Array.of(0x1f, 0x58, level),
  brightnessNeedsClear: false,
};

/** CD5220 standard mode: ESC Q A/B write a whole line, terminated by CR. */
export const CD5220: PoleDisplayDialect = {
  name: 'cd5220',
  initialize: () => Uint8Array.of(0x1b, 0x40),
  clear: () => Uint8Array.of(0x0c),
  writeLines: (upper, lower) => concat([0x1b, 0x51, 0x41], upper, [0x0d, 0x1b, 0x51, 0x42], lower, [0x0d]),
  brightness: (level) => Uint8Array.of(0x1b, 0x2a, level),
  // "While using ESC Q A / ESC Q B other commands cannot be used except CLR/CAN."
  brightnessNeedsClear: true,
};

export function poleDisplayDialect(name: PoleDisplayDialectName): PoleDisplayDialect {
  return name === 'cd5220' ? CD5220 : EPSON_DMD;
}
