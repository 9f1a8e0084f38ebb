import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from 500 ms and caps at 30 s; jitter stays within ±20 %', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 7, 20].map((n) => backoffDelay(n, DEFAULT_BACKOFF, mid))).toEqual([500, 1000, 2000, 4000, 30000, 30000]);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(400);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 1)).toBe(600);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 1)).toBe(30000);
  });
});
