import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UUID_V7_PATTERN, uuidv7 } from './ids.js';

const random = (n: number) => new Uint8Array(randomBytes(n));

describe('uuidv7', () => {
  it('is a well-formed v7 UUID carrying the timestamp', () => {
    const id = uuidv7(0x0189_aabb_ccdd, random);
    expect(id).toMatch(UUID_V7_PATTERN);
    expect(id.startsWith('0189aabb-ccdd-7')).toBe(true);
  });

  it('sorts by creation time', () => {
    const ids = [1, 2, 1000, 1_700_000_000_000].map((ms) => uuidv7(ms, random));
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses a short random source', () => {
    expect(() => uuidv7(1, () => new Uint8Array(8))).toThrow(/16 bytes/);
  });
});
