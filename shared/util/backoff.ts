/**
 * The one retry-delay rule of the product: exponential growth from `initialMs` by `factor`, capped at
 * `maxMs`, with jitter so a shop's devices (or a fleet of stations that lost the server together) do
 * not all come back in the same instant.
 * - `jitter: 'full'`: a uniform delay in [0, ceiling) (network retries against a shared server).
 * - `jitter: 0.2`: ± that fraction around the ceiling (device reconnects, where waiting near zero is
 *   pointless because the cable is still out).
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  jitter: 'full' | number;
}

/** Device links: 500 ms doubling to 30 s, ±20 %. */
export const DEVICE_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };
/** Requests to the central server: 1 s doubling to 60 s, full jitter (a fleet must not come back in step). */
export const NETWORK_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 'full' };

/**
 * Delay before retry `attempt` (1-based: the delay after the first failure). `floorMs` is a lower bound
 * such as a server's Retry-After; it is still capped, so a hostile or buggy header cannot park a client
 * for hours.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random, floorMs = 0): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const jittered =
    policy.jitter === 'full'
      ? Math.floor(random() * ceiling)
      : Math.max(0, Math.round(Math.min(policy.maxMs, ceiling + ceiling * policy.jitter * (random() * 2 - 1))));
  return Math.min(policy.maxMs, Math.max(jittered, floorMs));
}
