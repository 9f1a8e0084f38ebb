/**
 * Version vectors: for each origin, the highest seq seen. They tell "issued after seeing X" from
 * "concurrent with X", which the HLC alone cannot (a later HLC may still not have seen an event).
 */
export type Vv = Readonly<Record<string, number>>;

export type VvOrder = 'before' | 'after' | 'concurrent' | 'equal';

/** Pointwise maximum: what a replica knows after hearing both. */
export function mergeVv(a: Vv, b: Vv): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const origin in b) {
    const seq = b[origin]!;
    if (seq > (out[origin] ?? 0)) out[origin] = seq;
  }
  return out;
}

/** `a` relative to `b`; a missing origin counts as 0, so {x: 0} equals {}. */
export function compareVv(a: Vv, b: Vv): VvOrder {
  let aAhead = false;
  let bAhead = false;
  for (const origin in a) if ((a[origin] ?? 0) > (b[origin] ?? 0)) aAhead = true;
  for (const origin in b) if ((b[origin] ?? 0) > (a[origin] ?? 0)) bAhead = true;
  if (aAhead && bAhead) return 'concurrent';
  if (aAhead) return 'after';
  if (bAhead) return 'before';
  return 'equal';
}

export function vvIncludes(vv: Vv, origin: string, seq: number): boolean {
  return (vv[origin] ?? 0) >= seq;
}

type Stamp = { origin: string; seq: number; vv: Vv };

/**
 * Whether `later`'s author had seen `earlier` when writing it. An origin always knows its own earlier
 * events; others are known through the vector. Two events where neither saw the other are concurrent.
 */
export function saw(later: Stamp, earlier: Pick<Stamp, 'origin' | 'seq'>): boolean {
  if (later.origin === earlier.origin) return later.seq > earlier.seq;
  return (later.vv[earlier.origin] ?? 0) >= earlier.seq;
}

export function concurrent(a: Stamp, b: Stamp): boolean {
  return !saw(a, b) && !saw(b, a);
}
