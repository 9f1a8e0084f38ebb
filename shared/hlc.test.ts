import { describe, expect, it } from 'vitest';
import { compareHlc, decodeHlc, encodeHlc, HLC_ZERO, receiveHlc, tickHlc } from './hlc.js';

describe('hybrid logical clock', () => {
  it('encodes so that string order is clock order', () => {
    const clocks = [
      { wallMs: 5, counter: 0 },
      { wallMs: 5, counter: 12 },
      { wallMs: 1_700_000_000_000, counter: 0 },
      { wallMs: 1_700_000_000_000, counter: 3 },
      { wallMs: 1_700_000_000_001, counter: 0 },
    ];
    const encoded = clocks.map(encodeHlc);
    expect([...encoded].sort()).toEqual(encoded);
    for (const c of clocks) expect(decodeHlc(encodeHlc(c))).toEqual(c);
    expect(() => decodeHlc('12-3')).toThrow(/malformed/);
  });

  it('never goes backwards when the wall clock does', () => {
    const a = tickHlc(HLC_ZERO, 1000);
    const b = tickHlc(a, 900);
    const c = tickHlc(b, 900);
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(compareHlc(b, c)).toBeLessThan(0);
    expect(tickHlc(c, 2000)).toEqual({ wallMs: 2000, counter: 0 });
  });

  it('moves past a received clock so later local events sort after it', () => {
    const local = { wallMs: 1000, counter: 4 };
    const remote = { wallMs: 1500, counter: 7 };
    const merged = receiveHlc(local, remote, 1200, 60_000);
    expect(merged).toEqual({ ok: true, hlc: { wallMs: 1500, counter: 8 } });
    if (merged.ok) expect(compareHlc(tickHlc(merged.hlc, 1200), remote)).toBeGreaterThan(0);
  });

  it('refuses a remote clock beyond the drift bound', () => {
    const result = receiveHlc(HLC_ZERO, { wallMs: 100_000, counter: 0 }, 1_000, 60_000);
    expect(result).toEqual({ ok: false, reason: 'remote clock is 99000 ms ahead of ours (limit 60000 ms)' });
  });

  it('borrows the next millisecond instead of overflowing the counter', () => {
    expect(tickHlc({ wallMs: 10, counter: 99_999 }, 10)).toEqual({ wallMs: 11, counter: 0 });
  });
});
