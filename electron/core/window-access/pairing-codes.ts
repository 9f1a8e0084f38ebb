import { randomInt } from 'node:crypto';
import type { Clock } from '../../../shared/clock.js';
import type { PairableRole, PairingCodeView } from '../../../shared/ipc/commands/windows.js';

export interface PairingCodeLimits {
  /** How long a code can be used after it is shown. */
  ttlMs: number;
  /** Wrong codes tolerated (from anyone) before every pending code is withdrawn. */
  maxFailures: number;
  /** Codes outstanding at once; the oldest goes when another is asked for. */
  maxPending: number;
}

export const DEFAULT_PAIRING_LIMITS: PairingCodeLimits = { ttlMs: 5 * 60_000, maxFailures: 10, maxPending: 4 };

export type Redemption = { ok: true; role: PairableRole } | { ok: false; reason: 'invalid' | 'locked' };

const CODE_DIGITS = 6;

/**
 * Short codes a person reads off the counter and types on a tablet. Six digits are only safe because
 * guessing is bounded: after `maxFailures` wrong codes every pending code is withdrawn and the next
 * guess has nothing to hit until the counter shows a new one, so a LAN attacker gets at most
 * `maxFailures` tries per code (10 in a million by default). Single use, short-lived, in memory only:
 * a restart withdraws them all.
 */
export class PairingCodes {
  private readonly pending = new Map<string, { role: PairableRole; expiresAt: number }>();
  private failures = 0;
  private locked = false;

  constructor(
    private readonly clock: Clock,
    private readonly limits: PairingCodeLimits = DEFAULT_PAIRING_LIMITS,
  ) {}

  issue(role: PairableRole): PairingCodeView {
    this.prune();
    let code: string;
    do code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    while (this.pending.has(code));
    while (this.pending.size >= this.limits.maxPending) this.pending.delete(this.pending.keys().next().value!);
    const expiresAt = this.clock.now() + this.limits.ttlMs;
    this.pending.set(code, { role, expiresAt });
    // A code shown by someone at the counter starts a fresh allowance.
    this.failures = 0;
    this.locked = false;
    return { code, role, expiresAt };
  }

  redeem(input: string): Redemption {
    this.prune();
    if (this.locked) return { ok: false, reason: 'locked' };
    const code = input.replace(/[\s-]/g, '');
    const entry = this.pending.get(code);
    if (!entry) {
      this.failures++;
      if (this.failures >= this.limits.maxFailures) {
        this.pending.clear();
        this.locked = true;
      }
      return { ok: false, reason: 'invalid' };
    }
    this.pending.delete(code);
    return { ok: true, role: entry.role };
  }

  view(): { pendingCodes: PairingCodeView[]; failedAttempts: number } {
    this.prune();
    return {
      pendingCodes: [...this.pending].map(([code, { role, expiresAt }]) => ({ code, role, expiresAt })),
      failedAttempts: this.failures,
    };
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [code, { expiresAt }] of this.pending) if (expiresAt <= now) this.pending.delete(code);
  }
}
