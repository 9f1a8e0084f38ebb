import { describe, expect, it } from 'vitest';
import { golden } from '../testing/golden.js';
import { decodeEscPos } from './escpos-decoder.js';
import { hex } from './escpos-commands.js';
import { PRINTER_PROFILES, withColumns, EPSON_42_COLUMNS } from './printer-profile.js';
import { encodeReceipt } from './receipt-encoder.js';
import { renderReceiptHtml } from './receipt-html.js';
import { testPageReceipt } from './test-receipt.js';

const logo = { widthDots: 16, heightDots: 300, data: new Uint8Array(2 * 300).fill(0xaa) };
const withCodes = testPageReceipt({
  showLogo: true,
  qrCode: { data: 'https://pos.example/r/42?é', caption: 'Your receipt online' },
  barcode: { data: 'ORDER-42', symbology: 'CODE128' },
});

describe('receipt features', () => {
  it('prints the store name bold and double height (ESC ! before ESC E)', () => {
    const decoded = decodeEscPos(encodeReceipt(testPageReceipt()));
    expect(decoded.blocks[0]).toEqual({
      type: 'text',
      align: 'center',
      spans: [{ text: 'Café Lumière', bold: true, underline: false, reverse: false, width: 1, height: 2 }],
    });
  });

  it('adds a sliced logo, a barcode and a byte-correct QR on a capable printer', () => {
    const bytes = encodeReceipt(withCodes, PRINTER_PROFILES['epson-tm-t88'], { logo });
    const decoded = decodeEscPos(bytes);
    expect(decoded.lines.slice(0, 3)).toEqual(['[IMAGE 16x255]', '[IMAGE 16x45]', 'Café Lumière']);
    expect(decoded.lines).toContain('[BARCODE CODE128] {BORDER-42');
    expect(decoded.lines).toContain('Your receipt online');
    expect(decoded.lines).toContain('[QR] https://pos.example/r/42?é');
    expect(decoded.unknownCommands).toEqual([]);
    expect(hex(bytes.subarray(bytes.length - 5))).toBe('1D 56 01 1B 40');
  });

  it('falls back to text on a printer without QR, barcode or image support, and does not cut', () => {
    const decoded = decodeEscPos(encodeReceipt(withCodes, PRINTER_PROFILES.simple, { logo }));
    expect(decoded.lines[0]).toBe('Café Lumière');
    expect(decoded.lines).toContain('ORDER-42');
    expect(decoded.lines).toContain('https://pos.example/r/42?é');
    expect(decoded.lines.some((l) => l.startsWith('['))).toBe(false);
    expect(decoded.cuts).toBe(0);
  });

  it('lays out 32, 42 and 48 columns', () => {
    for (const columns of [32, 42, 48] as const) {
      const profile = withColumns(PRINTER_PROFILES['generic-80'], columns);
      const lines = decodeEscPos(encodeReceipt(testPageReceipt(), profile)).lines;
      const total = lines.find((l) => l.startsWith('TOTAL'));
      expect(total, `${columns}`).toHaveLength(columns);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
    }
    expect(withColumns(PRINTER_PROFILES['generic-80'], 32)).toMatchObject({ paperMm: 58, widthDots: 384 });
  });

  it('encodes accented text and € in WPC1252 for profiles that use it (golden)', () => {
    const doc = testPageReceipt({
      lines: [{ quantity: 1, name: 'Crème brûlée façon grand-mère', amountMinor: 1250 }],
      footerLines: ['À bientôt, Œuvre'],
    });
    const bytes = encodeReceipt(doc, PRINTER_PROFILES['star-escpos']);
    expect(hex(bytes.subarray(0, 5))).toBe('1B 40 1B 74 10');
    expect(hex(bytes)).toBe(
      golden(
        new URL('./fixtures/receipt-wpc1252-48col.hex', import.meta.url),
        bytes,
        'encodeReceipt(accented doc, star-escpos): WPC1252, 48 columns',
      ),
    );
    const decoded = decodeEscPos(bytes);
    expect(decoded.codePage).toBe('WPC1252');
    expect(decoded.lines).toContain('À bientôt, Œuvre');
    expect(decoded.lines.some((l) => l.startsWith('1 x Crème brûlée façon grand-mère'))).toBe(true);
    expect(decoded.lines.find((l) => l.startsWith('TOTAL'))?.endsWith('12.50 €')).toBe(true);
  });

  it('renders decoded paper as HTML with styles, codes as labelled boxes and the cut', () => {
    const html = renderReceiptHtml(decodeEscPos(encodeReceipt(withCodes, PRINTER_PROFILES['epson-tm-t88'], { logo })).blocks, {
      columns: 42,
    });
    expect(html).toContain('<div class="line center"><span class="b h2">Café&nbsp;Lumière</span></div>');
    expect(html).toContain('<div class="code qr" title="QR"><span class="label">QR</span> https://pos.example/r/42?é</div>');
    expect(html).toContain('<div class="code barcode"><span class="label">CODE128</span> {BORDER-42</div>');
    expect(html).toContain('✂ partial cut');
    expect(html).toContain('image 16×255 dots');
    expect(
      renderReceiptHtml([
        { type: 'text', align: 'left', spans: [{ text: '<script>', bold: false, underline: false, reverse: false, width: 1, height: 1 }] },
      ]),
    ).toContain('&lt;script&gt;');
    expect(EPSON_42_COLUMNS.columns).toBe(42);
  });
});
