import { describe, expect, it } from 'vitest';
import { backoffDelay, DEVICE_BACKOFF, NETWORK_BACKOFF } from './backoff.js';

describe('backoffDelay', () => {
  it('proportional jitter: doubles from 500 ms and caps at 30 s; jitter stays within ±20 %', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 7, 20].map((n) => backoffDelay(n, DEVICE_BACKOFF, mid))).toEqual([500, 1000, 2000, 4000, 30000, 30000]);
    expect(backoffDelay(1, DEVICE_BACKOFF, () => 0)).toBe(400);
    expect(backoffDelay(1, DEVICE_BACKOFF, () => 1)).toBe(600);
    expect(backoffDelay(10, DEVICE_BACKOFF, () => 1)).toBe(30000);
  });

  it('full jitter: uniform below a doubling ceiling capped at 60 s', () => {
    expect(backoffDelay(1, NETWORK_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelay(1, NETWORK_BACKOFF, () => 0.999)).toBe(999);
    expect(backoffDelay(3, NETWORK_BACKOFF, () => 0.5)).toBe(2000);
    expect(backoffDelay(40, NETWORK_BACKOFF, () => 0.999)).toBe(59940);
    expect(backoffDelay(0, NETWORK_BACKOFF, () => 0.5)).toBe(500);
  });

  it('a floor such as Retry-After wins over the jitter but never over the cap', () => {
    expect(backoffDelay(1, NETWORK_BACKOFF, () => 0, 5_000)).toBe(5_000);
    expect(backoffDelay(1, NETWORK_BACKOFF, () => 0, 3_600_000)).toBe(60_000);
  });
});
