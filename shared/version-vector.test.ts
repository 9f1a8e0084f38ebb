import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVv, concurrent, mergeVv, saw, vvIncludes } from './version-vector.js';

const vvArb = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'web'), fc.nat({ max: 6 }), { maxKeys: 4 });
const flip = { before: 'after', after: 'before', concurrent: 'concurrent', equal: 'equal' } as const;

describe('version vectors', () => {
  it('compares before, after, concurrent and equal', () => {
    expect(compareVv({ a: 1 }, { a: 2 })).toBe('before');
    expect(compareVv({ a: 2, b: 1 }, { a: 2 })).toBe('after');
    expect(compareVv({ a: 2 }, { b: 1 })).toBe('concurrent');
    expect(compareVv({ a: 0 }, {})).toBe('equal');
  });

  it('merges pointwise', () => {
    expect(mergeVv({ a: 3, b: 1 }, { b: 4, c: 2 })).toEqual({ a: 3, b: 4, c: 2 });
  });

  it('knows an origin saw its own earlier events and others only through the vector', () => {
    const cancel = { origin: 'web', seq: 4, vv: { 'station-a': 7 } };
    expect(saw(cancel, { origin: 'web', seq: 3 })).toBe(true);
    expect(saw(cancel, { origin: 'station-a', seq: 7 })).toBe(true);
    expect(saw(cancel, { origin: 'station-a', seq: 8 })).toBe(false);
    expect(concurrent(cancel, { origin: 'kds', seq: 2, vv: { 'station-a': 7 } })).toBe(true);
    expect(vvIncludes({ a: 2 }, 'a', 3)).toBe(false);
  });

  it('is a lattice: merge is commutative, idempotent and an upper bound; compare is antisymmetric', () => {
    fc.assert(
      fc.property(vvArb, vvArb, (a, b) => {
        const m = mergeVv(a, b);
        expect(compareVv(m, mergeVv(b, a))).toBe('equal');
        expect(compareVv(mergeVv(m, m), m)).toBe('equal');
        expect(['after', 'equal']).toContain(compareVv(m, a));
        expect(compareVv(b, a)).toBe(flip[compareVv(a, b)]);
      }),
      { numRuns: 500 },
    );
  });
});
