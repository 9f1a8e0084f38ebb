import type { KitchenTicketDocument } from '../escpos/kitchen-ticket.js';
import type { ReceiptDocument } from '../escpos/receipt-document.js';

/** What can be printed: stored with each job as JSON so it can be re-rendered for another printer. */
export type PrintableDocument = ReceiptDocument | KitchenTicketDocument;

/**
 * queued → sending → sent-unconfirmed → done | failed.
 * - queued: never handed to a printer; safe to send (or reroute) as an original.
 * - sending: being written; after a crash it may have printed in part.
 * - sent-unconfirmed: handed over, no "printed" confirmation (yet); a resend must be a REPRINT.
 * - done: the printer confirmed it (or an operator did).
 * - failed: given up; `lastError` says why (and names the reprint job when one was made).
 */
export type PrintJobState = 'queued' | 'sending' | 'sent-unconfirmed' | 'done' | 'failed';

export type PrintJobKind = 'receipt' | 'kitchen' | 'test';

export interface PrintJob {
  id: string;
  /** The caller's key (e.g. "receipt:<orderId>"): submitting it again returns this job, never a second print. */
  idempotencyKey: string;
  printerId: string;
  /** "receipt", "kitchen:<station>" or "test": the routing decision, kept for rerouting. */
  route: string;
  kind: PrintJobKind;
  document: PrintableDocument;
  /** The exact bytes sent (without the end-of-job marker), for byte-identical audits and replays. */
  bytes: Uint8Array;
  profileId: string;
  state: PrintJobState;
  attempts: number;
  /** Set on a REPRINT copy: the job it copies. */
  reprintOf: string | null;
  orderId: string | null;
  lastError: string | null;
  createdAt: number;
  /**
   * Position in its printer's queue (then insertion order): the submit time, except that the REPRINT copy
   * of an interrupted job keeps the original's, so it prints before jobs submitted after the original.
   */
  queuedAt: number;
  updatedAt: number;
  doneAt: number | null;
}

export type NewPrintJob = Omit<PrintJob, 'attempts' | 'updatedAt' | 'doneAt' | 'lastError'> & { lastError?: string | null };

export interface PrintJobPatch {
  state?: PrintJobState;
  attempts?: number;
  lastError?: string | null;
  printerId?: string;
  profileId?: string;
  bytes?: Uint8Array;
  document?: PrintableDocument;
  doneAt?: number | null;
}
