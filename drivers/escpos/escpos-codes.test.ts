import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { describe, expect, it } from 'vitest';
import { CodeDataError, encodeBarcode, encodeQr } from './escpos-codes.js';
import { decodeEscPos } from './escpos-decoder.js';
import { hex } from './escpos-commands.js';

function library(build: (p: ThermalPrinter) => void): string {
  const config = { type: PrinterTypes.EPSON, characterSet: CharacterSet.PC858_EURO } as ConstructorParameters<typeof ThermalPrinter>[0];
  const p = new ThermalPrinter(config);
  p.setBuffer(Buffer.alloc(0));
  build(p);
  return hex(p.getBuffer());
}

describe('encodeQr', () => {
  it('golden bytes (escpos-php qrCode("1234") vector, module size 3, level M)', () => {
    expect(hex(encodeQr('1234'))).toBe(
      '1D 28 6B 04 00 31 41 32 00 1D 28 6B 03 00 31 43 03 1D 28 6B 03 00 31 45 31 1D 28 6B 07 00 31 50 30 31 32 33 34 1D 28 6B 03 00 31 51 30',
    );
  });

  it('emits exactly what node-thermal-printer emits for ASCII data', () => {
    const url = 'https://pos.example/r/42?x=1';
    expect(hex(encodeQr(url))).toBe(library((p) => p.printQR(url)));
    expect(hex(encodeQr(url, { moduleSize: 6, errorCorrection: 'H', model: 1 }))).toBe(
      library((p) => p.printQR(url, { cellSize: 6, correction: 'H', model: 1 })),
    );
  });

  it('counts UTF-8 bytes where the library counts characters', () => {
    const bytes = encodeQr('é€');
    // 'é' is 2 bytes and '€' 3: pL = 5 + 3 = 8.
    expect(hex(bytes)).toContain('1D 28 6B 08 00 31 50 30 C3 A9 E2 82 AC 1D 28 6B 03 00 31 51 30');
    expect(decodeEscPos(bytes).lines).toEqual(['[QR] é€']);
    expect(library((p) => p.printQR('é€'))).toContain('1D 28 6B 05 00 31 50 30');
  });

  it('uses a 2-byte length above 255 bytes and enforces limits', () => {
    expect(hex(encodeQr('A'.repeat(300)).subarray(25, 30))).toBe('1D 28 6B 2F 01');
    expect(() => encodeQr('')).toThrow(CodeDataError);
    expect(() => encodeQr('A'.repeat(7090))).toThrow(/maximum is 7089/);
    expect(() => encodeQr('x', { moduleSize: 17 })).toThrow(CodeDataError);
  });
});

describe('encodeBarcode', () => {
  it('golden bytes for EAN-13 (function B, 12 digits: the printer adds the check digit)', () => {
    expect(hex(encodeBarcode('400638133393', 'EAN13', { height: 80, moduleWidth: 2 }))).toBe(
      '1D 48 02 1D 66 00 1D 77 02 1D 68 50 1D 6B 43 0C 34 30 30 36 33 38 31 33 33 33 39 33',
    );
  });

  it('matches node-thermal-printer for ASCII CODE128 and EAN-13', () => {
    const settings = { hriPos: 2, hriFont: 0, width: 3, height: 162 };
    expect(hex(encodeBarcode('ORDER-42', 'CODE128'))).toBe(library((p) => p.printBarcode('ORDER-42', 73, settings)));
    expect(hex(encodeBarcode('4006381333931', 'EAN13'))).toBe(library((p) => p.printBarcode('4006381333931', 67, settings)));
  });

  it('prefixes CODE128 with code set B, doubles "{" and decodes back', () => {
    const bytes = encodeBarcode('A{1', 'CODE128');
    expect(hex(bytes.subarray(12))).toBe('1D 6B 49 06 7B 42 41 7B 7B 31');
    expect(decodeEscPos(bytes).lines).toEqual(['[BARCODE CODE128] {BA{{1']);
  });

  it('refuses data the symbology cannot carry instead of corrupting the stream', () => {
    expect(() => encodeBarcode('Crème', 'CODE128')).toThrow(/printable ASCII/);
    expect(() => encodeBarcode('4006381333932', 'EAN13')).toThrow(/check digit/);
    expect(() => encodeBarcode('12345', 'EAN13')).toThrow(/12 or 13 digits/);
    expect(() => encodeBarcode('123', 'ITF')).toThrow(/even/);
    expect(() => encodeBarcode('abc', 'CODE39')).toThrow(CodeDataError);
    expect(() => encodeBarcode('A123B', 'CODABAR')).not.toThrow();
    expect(() => encodeBarcode('96385074', 'EAN8')).not.toThrow();
    expect(() => encodeBarcode('036000291452', 'UPC-A')).not.toThrow();
    expect(() => encodeBarcode('X'.repeat(254), 'CODE128')).toThrow(/maximum is 255/);
    expect(() => encodeBarcode('1', 'CODE128', { height: 0 })).toThrow(/height/);
  });

  it('golden symbology numbers', () => {
    const m = (data: string, symbology: Parameters<typeof encodeBarcode>[1]) => encodeBarcode(data, symbology)[14];
    expect([m('03600029145', 'UPC-A'), m('9638507', 'EAN8'), m('CODE 39', 'CODE39'), m('1234', 'ITF'), m('A1B', 'CODABAR')]).toEqual([
      65, 68, 69, 70, 71,
    ]);
  });
});
