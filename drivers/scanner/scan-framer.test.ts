import { describe, expect, it } from 'vitest';
import { stripAimIdentifier } from './aim.js';
import { ScanFramer, type FramerOutput } from './scan-framer.js';

const push = (framer: ScanFramer, ...chunks: string[]): FramerOutput[] => chunks.flatMap((c) => framer.push(Buffer.from(c, 'latin1')));

describe('ScanFramer', () => {
  it('frames on CR, LF and CRLF', () => {
    const framer = new ScanFramer();
    expect(push(framer, '5901234123457\r', '4006381333931\n', '036000291452\r\n')).toEqual([
      { type: 'code', code: '5901234123457' },
      { type: 'code', code: '4006381333931' },
      { type: 'code', code: '036000291452' },
    ]);
  });

  it('joins chunks split anywhere, including between CR and LF', () => {
    const framer = new ScanFramer();
    expect(push(framer, '40063813', '33931\r')).toEqual([{ type: 'code', code: '4006381333931' }]);
    expect(push(framer, '\n', '5', '9', '01234123457\r', '\n')).toEqual([{ type: 'code', code: '5901234123457' }]);
  });

  it('trims and ignores empty frames', () => {
    expect(push(new ScanFramer(), '  12345678 \r\n\r\n \r')).toEqual([{ type: 'code', code: '12345678' }]);
  });

  it('strips a leading AIM symbology identifier', () => {
    expect(push(new ScanFramer(), ']E05901234123457\r', ']C1(01)09501101530003\r')).toEqual([
      { type: 'code', code: '5901234123457', symbologyId: 'E0' },
      { type: 'code', code: '(01)09501101530003', symbologyId: 'C1' },
    ]);
  });

  it('drops frames longer than 64 characters', () => {
    const framer = new ScanFramer();
    expect(push(framer, `${'9'.repeat(65)}\r`, `${'1'.repeat(64)}\r`)).toEqual([
      { type: 'too_long', length: 65, preview: '9'.repeat(16) },
      { type: 'code', code: '1'.repeat(64) },
    ]);
  });

  it('discards a partial buffer past 256 bytes and the rest of that frame', () => {
    const framer = new ScanFramer();
    expect(push(framer, 'x'.repeat(200), 'x'.repeat(57))).toEqual([{ type: 'overflow', discardedBytes: 257 }]);
    expect(push(framer, 'tail-of-garbage\r', '12345670\r')).toEqual([{ type: 'code', code: '12345670' }]);
  });
});

describe('ScanFramer suffix and timing options', () => {
  it('frames on Tab only when the scanner is set to a Tab suffix, ignoring CR/LF noise around codes', () => {
    const framer = new ScanFramer({ suffix: 'tab' });
    expect(push(framer, '\r\n12345670\t', '\x02', '5901234123457\r\t')).toEqual([
      { type: 'code', code: '12345670' },
      { type: 'code', code: '5901234123457' },
    ]);
  });

  it('frames on CR only for a CR suffix (an LF is edge noise)', () => {
    expect(push(new ScanFramer({ suffix: 'cr' }), '12345670\n\r')).toEqual([{ type: 'code', code: '12345670' }]);
    expect(push(new ScanFramer({ suffix: 'lf' }), '123\r456\n')).toEqual([{ type: 'code', code: '123\r456' }]);
  });

  it('drops a partial frame that waited longer than the timeout', () => {
    const framer = new ScanFramer({ partialTimeoutMs: 100 });
    expect(framer.push(Buffer.from('4006'), 0)).toEqual([]);
    expect(framer.push(Buffer.from('381333931\r'), 50)).toEqual([{ type: 'code', code: '4006381333931' }]);
    expect(framer.push(Buffer.from('9999'), 60)).toEqual([]);
    expect(framer.push(Buffer.from('12345670\r'), 500)).toEqual([
      { type: 'partial_dropped', discardedBytes: 4 },
      { type: 'code', code: '12345670' },
    ]);
  });
});

describe('stripAimIdentifier', () => {
  it('leaves codes without an identifier alone', () => {
    expect(stripAimIdentifier('5901234123457')).toEqual({ code: '5901234123457' });
    expect(stripAimIdentifier(']')).toEqual({ code: ']' });
  });
});
