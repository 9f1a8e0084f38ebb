/**
 * Canonical JSON (object keys sorted, undefined members dropped) and a 64-bit FNV-1a hash of it:
 * two replicas compare folded orders by hash, so the encoding must not depend on key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

const PRIME_LO = 0x1b3;
const PRIME_HI = 0x100;

/** FNV-1a 64 over UTF-16 code units, as 16 hex digits; 32-bit halves keep it exact without BigInt. */
export function fnv1a64(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    // Multiply the 64-bit state (four 16-bit limbs) by the FNV prime 2^40 + 0x1b3.
    const t0 = h0 * PRIME_LO;
    const t1 = h1 * PRIME_LO;
    const t2 = h2 * PRIME_LO + h0 * PRIME_HI;
    const t3 = h3 * PRIME_LO + h1 * PRIME_HI;
    h0 = t0 & 0xffff;
    const c1 = t1 + (t0 >>> 16);
    h1 = c1 & 0xffff;
    const c2 = t2 + Math.floor(c1 / 0x10000);
    h2 = c2 & 0xffff;
    h3 = (t3 + Math.floor(c2 / 0x10000)) & 0xffff;
  }
  return [h3, h2, h1, h0].map((h) => h.toString(16).padStart(4, '0')).join('');
}

export function canonicalHash(value: unknown): string {
  return fnv1a64(canonicalJson(value));
}
