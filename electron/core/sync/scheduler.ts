/** Timers, injected so the sync engine can be driven step by step in tests. */
export interface Scheduler {
  schedule(delayMs: number, task: () => void): TimerHandle;
}

export interface TimerHandle {
  cancel(): void;
}

export const realScheduler: Scheduler = {
  schedule(delayMs, task) {
    const timer = setTimeout(task, Math.max(0, delayMs));
    // A pending retry must never keep a shutting-down process alive.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
