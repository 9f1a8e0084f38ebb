import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from './escpos-decoder.js';
import { hex } from './escpos-commands.js';
import { EPSON_42_COLUMNS, EPSON_48_COLUMNS } from './printer-profile.js';
import { encodeReceipt, REPRINT_BANNER } from './receipt-encoder.js';
import { testPageReceipt } from './test-receipt.js';

const FIXTURE = new URL('./fixtures/receipt-small-42col.hex', import.meta.url);

function toHexFixture(bytes: Uint8Array): string {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) rows.push(hex(bytes.subarray(i, i + 16)));
  const header = [
    '# encodeReceipt(testPageReceipt(), EPSON_42_COLUMNS): node-thermal-printer 4.6.1 output plus our ESC @ prefix.',
    '# Regenerate only after reviewing the diff: UPDATE_GOLDEN=1 npx vitest run drivers/escpos/receipt-encoder.test.ts',
  ];
  return `${[...header, ...rows].join('\n')}\n`;
}

function fromHexFixture(text: string): Uint8Array {
  const digits = text.replace(/#.*$/gm, '').trim().split(/\s+/).filter(Boolean);
  return Uint8Array.from(digits.map((d) => Number.parseInt(d, 16)));
}

function indexOfSequence(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('encodeReceipt golden bytes', () => {
  const bytes = encodeReceipt(testPageReceipt(), EPSON_42_COLUMNS);

  it('starts with ESC @ then selects PC858 explicitly', () => {
    expect(hex(bytes.subarray(0, 5))).toBe('1B 40 1B 74 13');
  });

  it('ends with feed, full cut and a reset', () => {
    expect(hex(bytes.subarray(bytes.length - 8))).toBe('1B 64 04 1D 56 00 1B 40');
  });

  it('encodes € as 0xD5 and è as 0x8A in CP858, never as UTF-8', () => {
    expect(indexOfSequence(bytes, [0xd5])).toBeGreaterThan(0);
    expect(indexOfSequence(bytes, [0x43, 0x72, 0x8a, 0x6d, 0x65])).toBeGreaterThan(0); // "Crème"
    expect(indexOfSequence(bytes, [0xe2, 0x82, 0xac])).toBe(-1); // UTF-8 €
    expect(indexOfSequence(bytes, [0xc3])).toBe(-1); // UTF-8 lead byte of è/é/û
  });

  it('never emits a drawer kick', () => {
    expect(indexOfSequence(bytes, [0x1b, 0x70])).toBe(-1);
  });

  it('matches the stored hex fixture byte for byte', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(FIXTURE, toHexFixture(bytes));
    const expected = fromHexFixture(readFileSync(FIXTURE, 'utf8'));
    expect(hex(bytes)).toBe(hex(expected));
  });

  it('is deterministic', () => {
    expect(hex(encodeReceipt(testPageReceipt(), EPSON_42_COLUMNS))).toBe(hex(bytes));
  });
});

describe('encodeReceipt round trip through decodeEscPos', () => {
  it('reads back the receipt text, amounts, accents and €', () => {
    const decoded = decodeEscPos(encodeReceipt(testPageReceipt()));
    expect(decoded.unknownCommands).toEqual([]);
    expect(decoded.cuts).toBe(1);
    expect(decoded.drawerKicks).toEqual([]);
    expect(decoded.codePage).toBe('CP858');
    expect(decoded.lines).toEqual([
      'Café Lumière',
      '12 Rue de la Paix',
      '75002 Paris',
      '',
      'Order #42                 2025-03-14 12:30',
      '------------------------------------------',
      '2 x Crème brûlée                      9.00',
      '1 x Espresso                          2.50',
      '1 x Tarte Tatin                       1.00',
      '------------------------------------------',
      'TOTAL                              12.50 €',
      'Cash                                 20.00',
      'Change                                7.50',
      '',
      'Merci et à bientôt !',
      'Prices in € incl. VAT',
    ]);
    const text = decoded.lines.join('\n').replace(/ +/g, ' ');
    expect(text).toContain('TOTAL 12.50');
  });

  it('fills 48 columns with the 48-column profile', () => {
    const decoded = decodeEscPos(encodeReceipt(testPageReceipt(), EPSON_48_COLUMNS));
    const rule = decoded.lines.find((l) => l.startsWith('---'));
    expect(rule).toHaveLength(48);
    expect(decoded.lines).toContain(`TOTAL${' '.repeat(48 - 5 - 7)}12.50 €`);
  });

  it('prints a REPRINT banner only for reprints', () => {
    expect(decodeEscPos(encodeReceipt(testPageReceipt({ reprint: true }))).lines[0]).toBe(REPRINT_BANNER);
    expect(decodeEscPos(encodeReceipt(testPageReceipt())).lines).not.toContain(REPRINT_BANNER);
  });

  it('wraps long item names under the name and keeps the amount on the first line', () => {
    const doc = testPageReceipt({
      lines: [{ quantity: 1, name: 'Assiette de fromages affinés et confiture de figues maison', amountMinor: 1450 }],
    });
    const lines = decodeEscPos(encodeReceipt(doc)).lines;
    const first = lines.findIndex((l) => l.startsWith('1 x Assiette'));
    expect(lines[first]).toMatch(/^1 x Assiette .* 14\.50$/);
    expect(lines[first]).toHaveLength(42);
    expect(lines[first + 1]).toMatch(/^ {4}\S/);
    expect(lines.slice(first, first + 3).join(' ')).toContain('figues');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(42);
  });

  it('cannot be made to kick the drawer or cut by control characters in catalog text', () => {
    const doc = testPageReceipt({ lines: [{ quantity: 1, name: 'Evil\x1bp\x00\x19\xfa\x1dV\x00name\n', amountMinor: 100 }] });
    const decoded = decodeEscPos(encodeReceipt(doc));
    expect(decoded.drawerKicks).toEqual([]);
    expect(decoded.cuts).toBe(1);
  });

  it('composes decomposed accents (NFD) instead of switching code pages', () => {
    const bytes = encodeReceipt(testPageReceipt({ storeName: 'Cafe\u0301' }));
    const decoded = decodeEscPos(bytes);
    expect(decoded.lines[0]).toBe('Café');
    expect(decoded.codePage).toBe('CP858');
  });

  it('states how it was paid when no cash was tendered', () => {
    const { tenderedMinor: _tendered, changeMinor: _change, ...doc } = testPageReceipt({ paymentMethod: 'Card', currency: 'GBP' });
    const lines = decodeEscPos(encodeReceipt(doc)).lines;
    expect(lines).toContain(`Paid by${' '.repeat(42 - 7 - 4)}Card`);
    expect(lines).toContain(`TOTAL${' '.repeat(42 - 5 - 7)}12.50 £`);
  });

  it('uses the currency minor digits (JPY has none)', () => {
    const doc = testPageReceipt({ currency: 'JPY', lines: [{ quantity: 1, name: 'Ramen', amountMinor: 980 }], totalMinor: 980 });
    const text = decodeEscPos(encodeReceipt(doc)).lines.join('\n');
    expect(text).toMatch(/1 x Ramen +980\n/);
    expect(text).toMatch(/TOTAL +980 JPY/);
  });

  it('rejects amounts that are not integer minor units', () => {
    expect(() => encodeReceipt(testPageReceipt({ totalMinor: 12.5 }))).toThrow(RangeError);
  });

  it('can end with a partial cut', () => {
    const bytes = encodeReceipt(testPageReceipt(), { ...EPSON_42_COLUMNS, cut: 'partial' });
    expect(hex(bytes.subarray(bytes.length - 5))).toBe('1D 56 01 1B 40');
  });
});
