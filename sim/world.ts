import { fnv1a64 } from '../shared/canonical.js';
import type { Clock } from '../shared/clock.js';

interface Scheduled {
  at: number;
  order: number;
  label: string;
  run: () => void | Promise<void>;
  cancelled: boolean;
}

/** Wall time the first run of a process starts at. */
export const SIM_EPOCH_MS = 1_780_000_000_000;
const DAY_MS = 24 * 60 * 60_000;
let runsInProcess = 0;

/**
 * One queue decides everything that happens: every message delivery, timer and workload step is
 * an entry with a simulated time, run one at a time in (time, insertion) order. After each entry
 * the world lets the promise chains it started run to the point where they wait on another entry
 * (`settle`), so nothing happens between entries and the order of effects depends only on the seed.
 */
export class SimWorld {
  /**
   * Each run of a process starts a day after the previous one: event ids are seeded, so a seed run
   * twice makes the same ids, and ids are unique across the server's stores. Ids are time-ordered
   * UUIDv7s, so moving the whole run in time keeps their order, and nothing the stations decide
   * depends on the absolute date: a run behaves (and traces) the same whichever day it starts.
   */
  readonly startedAt = SIM_EPOCH_MS + (runsInProcess++ % 36_500) * DAY_MS;
  private current = this.startedAt;
  private counter = 0;
  private readonly queue: Scheduled[] = [];
  private traceHash = '';
  private readonly tail: string[] = [];
  /** Every trace line, when a debugging run asks for it (`--trace`). */
  readonly full: string[] | undefined;
  steps = 0;

  constructor(keepFullTrace = false) {
    this.full = keepFullTrace ? [] : undefined;
  }

  now(): number {
    return this.current;
  }

  at(time: number, label: string, run: () => void | Promise<void>): { cancel(): void } {
    const entry: Scheduled = { at: Math.max(time, this.current), order: this.counter++, label, run, cancelled: false };
    insertSorted(this.queue, entry);
    return { cancel: () => (entry.cancelled = true) };
  }

  after(delayMs: number, label: string, run: () => void | Promise<void>): { cancel(): void } {
    return this.at(this.current + Math.max(0, delayMs), label, run);
  }

  /** Notes a line in the trace: the hash of all lines is the run's fingerprint; the last few are kept for a failure report. */
  trace(line: string): void {
    const stamped = `${this.current - this.startedAt} ${line}`;
    this.traceHash = fnv1a64(this.traceHash + stamped);
    this.tail.push(stamped);
    this.full?.push(stamped);
    if (this.tail.length > 40) this.tail.shift();
  }

  get fingerprint(): string {
    return this.traceHash;
  }

  traceTail(): readonly string[] {
    return this.tail;
  }

  /** Runs entries until the queue is empty, `until` is passed, or `stop` says so (checked after each entry). */
  async run(until: number, stop: () => boolean = () => false): Promise<void> {
    for (;;) {
      const next = this.queue[0];
      if (next === undefined || next.at > until) {
        this.current = Math.max(this.current, until);
        return;
      }
      this.queue.shift();
      if (next.cancelled) continue;
      this.current = next.at;
      this.steps += 1;
      // Every step counts in the fingerprint; only notable lines go to the tail a failure prints.
      this.traceHash = fnv1a64(`${this.traceHash}${this.current - this.startedAt} ${next.label}`);
      await next.run();
      await settle();
      if (stop()) return;
    }
  }
}

/** A station's clock: the world's time plus its own skew (which the fault schedule moves). */
export class SkewedClock implements Clock {
  skewMs = 0;
  constructor(private readonly world: SimWorld) {}
  now(): number {
    return this.world.now() + this.skewMs;
  }
}

/**
 * Lets the promise chains started by an entry run until each waits on the queue again. The station
 * code under test is synchronous SQLite plus promise chains with `setImmediate` hops (the sync
 * engine's "let the request leave"); none of it waits on real I/O, so a fixed number of turns is enough.
 */
export async function settle(turns = 8): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function insertSorted(queue: Scheduled[], entry: Scheduled): void {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = queue[mid]!;
    if (other.at < entry.at || (other.at === entry.at && other.order < entry.order)) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, entry);
}
