import { describe, expect, it } from 'vitest';
import { KNOWN_CODE_PAGES } from './code-pages.js';
import { encodeDrawerKick } from './drawer-kick.js';
import { scanCommand } from './escpos-commands.js';
import { decodeEscPos } from './escpos-decoder.js';
import iconv from 'iconv-lite';

const bytes = (...parts: (ArrayLike<number> | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : Array.from(p))));

const ESC_INIT = [0x1b, 0x40];
const CP858 = [0x1b, 0x74, 19];
const LF = [0x0a];

describe('decodeEscPos on hand-written vectors', () => {
  it('decodes text through the selected code page', () => {
    const decoded = decodeEscPos(
      bytes(ESC_INIT, CP858, [0x43, 0x72, 0x8a, 0x6d, 0x65, 0x20, 0x62, 0x72, 0x96, 0x6c, 0x82, 0x65, 0x20, 0xd5], LF),
    );
    expect(decoded.lines).toEqual(['Crème brûlée €']);
    expect(decoded.codePage).toBe('CP858');
  });

  it('uses CP437 before any ESC t and again after ESC @, but reports the last selection', () => {
    // 0xD5 is '╒' in CP437 and '€' in CP858: the same byte must follow the active table.
    const decoded = decodeEscPos(bytes([0xd5], LF, CP858, [0xd5], LF, ESC_INIT, [0xd5], LF));
    expect(decoded.lines).toEqual(['╒', '€', '╒']);
    expect(decoded.codePage).toBe('CP858');
    expect(decodeEscPos(bytes('hi', LF)).codePage).toBe('CP437');
  });

  it('parses the drawer kick 1B 70 00 19 FA as pin 0, 50 ms on, 500 ms off', () => {
    expect(Array.from(encodeDrawerKick())).toEqual([0x1b, 0x70, 0x00, 0x19, 0xfa]);
    const decoded = decodeEscPos(bytes(ESC_INIT, [0x1b, 0x70, 0x00, 0x19, 0xfa]));
    expect(decoded.drawerKicks).toEqual([{ pin: 0, onMs: 50, offMs: 500 }]);
    expect(decoded.unknownCommands).toEqual([]);
  });

  it('accepts ASCII pin numbers and applies "off = on when t2 < t1"', () => {
    const decoded = decodeEscPos(bytes([0x1b, 0x70, 0x31, 0x3c, 0x10]));
    expect(decoded.drawerKicks).toEqual([{ pin: 1, onMs: 120, offMs: 120 }]);
  });

  it('parses the real-time pulse DLE DC4 1 m t', () => {
    expect(decodeEscPos(bytes([0x10, 0x14, 0x01, 0x00, 0x03])).drawerKicks).toEqual([{ pin: 0, onMs: 300, offMs: 300 }]);
  });

  it('counts every cut variant and ends the pending line at a cut', () => {
    const cuts = [
      [0x1d, 0x56, 0x00],
      [0x1d, 0x56, 0x01],
      [0x1d, 0x56, 0x30],
      [0x1d, 0x56, 0x31],
      [0x1d, 0x56, 0x41, 0x03],
      [0x1d, 0x56, 0x42, 0x00],
      [0x1b, 0x69],
      [0x1b, 0x6d],
    ];
    const decoded = decodeEscPos(bytes('before', ...cuts, 'after'));
    expect(decoded.cuts).toBe(cuts.length);
    expect(decoded.lines).toEqual(['before', 'after']);
    expect(decoded.unknownCommands).toEqual([]);
  });

  it('treats ESC d n as n line feeds and drops trailing blank feed lines', () => {
    const decoded = decodeEscPos(bytes('a', [0x1b, 0x64, 0x03], 'b', LF, [0x1b, 0x64, 0x04]));
    expect(decoded.lines).toEqual(['a', '', '', 'b']);
  });

  it('skips style commands without printing their parameters', () => {
    const styles = [
      [0x1b, 0x61, 0x01], // ESC a center
      [0x1b, 0x45, 0x01], // ESC E bold
      [0x1b, 0x21, 0x30], // ESC ! quad
      [0x1d, 0x21, 0x11], // GS ! size
      [0x1b, 0x2d, 0x02], // ESC - underline
      [0x1b, 0x4d, 0x01], // ESC M font B
      [0x1d, 0x42, 0x01], // GS B invert
      [0x1b, 0x33, 0x40], // ESC 3 line spacing
      [0x1b, 0x32], // ESC 2
      [0x1b, 0x7b, 0x01], // ESC { upside down
      [0x1b, 0x42, 0x02, 0x03], // ESC B beeper
      [0x1d, 0x4c, 0x10, 0x00], // GS L left margin
    ];
    const decoded = decodeEscPos(bytes(...styles, 'TOTAL', LF));
    expect(decoded.lines).toEqual(['TOTAL']);
    expect(decoded.unknownCommands).toEqual([]);
  });

  it('reports an unknown command with its offset and keeps decoding', () => {
    const decoded = decodeEscPos(bytes('ok', LF, [0x1b, 0x5a], 'still ok', LF, [0x01], 'end', LF));
    expect(decoded.unknownCommands).toEqual(['1B 5A at 3', '01 at 14']);
    expect(decoded.lines).toEqual(['ok', 'still ok', 'end']);
  });

  it('reports a command cut short by the end of the bytes', () => {
    const decoded = decodeEscPos(bytes('x', LF, [0x1d, 0x28, 0x6b, 0x10, 0x00, 0x31]));
    expect(decoded.lines).toEqual(['x']);
    expect(decoded.unknownCommands).toHaveLength(1);
    expect(decoded.unknownCommands[0]).toMatch(/^incomplete GS \( k .* at 2$/);
  });

  it('reports a code page it cannot decode and falls back to CP437', () => {
    const decoded = decodeEscPos(bytes([0x1b, 0x74, 11], 'abc', LF));
    expect(decoded.lines).toEqual(['abc']);
    expect(decoded.codePage).toBe('ESC t 11');
    expect(decoded.unknownCommands[0]).toMatch(/^ESC t 11/);
  });

  it('skips a QR payload by its 2-byte length, even when the payload holds command bytes', () => {
    // 300 bytes of data: pL/pH = (300 + 3) = 0x2F 0x01. The payload contains GS V 0 and ESC p on purpose.
    const data = Buffer.alloc(300, 0x41);
    data.set([0x1d, 0x56, 0x00, 0x1b, 0x70, 0x00, 0x19, 0xfa], 100);
    const decoded = decodeEscPos(
      bytes(
        [0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00], // model 2
        [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x03], // module size
        [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31], // error level M
        [0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30],
        [...data],
        [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30], // print
        'after',
        LF,
      ),
    );
    expect(decoded.cuts).toBe(0);
    expect(decoded.drawerKicks).toEqual([]);
    expect(decoded.lines).toHaveLength(2);
    expect(decoded.lines[0]).toMatch(/^\[QR\] A{100}/);
    expect(decoded.lines[1]).toBe('after');
    expect(decoded.unknownCommands).toEqual([]);
  });

  it('prints QR data as UTF-8 when its length field counts bytes', () => {
    const data = Buffer.from('https://x.test/é', 'utf8');
    const decoded = decodeEscPos(
      bytes([0x1d, 0x28, 0x6b, data.length + 3, 0x00, 0x31, 0x50, 0x30], [...data], [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
    );
    expect(decoded.lines).toEqual(['[QR] https://x.test/é']);
  });

  it('skips barcode payloads for function A (NUL-terminated) and B (length byte)', () => {
    const decoded = decodeEscPos(
      bytes(
        [0x1d, 0x48, 0x02, 0x1d, 0x66, 0x00, 0x1d, 0x77, 0x03, 0x1d, 0x68, 0xa2], // HRI, font, width, height
        [0x1d, 0x6b, 0x02],
        '400638133393',
        [0x00],
        [0x1d, 0x6b, 0x49, 0x07],
        '{B\x0a\x1dVAB', // a payload with LF and GS V inside
        'tail',
        LF,
      ),
    );
    expect(decoded.lines).toEqual(['[BARCODE EAN13] 400638133393', '[BARCODE CODE128] {B\\x0A\\x1DVAB', 'tail']);
    expect(decoded.cuts).toBe(0);
  });

  it('skips raster images by width x height', () => {
    const image = bytes([0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00], new Array<number>(6).fill(0x0a));
    const decoded = decodeEscPos(bytes(image, 'x', LF));
    expect(decoded.lines).toEqual(['[IMAGE 16x3]', 'x']);
  });

  it('ignores DLE EOT status requests inside a document', () => {
    expect(decodeEscPos(bytes('a', [0x10, 0x04, 0x01], 'b', LF)).lines).toEqual(['ab']);
  });

  it('expands tabs to 8-column stops', () => {
    expect(decodeEscPos(bytes('ab\tc', LF)).lines).toEqual(['ab      c']);
  });

  it("decodes node-thermal-printer's broken drawer kick the way a printer would", () => {
    // openCashDrawer() in 4.6.1 emits 1B 70 00 1B 70 01: ESC p 0 t1=0x1B t2=0x70, then a stray 0x01.
    const decoded = decodeEscPos(bytes([0x1b, 0x70, 0x00, 0x1b, 0x70, 0x01]));
    expect(decoded.drawerKicks).toEqual([{ pin: 0, onMs: 54, offMs: 224 }]);
    expect(decoded.unknownCommands).toEqual(['01 at 5']);
  });
});

describe('scanCommand', () => {
  it('says "incomplete" rather than guessing when a length-prefixed payload is split', () => {
    const head = bytes([0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30], new Array<number>(100).fill(0x41));
    expect(scanCommand(head, 0).kind).toBe('incomplete');
    const whole = bytes(head, new Array<number>(200).fill(0x41));
    const result = scanCommand(whole, 0);
    expect(result).toMatchObject({ kind: 'command', length: 5 + 303, command: { op: 'symbolStore', symbol: 'qr' } });
  });
});

describe('code page table', () => {
  it('only names encodings iconv-lite can decode', () => {
    for (const page of KNOWN_CODE_PAGES) expect(iconv.encodingExists(page.iconv), page.name).toBe(true);
  });
});
