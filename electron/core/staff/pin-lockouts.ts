import type { Clock } from '../../../shared/clock.js';
import type { Db } from '../db/open-database.js';

/**
 * How wrong PINs slow a guesser: `threshold` wrong PINs in a row pause PIN entry for `baseMs`; every
 * further wrong PIN (once the pause is over) doubles the pause, up to the key's cap. A client's cap is
 * long (one caller guessing), a person's short: a caller hammering one person's name is itself
 * throttled by its client key, so it can keep that person paused only a small share of the time.
 */
export interface LockoutPolicy {
  threshold: number;
  baseMs: number;
  clientCapMs: number;
  staffCapMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { threshold: 5, baseMs: 30_000, clientCapMs: 60 * 60_000, staffCapMs: 5 * 60_000 };

export type LockoutKey = { kind: 'client'; id: string } | { kind: 'staff'; id: string };

const keyText = (key: LockoutKey) => `${key.kind}:${key.id}`;

export interface FailureOutcome {
  failures: number;
  /** ms since the epoch; 0 when this wrong PIN did not pause entry. */
  lockedUntil: number;
}

/** The pause after the `failures`-th wrong PIN in a row: 0 below the threshold, then doubling to the cap. */
export function pauseAfter(failures: number, capMs: number, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): number {
  if (failures < policy.threshold) return 0;
  const doublings = Math.min(failures - policy.threshold, 40);
  return Math.min(policy.baseMs * 2 ** doublings, capMs);
}

/** Wrong-PIN counters in the station database (migration 12), so a restart does not reset them. */
export class PinLockouts {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(
    db: Db,
    private readonly clock: Clock,
    readonly policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ) {
    this.select = db.prepare<[string], { failures: number; locked_until: number }>(
      'SELECT failures, locked_until FROM pin_lockouts WHERE key = ?',
    );
    this.upsert = db.prepare<[string, number, number, number]>(
      `INSERT INTO pin_lockouts (key, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare<[string]>('DELETE FROM pin_lockouts WHERE key = ?');
  }

  /** The latest time any of `keys` is paused until, when that is still ahead; undefined when none is. */
  lockedUntil(keys: readonly LockoutKey[]): number | undefined {
    const now = this.clock.now();
    let until: number | undefined;
    for (const key of keys) {
      const row = this.select.get(keyText(key));
      if (row && row.locked_until > now && (until === undefined || row.locked_until > until)) until = row.locked_until;
    }
    return until;
  }

  /** Counts a wrong PIN against `key`, pausing it when the count reaches the policy's threshold. */
  fail(key: LockoutKey): FailureOutcome {
    const now = this.clock.now();
    const failures = (this.select.get(keyText(key))?.failures ?? 0) + 1;
    const pause = pauseAfter(failures, key.kind === 'client' ? this.policy.clientCapMs : this.policy.staffCapMs, this.policy);
    const lockedUntil = pause > 0 ? now + pause : 0;
    this.upsert.run(keyText(key), failures, lockedUntil, now);
    return { failures, lockedUntil };
  }

  /** A right PIN: the key starts over. */
  succeed(key: LockoutKey): void {
    this.remove.run(keyText(key));
  }

  failures(key: LockoutKey): number {
    return this.select.get(keyText(key))?.failures ?? 0;
  }
}
