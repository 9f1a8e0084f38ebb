import { describe, expect, it } from 'vitest';
import { asbFrame, paperStatusReply, READY_CONDITION, realtimeStatusByte } from './realtime-status.js';
import {
  drawerState,
  isAsbFrame,
  isRealtimeStatusByte,
  parseAsb,
  parsePaperStatusReply,
  parseRealtimeStatus,
  readinessOf,
  statusFromAsb,
  statusFromRealtime,
  type ErrorCauseBits,
  type OfflineCauseBits,
  type PaperSensorBits,
  type PrinterStatusBits,
} from './status.js';
import { jobDoneId, jobDoneRequest, realtimeStatusRequest } from './status-commands.js';
import { PrinterResponseParser } from './status-stream.js';
import { hex } from './escpos-commands.js';

const s1 = (byte: number) => parseRealtimeStatus(1, byte) as PrinterStatusBits;
const s2 = (byte: number) => parseRealtimeStatus(2, byte) as OfflineCauseBits;
const s3 = (byte: number) => parseRealtimeStatus(3, byte) as ErrorCauseBits;
const s4 = (byte: number) => parseRealtimeStatus(4, byte) as PaperSensorBits;

describe('real-time status bytes (DLE EOT n)', () => {
  it('accepts only 0xx1xx10 (python-escpos vectors)', () => {
    for (const ok of [0x12, 0x7e, 0x16, 0x1a, 0x32, 0x72]) expect(isRealtimeStatusByte(ok), hex([ok])).toBe(true);
    for (const bad of [0x10, 0x81, 0x80, 0x02, 0x00, 0x13, 0x92]) expect(isRealtimeStatusByte(bad), hex([bad])).toBe(false);
    expect(parseRealtimeStatus(1, 0x10)).toBeUndefined();
  });

  it('DLE EOT 1: every bit', () => {
    expect(s1(0x12)).toEqual({ n: 1, drawerPinHigh: false, offline: false, waitingForOnlineRecovery: false, feedButtonPressed: false });
    expect(s1(0x16).drawerPinHigh).toBe(true); // bit 2
    expect(s1(0x1a).offline).toBe(true); // bit 3
    expect(s1(0x32).waitingForOnlineRecovery).toBe(true); // bit 5
    expect(s1(0x52).feedButtonPressed).toBe(true); // bit 6
    expect(s1(0x7e)).toEqual({ n: 1, drawerPinHigh: true, offline: true, waitingForOnlineRecovery: true, feedButtonPressed: true });
  });

  it('DLE EOT 2: every bit', () => {
    expect(s2(0x12)).toEqual({ n: 2, coverOpen: false, feedingByButton: false, paperEndStop: false, errorOccurred: false });
    expect(s2(0x16).coverOpen).toBe(true); // bit 2
    expect(s2(0x1a).feedingByButton).toBe(true); // bit 3
    expect(s2(0x32).paperEndStop).toBe(true); // bit 5
    expect(s2(0x52).errorOccurred).toBe(true); // bit 6
  });

  it('DLE EOT 3: every bit', () => {
    expect(s3(0x12)).toEqual({
      n: 3,
      mechanicalError: false,
      autocutterError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
    });
    expect(s3(0x16).mechanicalError).toBe(true); // bit 2
    expect(s3(0x1a).autocutterError).toBe(true); // bit 3
    expect(s3(0x32).unrecoverableError).toBe(true); // bit 5
    expect(s3(0x52).autoRecoverableError).toBe(true); // bit 6
  });

  it('DLE EOT 4: near end (bits 2-3) and paper end (bits 5-6)', () => {
    expect(s4(0x12)).toEqual({ n: 4, nearEnd: false, paperEnd: false });
    expect(s4(0x1e)).toEqual({ n: 4, nearEnd: true, paperEnd: false });
    expect(s4(0x72)).toEqual({ n: 4, nearEnd: false, paperEnd: true });
    expect(s4(0x7e)).toEqual({ n: 4, nearEnd: true, paperEnd: true });
    expect(s4(0x16).nearEnd).toBe(true);
    expect(s4(0x32).paperEnd).toBe(true);
  });

  it('folds "out of paper" 1A / 32 / 7E into paper-out, and a cover open into cover-open', () => {
    const out = statusFromRealtime(s1(0x1a), s2(0x32), s4(0x7e));
    expect(out).toEqual({ online: false, coverOpen: false, paper: 'out', error: 'none', drawerPinHigh: false });
    expect(readinessOf(out)).toBe('paper-out');
    const cover = statusFromRealtime(s1(0x1a), s2(0x16), s4(0x12));
    expect(readinessOf(cover)).toBe('cover-open');
    const ready = statusFromRealtime(s1(0x12), s2(0x12), s4(0x12));
    expect(readinessOf(ready)).toBe('ready');
    const nearEnd = statusFromRealtime(s1(0x12), s2(0x12), s4(0x1e));
    expect([nearEnd.paper, readinessOf(nearEnd)]).toEqual(['near-end', 'ready']);
    const cutter = statusFromRealtime(s1(0x1a), s2(0x52), s4(0x12), s3(0x1a));
    expect([cutter.error, readinessOf(cutter)]).toEqual(['autocutter', 'error']);
    expect(readinessOf(statusFromRealtime(s1(0x1a), s2(0x12), s4(0x12)))).toBe('offline');
  });
});

describe('Automatic Status Back frames', () => {
  it('recognises the reference frames', () => {
    expect(statusFromAsb(parseAsb([0x10, 0x00, 0x00, 0x00])!)).toEqual({
      online: true,
      coverOpen: false,
      paper: 'ok',
      error: 'none',
      drawerPinHigh: false,
    });
    expect(readinessOf(statusFromAsb(parseAsb([0x30, 0x00, 0x00, 0x00])!))).toBe('cover-open');
    expect(readinessOf(statusFromAsb(parseAsb([0x10, 0x00, 0x0c, 0x00])!))).toBe('paper-out');
    expect(statusFromAsb(parseAsb([0x10, 0x08, 0x00, 0x00])!).error).toBe('autocutter');
  });

  it('decodes every bit', () => {
    const bits: [number[], keyof NonNullable<ReturnType<typeof parseAsb>>][] = [
      [[0x14, 0, 0, 0], 'drawerPinHigh'],
      [[0x18, 0, 0, 0], 'offline'],
      [[0x30, 0, 0, 0], 'coverOpen'],
      [[0x50, 0, 0, 0], 'feedButtonPressed'],
      [[0x10, 0x01, 0, 0], 'waitingForOnlineRecovery'],
      [[0x10, 0x02, 0, 0], 'feedButtonError'],
      [[0x10, 0x04, 0, 0], 'mechanicalError'],
      [[0x10, 0x08, 0, 0], 'autocutterError'],
      [[0x10, 0x20, 0, 0], 'unrecoverableError'],
      [[0x10, 0x40, 0, 0], 'autoRecoverableError'],
      [[0x10, 0, 0x03, 0], 'paperNearEnd'],
      [[0x10, 0, 0x0c, 0], 'paperEnd'],
    ];
    for (const [frame, name] of bits) {
      const status = parseAsb(frame)!;
      const set = Object.entries(status)
        .filter(([, v]) => v)
        .map(([k]) => k);
      expect(set, hex(frame)).toEqual([name]);
    }
  });

  it('rejects frames that break the fixed bits', () => {
    expect(isAsbFrame([0x12, 0, 0, 0])).toBe(false);
    expect(isAsbFrame([0x10, 0x10, 0, 0])).toBe(false);
    expect(isAsbFrame([0x10, 0, 0])).toBe(false);
  });

  it('GS r 1 replies: paper bits, with bits 4 and 7 fixed 0', () => {
    expect(parsePaperStatusReply(0x00)).toEqual({ nearEnd: false, paperEnd: false });
    expect(parsePaperStatusReply(0x03)).toEqual({ nearEnd: true, paperEnd: false });
    expect(parsePaperStatusReply(0x0f)).toEqual({ nearEnd: true, paperEnd: true });
    expect(parsePaperStatusReply(0x12)).toBeUndefined();
  });
});

describe('simulated printer replies agree with the parser', () => {
  it('for every condition', () => {
    const conditions = [
      READY_CONDITION,
      { ...READY_CONDITION, paper: 'out' as const },
      { ...READY_CONDITION, paper: 'near_end' as const },
      { ...READY_CONDITION, coverOpen: true },
      { ...READY_CONDITION, drawerPinHigh: true },
      { ...READY_CONDITION, error: 'autocutter' as const },
      { ...READY_CONDITION, error: 'unrecoverable' as const },
    ];
    for (const condition of conditions) {
      const byte = (n: 1 | 2 | 3 | 4) => realtimeStatusByte(n, condition) ?? 0;
      const fromRealtime = statusFromRealtime(s1(byte(1)), s2(byte(2)), s4(byte(4)), s3(byte(3)));
      const fromAsb = statusFromAsb(parseAsb(asbFrame(condition))!);
      expect(fromAsb, JSON.stringify(condition)).toEqual(fromRealtime);
      expect(parsePaperStatusReply(paperStatusReply(condition))?.paperEnd).toBe(condition.paper === 'out');
    }
    expect([1, 2, 4].map((n) => realtimeStatusByte(n, { ...READY_CONDITION, paper: 'out' }))).toEqual([0x1a, 0x32, 0x7e]);
  });

  it('drawer polarity is configurable', () => {
    expect(drawerState(true, 'open-when-high')).toBe('open');
    expect(drawerState(false, 'open-when-high')).toBe('closed');
    expect(drawerState(true, 'open-when-low')).toBe('closed');
    expect(drawerState(false, 'open-when-low')).toBe('open');
  });
});

describe('status requests', () => {
  it('golden bytes', () => {
    expect(hex(realtimeStatusRequest(4))).toBe('10 04 04');
    expect(hex(jobDoneRequest('00A1'))).toBe('1D 28 48 06 00 30 30 30 30 41 31');
    expect(jobDoneId(37)).toBe('0011');
    expect(jobDoneId(36 ** 4 + 1)).toBe('0001');
    expect(() => jobDoneRequest('é123')).toThrow(RangeError);
  });
});

describe('PrinterResponseParser', () => {
  it('splits a mixed stream, even byte by byte', () => {
    const stream = [
      0x12,
      0x10,
      0x00,
      0x0c,
      0x00,
      0x37,
      0x22,
      0x30,
      0x30,
      0x41,
      0x31,
      0x00,
      0x00,
      0x5f,
      ...Buffer.from('TM-T88V'),
      0x00,
      0x7e,
    ];
    const expected = [
      { type: 'realtime', byte: 0x12 },
      { type: 'asb', frame: Uint8Array.of(0x10, 0x00, 0x0c, 0x00) },
      { type: 'jobDone', id: '00A1' },
      { type: 'transmitStatus', byte: 0x00 },
      { type: 'block', header: 0x5f, text: 'TM-T88V' },
      { type: 'realtime', byte: 0x7e },
    ];
    const whole = new PrinterResponseParser().push(Uint8Array.from(stream));
    expect(whole).toMatchObject(expected);
    const parser = new PrinterResponseParser();
    const split = stream.flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(split).toMatchObject(expected);
  });

  it('treats a broken ASB start as noise and recovers', () => {
    expect(new PrinterResponseParser().push(Uint8Array.of(0x10, 0x12, 0x0f))).toEqual([
      { type: 'noise', byte: 0x10 },
      { type: 'realtime', byte: 0x12 },
      { type: 'transmitStatus', byte: 0x0f },
    ]);
    expect(new PrinterResponseParser().push(Uint8Array.of(0x81))).toEqual([{ type: 'noise', byte: 0x81 }]);
  });
});
