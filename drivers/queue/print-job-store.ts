import type { NewPrintJob, PrintJob, PrintJobPatch, PrintJobState } from './print-job.js';

/**
 * Where print jobs live. Synchronous on purpose: the station's SQLite (better-sqlite3) is synchronous,
 * and a job must be on disk before the caller is told it is queued.
 */
export interface PrintJobStore {
  /** Inserts unless a job with the same idempotency key exists, which is returned instead. */
  insert(job: NewPrintJob, now: number): { job: PrintJob; created: boolean };
  get(id: string): PrintJob | undefined;
  findByKey(idempotencyKey: string): PrintJob | undefined;
  /**
   * Applies `patch` only if the job is in one of `from` (compare-and-set), so two workers or a crash
   * recovery can never move a job twice. Returns the updated job, or undefined if it was not in `from`.
   */
  update(id: string, from: readonly PrintJobState[], patch: PrintJobPatch, now: number): PrintJob | undefined;
  /** The queued job for this printer with the smallest queuedAt (insertion order breaks ties). */
  nextQueued(printerId: string): PrintJob | undefined;
  /** Newest first. */
  list(filter?: { states?: readonly PrintJobState[]; printerId?: string; route?: string; limit?: number }): PrintJob[];
  /** How many REPRINT copies of this job exist. */
  countReprints(jobId: string): number;
}
