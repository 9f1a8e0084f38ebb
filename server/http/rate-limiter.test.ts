import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { addressKey, FixedWindowLimiter } from './rate-limiter.js';

describe('FixedWindowLimiter', () => {
  it('allows max hits per key and window, then says when to come back', () => {
    const clock = new ManualClock(0);
    const limiter = new FixedWindowLimiter(2, 1_000, clock);
    expect(limiter.hit('a')).toEqual({ ok: true });
    expect(limiter.exhausted('a')).toEqual({ ok: true });
    expect(limiter.hit('a')).toEqual({ ok: true });
    expect(limiter.exhausted('a')).toEqual({ ok: false, retryAfterMs: 1_000 });
    clock.advance(400);
    expect(limiter.hit('a')).toEqual({ ok: false, retryAfterMs: 600 });
    expect(limiter.hit('b')).toEqual({ ok: true });
    clock.advance(600);
    expect(limiter.hit('a')).toEqual({ ok: true });
  });
});

describe('addressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002:0:0:0:1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
