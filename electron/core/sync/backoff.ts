export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(cap, base·2^(n-1))), so a fleet of
 * stations that lost the server together does not come back in lockstep. A server's Retry-After is a
 * floor, still capped: a hostile or buggy header cannot park a station for hours.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number, retryAfterMs = 0): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  const jittered = Math.floor(random() * ceiling);
  return Math.min(policy.capMs, Math.max(jittered, retryAfterMs));
}
