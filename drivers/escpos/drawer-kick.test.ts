import { describe, expect, it } from 'vitest';
import { decodeEscPos } from './escpos-decoder.js';
import { hex } from './escpos-commands.js';
import { encodeDrawerKick, encodeRealtimeDrawerKick, pinNumber } from './drawer-kick.js';

describe('drawer kick bytes', () => {
  it('ESC p golden bytes and timings', () => {
    expect(hex(encodeDrawerKick())).toBe('1B 70 00 19 FA');
    expect(hex(encodeDrawerKick({ pin: pinNumber(5), onMs: 100, offMs: 100 }))).toBe('1B 70 01 32 32');
    expect(decodeEscPos(encodeDrawerKick({ pin: 1, onMs: 120, offMs: 240 })).drawerKicks).toEqual([{ pin: 1, onMs: 120, offMs: 240 }]);
    expect(() => encodeDrawerKick({ onMs: 0 })).toThrow(RangeError);
    expect(() => encodeDrawerKick({ offMs: 600 })).toThrow(RangeError);
  });

  it('DLE DC4 real-time pulse golden bytes', () => {
    expect(hex(encodeRealtimeDrawerKick())).toBe('10 14 01 00 01');
    expect(hex(encodeRealtimeDrawerKick({ pin: pinNumber(5), pulseMs: 300 }))).toBe('10 14 01 01 03');
    expect(decodeEscPos(encodeRealtimeDrawerKick({ pulseMs: 200 })).drawerKicks).toEqual([{ pin: 0, onMs: 200, offMs: 200 }]);
    expect(() => encodeRealtimeDrawerKick({ pulseMs: 900 })).toThrow(RangeError);
  });
});
