import { describe, expect, it } from 'vitest';
import { findNul, withoutNul } from './nul.js';

describe('findNul', () => {
  it('finds nothing in clean values', () => {
    expect(findNul({ a: 'x', b: [1, 'y', { c: null }], d: true })).toBeUndefined();
    expect(findNul('plain')).toBeUndefined();
    expect(findNul(42)).toBeUndefined();
  });

  it('names the path of the first NUL, through objects and arrays', () => {
    expect(findNul('a\u0000b')).toBe('(root)');
    expect(findNul({ payload: { lines: [{ name: 'ok' }, { name: 'bad\u0000' }] } })).toBe('payload.lines.1.name');
    expect(findNul([['x', 'y\u0000']])).toBe('0.1');
  });

  it('reports a NUL inside a key, escaped so the message stays printable', () => {
    expect(findNul({ outer: { 'k\u0000y': 1 } })).toBe('outer.k\\u0000y');
  });
});

describe('withoutNul', () => {
  it('replaces NUL in keys and values with U+FFFD', () => {
    expect(withoutNul({ 'a\u0000': ['b\u0000c'] })).toEqual({ 'a\uFFFD': ['b\uFFFDc'] });
  });
});
