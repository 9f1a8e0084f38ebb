import { describe, expect, it } from 'vitest';
import { encodePng } from '../testing/png.js';
import { decodeEscPos } from './escpos-decoder.js';
import { hex } from './escpos-commands.js';
import { encodeRasterImage, ImageError, monochromeFromPng, monochromeFromRgba, type MonochromeImage } from './raster-image.js';

function stripes(widthDots: number, heightDots: number): MonochromeImage {
  const rowBytes = Math.ceil(widthDots / 8);
  const data = new Uint8Array(rowBytes * heightDots);
  for (let y = 0; y < heightDots; y++) data.fill(y % 2 === 0 ? 0xff : 0x00, y * rowBytes, (y + 1) * rowBytes);
  return { widthDots, heightDots, data };
}

describe('encodeRasterImage', () => {
  it('golden bytes for a small image: GS v 0, width in bytes, height in dots, rows MSB-first', () => {
    const image: MonochromeImage = { widthDots: 12, heightDots: 2, data: Uint8Array.of(0xf0, 0x10, 0x0f, 0x80) };
    expect(hex(encodeRasterImage(image))).toBe('1D 76 30 00 02 00 02 00 F0 10 0F 80');
  });

  it('slices 255 rows into one block and 256 rows into two (255 + 1)', () => {
    const one = encodeRasterImage(stripes(16, 255));
    expect(decodeEscPos(one).lines).toEqual(['[IMAGE 16x255]']);
    const two = encodeRasterImage(stripes(16, 256));
    expect(hex(two.subarray(0, 8))).toBe('1D 76 30 00 02 00 FF 00');
    expect(hex(two.subarray(8 + 2 * 255, 8 + 2 * 255 + 8))).toBe('1D 76 30 00 02 00 01 00');
    expect(decodeEscPos(two).lines).toEqual(['[IMAGE 16x255]', '[IMAGE 16x1]']);
    expect(two.length).toBe(2 * 8 + 2 * 256);
  });

  it('honours a profile slice height and refuses an image wider than the head', () => {
    expect(decodeEscPos(encodeRasterImage(stripes(8, 50), { sliceRows: 24 })).lines).toEqual([
      '[IMAGE 8x24]',
      '[IMAGE 8x24]',
      '[IMAGE 8x2]',
    ]);
    expect(() => encodeRasterImage(stripes(640, 2), { maxWidthDots: 576 })).toThrow(ImageError);
    expect(() => encodeRasterImage({ widthDots: 8, heightDots: 2, data: new Uint8Array(3) })).toThrow(/needs 2/);
  });
});

describe('real-time command patterns inside image data', () => {
  it('are defused so a logo can never kick the drawer or power the printer off', () => {
    const data = Uint8Array.of(0x10, 0x14, 0x01, 0x00, 0x01, 0x10, 0x14, 0x02, 0x01, 0x08, 0x10, 0x04, 0x01, 0x10, 0x20);
    const image: MonochromeImage = { widthDots: 8 * data.length, heightDots: 1, data };
    const bytes = encodeRasterImage(image);
    expect(hex(bytes.subarray(8))).toBe('00 14 01 00 01 00 14 02 01 08 00 04 01 10 20');
    expect(hex(bytes)).not.toMatch(/10 (04|05|14)/);
    expect([...data.subarray(0, 2)]).toEqual([0x10, 0x14]);
  });
});

describe('logo from PNG', () => {
  it('thresholds through node-thermal-printer and slices the result', async () => {
    // 20x300: left 10 columns black, right half white; rows below 150 transparent.
    const png = encodePng(20, 300, (x, y) => (y >= 150 ? [0, 0, 0, 0] : x < 10 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const image = await monochromeFromPng(png);
    expect([image.widthDots, image.heightDots]).toEqual([24, 300]);
    expect(hex(image.data.subarray(0, 3))).toBe('FF C0 00');
    expect(hex(image.data.subarray(3 * 299, 3 * 300))).toBe('00 00 00');
    expect(decodeEscPos(encodeRasterImage(image)).lines).toEqual(['[IMAGE 24x255]', '[IMAGE 24x45]']);
  });

  it('agrees with the RGBA thresholding rule', () => {
    const rgba = Uint8Array.from([0, 0, 0, 255, 200, 200, 200, 255, 0, 0, 0, 100]);
    expect(hex(monochromeFromRgba(3, 1, rgba).data)).toBe('80');
  });

  it('rejects data that is not a PNG', async () => {
    await expect(monochromeFromPng(Uint8Array.of(1, 2, 3))).rejects.toThrow(ImageError);
  });
});
