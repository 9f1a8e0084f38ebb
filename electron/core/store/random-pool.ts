import type { RandomBytes } from '../../../shared/ids.js';

/** Random bytes drawn from the source at a time: 256 ids' worth per call instead of one. */
const RANDOM_POOL_BYTES = 4096;

/**
 * Serves small random reads from a larger buffer filled by `source`. Each draw from a CSPRNG has a
 * fixed cost (Node's own randomUUID pools for the same reason); ids need unique bytes, not a call each.
 */
export function pooledRandom(source: RandomBytes, poolBytes = RANDOM_POOL_BYTES): RandomBytes {
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return (n) => {
    if (n > poolBytes) return source(n);
    if (offset + n > pool.length) {
      pool = source(poolBytes);
      offset = 0;
    }
    const bytes = pool.slice(offset, offset + n);
    offset += n;
    return bytes;
  };
}
