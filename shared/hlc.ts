/**
 * Hybrid logical clock: physical milliseconds plus a counter, so causally later events always sort
 * later even when wall clocks disagree. Encoded fixed-width so string order equals clock order.
 */
export interface Hlc {
  wallMs: number;
  counter: number;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
export const HLC_PATTERN = /^\d{15}-\d{5}$/;

export const HLC_ZERO: Hlc = { wallMs: 0, counter: 0 };

export function encodeHlc(hlc: Hlc): string {
  return `${hlc.wallMs.toString().padStart(WALL_DIGITS, '0')}-${hlc.counter.toString().padStart(COUNTER_DIGITS, '0')}`;
}

export function decodeHlc(text: string): Hlc {
  if (!HLC_PATTERN.test(text)) throw new Error(`malformed HLC "${text}"`);
  return { wallMs: Number(text.slice(0, WALL_DIGITS)), counter: Number(text.slice(WALL_DIGITS + 1)) };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wallMs !== b.wallMs ? a.wallMs - b.wallMs : a.counter - b.counter;
}

function bump(wallMs: number, counter: number): Hlc {
  // A counter overflow can only happen under a burst of >99,999 events in one millisecond; borrowing
  // the next millisecond keeps the clock monotonic instead of failing the write.
  return counter > MAX_COUNTER ? { wallMs: wallMs + 1, counter: 0 } : { wallMs, counter };
}

/** The timestamp for a new local event. */
export function tickHlc(last: Hlc, physicalMs: number): Hlc {
  if (physicalMs > last.wallMs) return { wallMs: physicalMs, counter: 0 };
  return bump(last.wallMs, last.counter + 1);
}

export type HlcReceive = { ok: true; hlc: Hlc } | { ok: false; reason: string };

/**
 * Merges a remote timestamp into the local clock. A remote clock further ahead of ours than
 * `maxDriftMs` is refused: accepting it would drag every later local event into the future.
 */
export function receiveHlc(local: Hlc, remote: Hlc, physicalMs: number, maxDriftMs: number): HlcReceive {
  if (remote.wallMs - physicalMs > maxDriftMs) {
    return {
      ok: false,
      reason: `remote clock is ${remote.wallMs - physicalMs} ms ahead of ours (limit ${maxDriftMs} ms)`,
    };
  }
  const wallMs = Math.max(local.wallMs, remote.wallMs, physicalMs);
  let counter: number;
  if (wallMs === local.wallMs && wallMs === remote.wallMs) counter = Math.max(local.counter, remote.counter) + 1;
  else if (wallMs === local.wallMs) counter = local.counter + 1;
  else if (wallMs === remote.wallMs) counter = remote.counter + 1;
  else counter = 0;
  return { ok: true, hlc: bump(wallMs, counter) };
}
