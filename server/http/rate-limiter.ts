import { isIPv6 } from 'node:net';
import type { Clock } from '../../shared/clock.js';

/** Keys one window may hold; beyond it the oldest are forgotten (a flood of addresses cannot grow memory). */
const MAX_KEYS = 100_000;

/**
 * Fixed-window counters, one window for every key: at each window's end all counts start over, so
 * memory holds only the keys seen in the current window. Per instance, in memory.
 */
export class FixedWindowLimiter {
  private readonly counts = new Map<string, number>();
  private windowEndsAt = 0;

  constructor(
    readonly max: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit; answers how long until the key may try again when it is over its limit. */
  hit(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    this.roll();
    const count = (this.counts.get(key) ?? 0) + 1;
    if (!this.counts.has(key) && this.counts.size >= MAX_KEYS) {
      const oldest = this.counts.keys().next();
      if (oldest.done !== true) this.counts.delete(oldest.value);
    }
    this.counts.set(key, count);
    return count <= this.max ? { ok: true } : { ok: false, retryAfterMs: this.windowEndsAt - this.clock.now() };
  }

  /** Whether the key has used up its window, without counting. */
  exhausted(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    this.roll();
    return (this.counts.get(key) ?? 0) < this.max ? { ok: true } : { ok: false, retryAfterMs: this.windowEndsAt - this.clock.now() };
  }

  private roll(): void {
    const now = this.clock.now();
    if (now < this.windowEndsAt) return;
    this.counts.clear();
    this.windowEndsAt = now + this.windowMs;
  }
}

/**
 * The rate-limit key of a client address. An IPv6 host usually holds a whole /64, so one bucket per
 * /64; an IPv4-mapped address counts as its IPv4 address.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(bare)) return bare;
  const [head = '', tail] = bare.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // A dotted IPv4 tail (`64:ff9b::192.0.2.1`) stands for two groups.
  const tailWidth = tailGroups.reduce((width, group) => width + (group.includes('.') ? 2 : 1), 0);
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailWidth).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
