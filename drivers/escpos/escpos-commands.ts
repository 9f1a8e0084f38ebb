/**
 * ESC/POS tokenizer: reads one command (or one run of text bytes) at an offset and says how long it
 * is. Every length-prefixed payload (QR data, barcodes, images) is skipped by its own length fields,
 * so payload bytes are never mistaken for commands. Pure; used by the decoder and the virtual printer.
 */

const LF = 0x0a;
const HT = 0x09;
const FF = 0x0c;
const CR = 0x0d;
const DLE = 0x10;
const CAN = 0x18;
const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;

export type SymbolKind = 'qr' | 'pdf417' | 'maxicode' | 'other';

export type EscPosCommand =
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lineFeed' }
  | { op: 'tab' }
  | { op: 'initialize' }
  | { op: 'codePage'; n: number }
  | { op: 'feedLines'; lines: number }
  | { op: 'feedDots'; dots: number }
  | { op: 'cut'; mode: 'full' | 'partial' }
  | { op: 'drawerKick'; pin: 0 | 1; onMs: number; offMs: number; realtime: boolean }
  | { op: 'realtimeStatus'; n: number }
  | { op: 'symbolStore'; symbol: SymbolKind; data: Uint8Array }
  | { op: 'symbolPrint'; symbol: SymbolKind }
  | { op: 'barcode'; symbology: string; data: Uint8Array }
  | { op: 'image'; widthDots: number; heightDots: number }
  /** Text attributes the virtual printer renders (bold, alignment, sizes, reverse video). */
  | { op: 'textStyle'; style: TextStyleName; value: number }
  /** GS r n: answered after everything before it has been processed (end-of-job marker). */
  | { op: 'transmitStatus'; n: number }
  /** GS a n: Automatic Status Back enable mask (0 = off). */
  | { op: 'autoStatusBack'; mask: number }
  /** GS ( H fn 48: "tell me when printing up to here is done" with a 4-character ID. */
  | { op: 'jobDoneRequest'; id: string }
  | { op: 'realtimeRecovery'; n: number }
  /** Understood, but with no effect on the decoded text: spacing, HRI, page mode, ... */
  | { op: 'style'; name: string }
  | { op: 'unknown'; description: string };

export type TextStyleName = 'bold' | 'doubleStrike' | 'underline' | 'align' | 'printMode' | 'charSize' | 'reverse';

export type ScanResult =
  | { kind: 'command'; command: EscPosCommand; length: number }
  /** The command runs past the end of the bytes seen so far. */
  | { kind: 'incomplete'; description: string };

export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

const ESC_STYLE_3: Readonly<Record<number, string>> = {
  0x20: 'right-side spacing',
  0x21: 'print mode',
  0x25: 'user-defined characters',
  0x2d: 'underline',
  0x33: 'line spacing',
  0x3d: 'select peripheral',
  0x3f: 'cancel user-defined character',
  0x45: 'bold',
  0x47: 'double strike',
  0x4d: 'font',
  0x52: 'international character set',
  0x54: 'page mode direction',
  0x55: 'unidirectional printing',
  0x56: 'rotate 90',
  0x61: 'align',
  0x72: 'color',
  0x7b: 'upside down',
};
const ESC_TEXT_STYLE: Readonly<Record<number, TextStyleName>> = {
  0x21: 'printMode',
  0x2d: 'underline',
  0x45: 'bold',
  0x47: 'doubleStrike',
  0x61: 'align',
};
const ESC_STYLE_2: Readonly<Record<number, string>> = {
  0x0c: 'print page',
  0x32: 'default line spacing',
  0x3c: 'return home',
  0x4c: 'page mode',
  0x53: 'standard mode',
};
const ESC_STYLE_4: Readonly<Record<number, string>> = {
  0x24: 'absolute position',
  0x5c: 'relative position',
  0x42: 'beeper',
  0x63: 'panel/sensor setting',
};
const GS_STYLE_3: Readonly<Record<number, string>> = {
  0x21: 'character size',
  0x42: 'reverse',
  0x45: 'head energy',
  0x48: 'barcode HRI position',
  0x49: 'transmit printer ID',
  0x54: 'set print position to line start',
  0x61: 'automatic status back',
  0x62: 'smoothing',
  0x66: 'barcode HRI font',
  0x68: 'barcode height',
  0x6a: 'automatic ink status back',
  0x72: 'transmit status',
  0x77: 'barcode module width',
  0x7c: 'print density',
};
const GS_STYLE_4: Readonly<Record<number, string>> = {
  0x24: 'absolute vertical position',
  0x4c: 'left margin',
  0x50: 'motion units',
  0x57: 'print area width',
  0x5c: 'relative vertical position',
};

const BARCODE_A = ['UPC-A', 'UPC-E', 'EAN13', 'EAN8', 'CODE39', 'ITF', 'CODABAR'];
const BARCODE_B: Readonly<Record<number, string>> = {
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
  74: 'GS1-128',
  75: 'GS1 DataBar Omnidirectional',
  76: 'GS1 DataBar Truncated',
  77: 'GS1 DataBar Limited',
  78: 'GS1 DataBar Expanded',
};

const SYMBOL_BY_CN: Readonly<Record<number, SymbolKind>> = { 0x30: 'pdf417', 0x31: 'qr', 0x32: 'maxicode' };

function command(cmd: EscPosCommand, length: number): ScanResult {
  return { kind: 'command', command: cmd, length };
}

function style(name: string, length: number): ScanResult {
  return command({ op: 'style', name }, length);
}

function unknown(bytes: Uint8Array, offset: number, length: number): ScanResult {
  const end = Math.min(bytes.length, offset + length);
  return command({ op: 'unknown', description: hex(bytes.subarray(offset, end)) }, end - offset);
}

/** Reads the command at `offset` (which must be < bytes.length). */
export function scanCommand(bytes: Uint8Array, offset: number): ScanResult {
  const at = (i: number): number | undefined => bytes[offset + i];
  const available = bytes.length - offset;
  const need = (length: number, what: string): ScanResult | undefined =>
    available < length ? { kind: 'incomplete', description: `${what} (${hex(bytes.subarray(offset))})` } : undefined;

  const first = at(0) ?? 0;
  if (first >= 0x20) {
    let end = offset + 1;
    while (end < bytes.length && (bytes[end] ?? 0) >= 0x20) end++;
    return command({ op: 'text', bytes: bytes.subarray(offset, end) }, end - offset);
  }
  switch (first) {
    case LF:
      return command({ op: 'lineFeed' }, 1);
    case HT:
      return command({ op: 'tab' }, 1);
    case CR:
      return style('carriage return', 1);
    case FF:
      return style('form feed', 1);
    case CAN:
      return style('cancel page data', 1);
    case 0x00:
      // Hosts send runs of NUL to flush a half-received command before resyncing with ESC @.
      return style('NUL', 1);
    case DLE:
      return scanDle(bytes, offset, at, need);
    case ESC:
      return scanEsc(bytes, offset, at, need);
    case GS:
      return scanGs(bytes, offset, at, need);
    case FS:
      return scanFs(bytes, offset, at, need);
    default:
      return unknown(bytes, offset, 1);
  }
}

type At = (i: number) => number | undefined;
type Need = (length: number, what: string) => ScanResult | undefined;

function lengthPrefixed(at: At, need: Need, what: string, headerLength: number): ScanResult {
  // <prefix 2 bytes> <fn> pL pH <payload>: the payload length is pL + pH * 256.
  const header = need(headerLength, what);
  if (header) return header;
  const payloadLength = (at(headerLength - 2) ?? 0) + (at(headerLength - 1) ?? 0) * 256;
  const total = headerLength + payloadLength;
  const incomplete = need(total, what);
  if (incomplete) return incomplete;
  return command({ op: 'style', name: what }, total);
}

function scanDle(bytes: Uint8Array, offset: number, at: At, need: Need): ScanResult {
  const short = need(3, 'DLE command');
  if (short) return short;
  const fn = at(1);
  if (fn === 0x04) return command({ op: 'realtimeStatus', n: at(2) ?? 0 }, 3);
  if (fn === 0x05) return command({ op: 'realtimeRecovery', n: at(2) ?? 0 }, 3);
  if (fn === 0x14) {
    const sub = at(2);
    if (sub === 0x01) {
      const full = need(5, 'DLE DC4 pulse');
      if (full) return full;
      const m = at(3);
      const t = at(4) ?? 0;
      if (m === 0 || m === 1) return command({ op: 'drawerKick', pin: m, onMs: t * 100, offMs: t * 100, realtime: true }, 5);
      return unknown(bytes, offset, 5);
    }
    if (sub === 0x02) return need(5, 'DLE DC4 power-off') ?? style('power-off', 5);
    if (sub === 0x07) return need(4, 'DLE DC4 transmit status') ?? style('transmit specified status', 4);
    if (sub === 0x08) return need(10, 'DLE DC4 clear buffers') ?? style('clear buffers', 10);
  }
  return unknown(bytes, offset, 3);
}

function scanEsc(bytes: Uint8Array, offset: number, at: At, need: Need): ScanResult {
  const short = need(2, 'ESC command');
  if (short) return short;
  const op = at(1) ?? 0;
  if (op === 0x40) return command({ op: 'initialize' }, 2);
  if (op === 0x69 || op === 0x6d) return command({ op: 'cut', mode: 'partial' }, 2);
  const name2 = ESC_STYLE_2[op];
  if (name2) return style(name2, 2);

  if (op === 0x70) {
    const full = need(5, 'ESC p drawer kick');
    if (full) return full;
    const m = at(2);
    const t1 = at(3) ?? 0;
    const t2 = at(4) ?? 0;
    const pin = m === 0 || m === 0x30 ? 0 : m === 1 || m === 0x31 ? 1 : undefined;
    if (pin === undefined) return unknown(bytes, offset, 5);
    // TM-T88III spec: when t2 < t1 the off time is t1.
    return command({ op: 'drawerKick', pin, onMs: t1 * 2, offMs: Math.max(t1, t2) * 2, realtime: false }, 5);
  }
  if (op === 0x2a) {
    const header = need(5, 'ESC * bit image');
    if (header) return header;
    const m = at(2) ?? 0;
    const columns = (at(3) ?? 0) + (at(4) ?? 0) * 256;
    const bytesPerColumn = m === 32 || m === 33 ? 3 : 1;
    const total = 5 + columns * bytesPerColumn;
    return need(total, 'ESC * bit image') ?? command({ op: 'image', widthDots: columns, heightDots: bytesPerColumn * 8 }, total);
  }
  if (op === 0x44) {
    // Tab positions: up to 32 bytes terminated by NUL.
    for (let i = 2; i < 2 + 33; i++) {
      const b = at(i);
      if (b === undefined) return { kind: 'incomplete', description: 'ESC D tab positions' };
      if (b === 0) return style('tab positions', i + 1);
    }
    return unknown(bytes, offset, 2);
  }
  if (op === 0x28) return lengthPrefixed(at, need, `ESC ( ${String.fromCharCode(at(2) ?? 0x3f)}`, 5);

  const name3 = ESC_STYLE_3[op];
  if (name3 || op === 0x74 || op === 0x64 || op === 0x4a || op === 0x65) {
    const full = need(3, `ESC ${hex([op])}`);
    if (full) return full;
    const n = at(2) ?? 0;
    const textStyle = ESC_TEXT_STYLE[op];
    if (textStyle) return command({ op: 'textStyle', style: textStyle, value: n }, 3);
    if (op === 0x74) return command({ op: 'codePage', n }, 3);
    if (op === 0x64) return command({ op: 'feedLines', lines: n }, 3);
    if (op === 0x65) return style('reverse feed', 3);
    if (op === 0x4a) return command({ op: 'feedDots', dots: n }, 3);
    return style(name3 ?? 'style', 3);
  }
  const name4 = ESC_STYLE_4[op];
  if (name4) return need(4, `ESC ${hex([op])}`) ?? style(name4, 4);
  return unknown(bytes, offset, 2);
}

function scanGs(bytes: Uint8Array, offset: number, at: At, need: Need): ScanResult {
  const short = need(2, 'GS command');
  if (short) return short;
  const op = at(1) ?? 0;

  if (op === 0x56) {
    const head = need(3, 'GS V cut');
    if (head) return head;
    const m = at(2) ?? 0;
    if (m === 0 || m === 48) return command({ op: 'cut', mode: 'full' }, 3);
    if (m === 1 || m === 49) return command({ op: 'cut', mode: 'partial' }, 3);
    // Function B/C/D: feed (or position) n, then cut.
    if (m === 65 || m === 97 || m === 103) return need(4, 'GS V cut') ?? command({ op: 'cut', mode: 'full' }, 4);
    if (m === 66 || m === 98 || m === 104) return need(4, 'GS V cut') ?? command({ op: 'cut', mode: 'partial' }, 4);
    return unknown(bytes, offset, 3);
  }
  if (op === 0x6b) return scanBarcode(bytes, offset, at, need);
  if (op === 0x28) return scanGsParen(bytes, offset, at, need);
  if (op === 0x76) {
    const header = need(8, 'GS v 0 raster image');
    if (header) return header;
    const widthBytes = (at(4) ?? 0) + (at(5) ?? 0) * 256;
    const height = (at(6) ?? 0) + (at(7) ?? 0) * 256;
    const total = 8 + widthBytes * height;
    return need(total, 'GS v 0 raster image') ?? command({ op: 'image', widthDots: widthBytes * 8, heightDots: height }, total);
  }
  if (op === 0x38 && at(2) === 0x4c) {
    // GS 8 L p1 p2 p3 p4 <m fn ...>: a 4-byte length for large graphics.
    const header = need(7, 'GS 8 L graphics');
    if (header) return header;
    const length = (at(3) ?? 0) + (at(4) ?? 0) * 0x100 + (at(5) ?? 0) * 0x10000 + (at(6) ?? 0) * 0x1000000;
    return need(7 + length, 'GS 8 L graphics') ?? style('graphics', 7 + length);
  }
  if (op === 0x3a) return style('macro definition', 2);
  const name3 = GS_STYLE_3[op];
  if (name3) {
    const full = need(3, `GS ${hex([op])}`);
    if (full) return full;
    const n = at(2) ?? 0;
    if (op === 0x21) return command({ op: 'textStyle', style: 'charSize', value: n }, 3);
    if (op === 0x42) return command({ op: 'textStyle', style: 'reverse', value: n }, 3);
    if (op === 0x61) return command({ op: 'autoStatusBack', mask: n }, 3);
    if (op === 0x72) return command({ op: 'transmitStatus', n }, 3);
    return style(name3, 3);
  }
  const name4 = GS_STYLE_4[op];
  if (name4) return need(4, `GS ${hex([op])}`) ?? style(name4, 4);
  return unknown(bytes, offset, 2);
}

function scanBarcode(bytes: Uint8Array, offset: number, at: At, need: Need): ScanResult {
  const head = need(3, 'GS k barcode');
  if (head) return head;
  const m = at(2) ?? 0;
  if (m <= 6) {
    // Function A: data terminated by NUL.
    const end = bytes.indexOf(0, offset + 3);
    if (end < 0) return { kind: 'incomplete', description: 'GS k barcode (no NUL terminator yet)' };
    return command({ op: 'barcode', symbology: BARCODE_A[m] ?? `m=${m}`, data: bytes.subarray(offset + 3, end) }, end + 1 - offset);
  }
  const symbology = BARCODE_B[m];
  if (!symbology) return unknown(bytes, offset, 3);
  const lengthByte = need(4, 'GS k barcode');
  if (lengthByte) return lengthByte;
  const n = at(3) ?? 0;
  const total = 4 + n;
  return need(total, 'GS k barcode') ?? command({ op: 'barcode', symbology, data: bytes.subarray(offset + 4, offset + total) }, total);
}

function scanGsParen(bytes: Uint8Array, offset: number, at: At, need: Need): ScanResult {
  const header = need(5, 'GS ( command');
  if (header) return header;
  const fnLetter = at(2) ?? 0;
  const payloadLength = (at(3) ?? 0) + (at(4) ?? 0) * 256;
  const total = 5 + payloadLength;
  const what = `GS ( ${String.fromCharCode(fnLetter)}`;
  const incomplete = need(total, what);
  if (incomplete) return incomplete;
  if (fnLetter === 0x48 && payloadLength === 6 && at(5) === 0x30 && at(6) === 0x30) {
    return command({ op: 'jobDoneRequest', id: Buffer.from(bytes.subarray(offset + 7, offset + 11)).toString('latin1') }, total);
  }
  if (fnLetter !== 0x6b || payloadLength < 3) return style(what, total);
  // GS ( k pL pH cn fn [m] d...: cn picks the symbology, fn the function.
  const symbol = SYMBOL_BY_CN[at(5) ?? 0] ?? 'other';
  const fn = at(6);
  if (fn === 0x50) return command({ op: 'symbolStore', symbol, data: bytes.subarray(offset + 8, offset + total) }, total);
  if (fn === 0x51) return command({ op: 'symbolPrint', symbol }, total);
  return style(`${symbol} setting`, total);
}

function scanFs(bytes: Uint8Array, offset: number, at: At, need: Need): ScanResult {
  const short = need(2, 'FS command');
  if (short) return short;
  const op = at(1) ?? 0;
  if (op === 0x26 || op === 0x2e) return style(op === 0x26 ? 'kanji mode on' : 'kanji mode off', 2);
  if (op === 0x21 || op === 0x2d || op === 0x43 || op === 0x57) return need(3, 'FS command') ?? style('kanji style', 3);
  if (op === 0x53 || op === 0x70) return need(4, 'FS command') ?? style(op === 0x70 ? 'print NV image' : 'kanji spacing', 4);
  if (op === 0x28) return lengthPrefixed(at, need, `FS ( ${String.fromCharCode(at(2) ?? 0x3f)}`, 5);
  return unknown(bytes, offset, 2);
}
