import type { NewPrintJob, PrintJob, PrintJobPatch, PrintJobState } from './print-job.js';
import type { PrintJobStore } from './print-job-store.js';

const copy = (job: PrintJob): PrintJob => ({ ...job, bytes: Uint8Array.from(job.bytes), document: structuredClone(job.document) });

/** The in-memory PrintJobStore for tests and for a station run without a database. */
export class MemoryPrintJobStore implements PrintJobStore {
  readonly #jobs: PrintJob[] = [];

  insert(job: NewPrintJob, now: number): { job: PrintJob; created: boolean } {
    const existing = this.#jobs.find((j) => j.idempotencyKey === job.idempotencyKey);
    if (existing) return { job: copy(existing), created: false };
    if (this.#jobs.some((j) => j.id === job.id)) throw new Error(`print job ${job.id} already exists`);
    const stored: PrintJob = { ...job, lastError: job.lastError ?? null, attempts: 0, updatedAt: now, doneAt: null };
    this.#jobs.push(copy(stored));
    return { job: copy(stored), created: true };
  }

  get(id: string): PrintJob | undefined {
    const job = this.#jobs.find((j) => j.id === id);
    return job && copy(job);
  }

  findByKey(idempotencyKey: string): PrintJob | undefined {
    const job = this.#jobs.find((j) => j.idempotencyKey === idempotencyKey);
    return job && copy(job);
  }

  update(id: string, from: readonly PrintJobState[], patch: PrintJobPatch, now: number): PrintJob | undefined {
    const index = this.#jobs.findIndex((j) => j.id === id);
    const job = this.#jobs[index];
    if (!job || !from.includes(job.state)) return undefined;
    const updated: PrintJob = { ...job, ...patch, updatedAt: now };
    this.#jobs[index] = copy(updated);
    return copy(updated);
  }

  nextQueued(printerId: string): PrintJob | undefined {
    let next: PrintJob | undefined;
    for (const job of this.#jobs) {
      if (job.printerId !== printerId || job.state !== 'queued') continue;
      if (!next || job.queuedAt < next.queuedAt) next = job;
    }
    return next && copy(next);
  }

  list(filter: { states?: readonly PrintJobState[]; printerId?: string; route?: string; limit?: number } = {}): PrintJob[] {
    return this.#jobs
      .filter(
        (j) =>
          (!filter.states || filter.states.includes(j.state)) &&
          (!filter.printerId || j.printerId === filter.printerId) &&
          (!filter.route || j.route === filter.route),
      )
      .reverse()
      .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
      .map(copy);
  }

  countReprints(jobId: string): number {
    return this.#jobs.filter((j) => j.reprintOf === jobId).length;
  }
}
