import { describe, expect, it } from 'vitest';
import { bearerChecker } from './auth.js';

describe('bearerChecker', () => {
  const check = bearerChecker('s3cret-token');

  it.each([
    ['Bearer s3cret-token', { ok: true }],
    ['bearer s3cret-token', { ok: true }],
    [undefined, { ok: false, reason: 'missing' }],
    ['', { ok: false, reason: 'missing' }],
    ['s3cret-token', { ok: false, reason: 'malformed' }],
    ['Bearer ', { ok: false, reason: 'malformed' }],
    ['Bearer a b', { ok: false, reason: 'malformed' }],
    ['Bearer s3cret-token2', { ok: false, reason: 'mismatch' }],
    ['Bearer s3cret', { ok: false, reason: 'mismatch' }],
  ])('%s → %o', (header, expected) => {
    expect(check(header)).toEqual(expected);
  });

  it('refuses to guard anything with an empty token', () => {
    expect(() => bearerChecker('')).toThrow(/empty/);
  });
});
