import { checkBarcode } from '../../shared/barcode.js';

/**
 * QR codes and 1D barcodes with byte-correct length fields. node-thermal-printer 4.6.1 writes the
 * JavaScript string length where ESC/POS wants the byte count, so any non-ASCII QR payload shifts
 * every following command (pinned in node-thermal-printer-defects.test.ts). For ASCII data these
 * builders emit exactly the library's bytes (checked in escpos-codes.test.ts), so they are a drop-in.
 */

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  model?: 1 | 2;
  /** Module (dot) size 1–16; printers clamp to what they support. */
  moduleSize?: number;
  errorCorrection?: QrErrorCorrection;
}

/** Epson's limit for model 2 byte mode; clones are often lower. */
export const QR_MAX_BYTES = 7089;

const ECC_BYTE: Readonly<Record<QrErrorCorrection, number>> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

export class CodeDataError extends RangeError {
  override readonly name = 'CodeDataError';
}

/** GS ( k: select model, module size, error correction, store (UTF-8 bytes) and print. */
export function encodeQr(data: string, options: QrOptions = {}): Uint8Array {
  const { model = 2, moduleSize = 3, errorCorrection = 'M' } = options;
  if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > 16)
    throw new CodeDataError(`QR module size must be 1..16, got ${moduleSize}`);
  const payload = Buffer.from(data, 'utf8');
  if (payload.length === 0) throw new CodeDataError('QR data is empty');
  if (payload.length > QR_MAX_BYTES) throw new CodeDataError(`QR data is ${payload.length} bytes; the maximum is ${QR_MAX_BYTES}`);
  const storeLength = payload.length + 3;
  return Uint8Array.from([
    ...[0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, model === 1 ? 0x31 : 0x32, 0x00],
    ...[0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize],
    ...[0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, ECC_BYTE[errorCorrection]],
    ...[0x1d, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30],
    ...payload,
    ...[0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
  ]);
}

export type BarcodeSymbology = 'UPC-A' | 'EAN13' | 'EAN8' | 'CODE39' | 'ITF' | 'CODABAR' | 'CODE128';

/** GS k function B symbology numbers. */
const FUNCTION_B: Readonly<Record<BarcodeSymbology, number>> = {
  'UPC-A': 65,
  EAN13: 67,
  EAN8: 68,
  CODE39: 69,
  ITF: 70,
  CODABAR: 71,
  CODE128: 73,
};

export interface BarcodeOptions {
  /** Bar height in dots, 1–255. */
  height?: number;
  /** Narrow module width in dots, 2–6. */
  moduleWidth?: number;
  /** Human-readable digits. */
  hri?: 'none' | 'above' | 'below' | 'both';
  hriFont?: 0 | 1;
}

const HRI: Readonly<Record<NonNullable<BarcodeOptions['hri']>, number>> = { none: 0, above: 1, below: 2, both: 3 };

function validGtin(data: string, lengths: readonly number[], symbology: string): string {
  if (!/^\d+$/.test(data) || !lengths.includes(data.length)) {
    throw new CodeDataError(`${symbology} needs ${lengths.join(' or ')} digits, got "${data}"`);
  }
  // With the check digit present it must be right: a printed wrong code scans as another product.
  if (data.length === lengths[lengths.length - 1]) {
    const check = checkBarcode(data);
    if (!check.ok) throw new CodeDataError(check.message);
  }
  return data;
}

/** The bytes after GS k m n: validated per symbology; never anything but ASCII. */
function barcodePayload(data: string, symbology: BarcodeSymbology): string {
  switch (symbology) {
    case 'EAN13':
      return validGtin(data, [12, 13], symbology);
    case 'EAN8':
      return validGtin(data, [7, 8], symbology);
    case 'UPC-A':
      return validGtin(data, [11, 12], symbology);
    case 'CODE39':
      if (!/^[0-9A-Z \-.$/+%]+$/.test(data)) throw new CodeDataError(`CODE39 takes 0-9, A-Z and " -.$/+%", got "${data}"`);
      return data;
    case 'ITF':
      if (!/^\d+$/.test(data) || data.length % 2 !== 0) throw new CodeDataError(`ITF needs an even number of digits, got "${data}"`);
      return data;
    case 'CODABAR':
      if (!/^[A-D][0-9\-$:/.+]+[A-D]$/i.test(data))
        throw new CodeDataError(`CODABAR needs start/stop characters A-D around 0-9-$:/.+, got "${data}"`);
      return data;
    case 'CODE128':
      if (!/^[\x20-\x7e]+$/.test(data)) throw new CodeDataError(`CODE128 (code set B) takes printable ASCII only, got "${data}"`);
      // Code set B selector; a literal "{" must be doubled because "{" starts a code-set/function escape.
      return `{B${data.replace(/\{/g, '{{')}`;
  }
}

/** GS H / GS f / GS w / GS h, then GS k function B. */
export function encodeBarcode(data: string, symbology: BarcodeSymbology, options: BarcodeOptions = {}): Uint8Array {
  const { height = 162, moduleWidth = 3, hri = 'below', hriFont = 0 } = options;
  if (!Number.isInteger(height) || height < 1 || height > 255) throw new CodeDataError(`barcode height must be 1..255 dots, got ${height}`);
  if (!Number.isInteger(moduleWidth) || moduleWidth < 2 || moduleWidth > 6)
    throw new CodeDataError(`barcode module width must be 2..6, got ${moduleWidth}`);
  const payload = Buffer.from(barcodePayload(data, symbology), 'latin1');
  if (payload.length > 255) throw new CodeDataError(`barcode data is ${payload.length} bytes; the maximum is 255`);
  return Uint8Array.from([
    ...[0x1d, 0x48, HRI[hri]],
    ...[0x1d, 0x66, hriFont],
    ...[0x1d, 0x77, moduleWidth],
    ...[0x1d, 0x68, height],
    ...[0x1d, 0x6b, FUNCTION_B[symbology], payload.length],
    ...payload,
  ]);
}
