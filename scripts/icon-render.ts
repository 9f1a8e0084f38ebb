/**
 * The app icon, drawn from shapes with Node only (no image tools on the build machine): a receipt
 * with a coin on a teal tile. Encoders for PNG, Windows ICO and macOS ICNS (both holding PNGs).
 * Deterministic: the same size always gives the same pixels.
 */
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const TILE_TOP: Rgba = [15, 118, 110, 255];
const TILE_BOTTOM: Rgba = [19, 78, 74, 255];
const PAPER: Rgba = [248, 250, 252, 255];
const INK: Rgba = [19, 78, 74, 255];
const COIN: Rgba = [245, 158, 11, 255];
const COIN_RIM: Rgba = [180, 83, 9, 255];

function inRoundedRect(u: number, v: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (u < x0 || u > x1 || v < y0 || v > y1) return false;
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
}

/** The receipt's bottom edge is torn: a triangle wave. */
function inReceipt(u: number, v: number): boolean {
  const [x0, x1, top, bottom, tooth, depth] = [0.27, 0.71, 0.17, 0.8, 0.055, 0.035];
  if (u < x0 || u > x1 || v < top) return false;
  const phase = ((u - x0) / tooth) % 1;
  const edge = bottom - depth * (1 - Math.abs(phase * 2 - 1));
  return v <= edge && inRoundedRect(u, Math.min(v, 0.5), x0, top, x1, 0.6, 0.035);
}

function colourAt(u: number, v: number): Rgba | undefined {
  const distanceToCoin = Math.hypot(u - 0.69, v - 0.71);
  if (distanceToCoin <= 0.15) {
    // A rim and an inner ring: a coin, not a button.
    return distanceToCoin >= 0.125 || (distanceToCoin >= 0.085 && distanceToCoin <= 0.1) ? COIN_RIM : COIN;
  }
  if (inReceipt(u, v)) {
    const lines: [number, number][] = [
      [0.29, 0.62],
      [0.38, 0.62],
      [0.47, 0.52],
    ];
    for (const [y, end] of lines) if (v >= y && v <= y + 0.035 && u >= 0.34 && u <= end) return INK;
    return PAPER;
  }
  if (inRoundedRect(u, v, 0.04, 0.04, 0.96, 0.96, 0.2)) {
    const t = (v - 0.04) / 0.92;
    return [0, 1, 2, 3].map((i) => Math.round(TILE_TOP[i]! + (TILE_BOTTOM[i]! - TILE_TOP[i]!) * t)) as unknown as Rgba;
  }
  return undefined;
}

/** RGBA pixels (row-major) of the icon at `size`×`size`, anti-aliased by supersampling. */
export function renderIcon(size: number): Uint8Array {
  const samples = size <= 256 ? 4 : size <= 512 ? 3 : 2;
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          if (!colour) continue;
          // Premultiplied: edges against transparency do not go dark.
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 255;
        }
      }
      const offset = (y * size + x) * 4;
      const n = samples * samples;
      if (a > 0) {
        pixels[offset] = Math.round((r * 255) / a);
        pixels[offset + 1] = Math.round((g * 255) / a);
        pixels[offset + 2] = Math.round((b * 255) / a);
      }
      pixels[offset + 3] = Math.round(a / n);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A truecolour-with-alpha PNG, each row with filter 0. */
export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** A Windows .ico whose entries are PNGs (Vista and later). */
export function encodeIco(images: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/** The ICNS element types that hold a PNG of each size. */
export const ICNS_TYPES: Readonly<Record<number, string>> = {
  16: 'icp4',
  32: 'icp5',
  64: 'icp6',
  128: 'ic07',
  256: 'ic08',
  512: 'ic09',
  1024: 'ic10',
};

export function encodeIcns(images: readonly { size: number; png: Buffer }[]): Buffer {
  const elements = images.map(({ size, png }) => {
    const type = ICNS_TYPES[size];
    if (!type) throw new Error(`ICNS has no PNG element for ${size}px`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
