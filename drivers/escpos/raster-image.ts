import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';

/** A 1-bit image: rows of ceil(width/8) bytes, most significant bit leftmost, a set bit prints black. */
export interface MonochromeImage {
  widthDots: number;
  heightDots: number;
  data: Uint8Array;
}

export class ImageError extends RangeError {
  override readonly name = 'ImageError';
}

export function bytesPerRow(widthDots: number): number {
  return Math.ceil(widthDots / 8);
}

function checkImage(image: MonochromeImage): void {
  if (!Number.isInteger(image.widthDots) || image.widthDots < 1 || !Number.isInteger(image.heightDots) || image.heightDots < 1) {
    throw new ImageError(`image size must be positive integers, got ${image.widthDots}x${image.heightDots}`);
  }
  const expected = bytesPerRow(image.widthDots) * image.heightDots;
  if (image.data.length !== expected)
    throw new ImageError(`image data is ${image.data.length} bytes; ${image.widthDots}x${image.heightDots} needs ${expected}`);
}

/**
 * GS v 0 raster blocks of at most `sliceRows` rows each. node-thermal-printer sends one block for the
 * whole image, which firmware with small buffers prints as garbage (its issues #103, #130, #212).
 */
export function encodeRasterImage(image: MonochromeImage, options: { sliceRows?: number; maxWidthDots?: number } = {}): Uint8Array {
  checkImage(image);
  const { sliceRows = 255, maxWidthDots } = options;
  if (!Number.isInteger(sliceRows) || sliceRows < 1 || sliceRows > 2303)
    throw new ImageError(`sliceRows must be 1..2303, got ${sliceRows}`);
  if (maxWidthDots !== undefined && image.widthDots > maxWidthDots) {
    throw new ImageError(`image is ${image.widthDots} dots wide; this printer prints at most ${maxWidthDots}`);
  }
  const rowBytes = bytesPerRow(image.widthDots);
  const data = withoutRealtimeCommands(image.data);
  const parts: Uint8Array[] = [];
  for (let top = 0; top < image.heightDots; top += sliceRows) {
    const rows = Math.min(sliceRows, image.heightDots - top);
    parts.push(Uint8Array.of(0x1d, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8));
    parts.push(data.subarray(top * rowBytes, (top + rows) * rowBytes));
  }
  return Buffer.concat(parts);
}

/**
 * Printers execute real-time commands wherever their bytes appear, even inside image data: a logo
 * containing 10 14 01 00 01 would pulse the drawer, 10 14 02 01 08 power the printer off. Such a DLE is
 * cleared (0x10 → 0x00): one dot of the image, never a command.
 */
export function withoutRealtimeCommands(data: Uint8Array): Uint8Array {
  let copy: Uint8Array | undefined;
  for (let i = 0; i + 1 < data.length; i++) {
    const next = data[i + 1];
    if (data[i] === 0x10 && (next === 0x04 || next === 0x05 || next === 0x14)) {
      copy ??= Uint8Array.from(data);
      copy[i] = 0x00;
    }
  }
  return copy ?? data;
}

/** Thresholds RGBA pixels the way node-thermal-printer does: opaque (alpha > 126) and dark (luma < 128) prints. */
export function monochromeFromRgba(widthDots: number, heightDots: number, rgba: Uint8Array, threshold = 128): MonochromeImage {
  if (rgba.length !== widthDots * heightDots * 4)
    throw new ImageError(`RGBA data must be ${widthDots * heightDots * 4} bytes, got ${rgba.length}`);
  const rowBytes = bytesPerRow(widthDots);
  const data = new Uint8Array(rowBytes * heightDots);
  for (let y = 0; y < heightDots; y++) {
    for (let x = 0; x < widthDots; x++) {
      const i = (y * widthDots + x) * 4;
      const luma = 0.2126 * (rgba[i] ?? 0) + 0.7152 * (rgba[i + 1] ?? 0) + 0.0722 * (rgba[i + 2] ?? 0);
      if ((rgba[i + 3] ?? 0) > 126 && luma < threshold) data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { widthDots, heightDots, data };
}

/**
 * Decodes a PNG logo with node-thermal-printer's own PNG path (pngjs, thresholded), then takes the
 * bitmap out of its single GS v 0 block so encodeRasterImage can slice it.
 */
export async function monochromeFromPng(png: Uint8Array): Promise<MonochromeImage> {
  const config = { type: PrinterTypes.EPSON } as ConstructorParameters<typeof ThermalPrinter>[0];
  const builder = new ThermalPrinter(config);
  builder.setBuffer(Buffer.alloc(0));
  try {
    await builder.printImageBuffer(Buffer.from(png));
  } catch (error) {
    throw new ImageError(`not a readable PNG: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bytes = builder.getBuffer();
  if (bytes.length < 8 || bytes[0] !== 0x1d || bytes[1] !== 0x76 || bytes[2] !== 0x30)
    throw new ImageError('unexpected image encoding from node-thermal-printer');
  const rowBytes = (bytes[4] ?? 0) + (bytes[5] ?? 0) * 256;
  const heightDots = (bytes[6] ?? 0) + (bytes[7] ?? 0) * 256;
  const data = Uint8Array.from(bytes.subarray(8));
  if (data.length !== rowBytes * heightDots) throw new ImageError('image block length does not match its header');
  // The library pads the width to whole bytes; the true pixel width is not in the block.
  return { widthDots: rowBytes * 8, heightDots, data };
}
