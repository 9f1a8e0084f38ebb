import type { ManualClock } from '../../../shared/clock.js';
import type { Scheduler, TimerHandle } from '../sync/scheduler.js';

interface Pending {
  dueAt: number;
  task: () => void;
  cancelled: boolean;
}

/** Timers that fire only when a test advances the manual clock: deterministic retry schedules. */
export class ManualScheduler implements Scheduler {
  private readonly pending: Pending[] = [];

  constructor(private readonly clock: ManualClock) {}

  schedule(delayMs: number, task: () => void): TimerHandle {
    const entry: Pending = { dueAt: this.clock.now() + Math.max(0, delayMs), task, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => (entry.cancelled = true) };
  }

  /** Delays of the timers still waiting, from now. */
  delays(): number[] {
    return this.live().map((p) => p.dueAt - this.clock.now());
  }

  /** Moves the clock to the next timer and fires it; returns the delay that elapsed. */
  fireNext(): number {
    const next = this.live().sort((a, b) => a.dueAt - b.dueAt)[0];
    if (!next) throw new Error('no timer is pending');
    const elapsed = Math.max(0, next.dueAt - this.clock.now());
    this.clock.advance(elapsed);
    next.cancelled = true;
    next.task();
    return elapsed;
  }

  private live(): Pending[] {
    return this.pending.filter((p) => !p.cancelled);
  }
}

/** Lets promise callbacks and socket I/O queued by a fired timer run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
