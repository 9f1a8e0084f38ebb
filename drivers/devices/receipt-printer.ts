import { silentLogger, type Logger } from '../../shared/logger.js';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from '../escpos/printer-profile.js';
import type { ReceiptDocument } from '../escpos/receipt-document.js';
import { encodeReceipt } from '../escpos/receipt-encoder.js';
import { TransportError, describeCloseReason, type Transport, type TransportCloseReason } from '../transport/transport.js';

export interface PrintOptions {
  /** The durable print job this belongs to; only used for log correlation here. */
  jobId?: string;
}

export interface PrintResult {
  bytes: number;
}

/**
 * Where a print failed decides what the job may do next: before 'write' nothing reached the printer,
 * so a retry is a first print; during 'write' some bytes may have printed, so a retry is a REPRINT.
 */
export type PrintPhase = 'encode' | 'open' | 'write';

export class PrintError extends Error {
  override readonly name = 'PrintError';

  constructor(
    readonly deviceId: string,
    readonly jobId: string | undefined,
    readonly phase: PrintPhase,
    /** Absent for encode failures (a bad document, not a device problem). */
    readonly reason: TransportCloseReason | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when no byte of this job can have reached the printer. */
  get nothingSent(): boolean {
    return this.phase !== 'write';
  }
}

export interface ReceiptPrinterOptions {
  transport: Transport;
  deviceId?: string;
  profile?: PrinterProfile;
  logger?: Logger;
}

/** A receipt printer on any transport: one job at a time, opened on first use and reopened after a loss. */
export class ReceiptPrinter {
  readonly deviceId: string;
  readonly #transport: Transport;
  readonly #profile: PrinterProfile;
  readonly #log: Logger;
  #tail: Promise<unknown> = Promise.resolve();
  readonly #unsubscribeClose: () => void;

  constructor(options: ReceiptPrinterOptions) {
    this.#transport = options.transport;
    this.deviceId = options.deviceId ?? options.transport.id;
    this.#profile = options.profile ?? DEFAULT_PRINTER_PROFILE;
    this.#log = (options.logger ?? silentLogger).child({ deviceId: this.deviceId });
    this.#unsubscribeClose = this.#transport.onClose((reason) => {
      if (reason.kind !== 'closed') this.#log.warn({ reason: reason.kind }, 'printer connection lost');
    });
  }

  get profile(): PrinterProfile {
    return this.#profile;
  }

  print(doc: ReceiptDocument, options: PrintOptions = {}): Promise<PrintResult> {
    let bytes: Uint8Array;
    try {
      bytes = encodeReceipt(doc, this.#profile);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#log.error({ jobId: options.jobId, err: message }, 'receipt could not be encoded');
      return Promise.reject(new PrintError(this.deviceId, options.jobId, 'encode', undefined, message, { cause: error }));
    }
    return this.printEncoded(bytes, options);
  }

  /** Sends already-encoded bytes (a stored job's exact bytes) through the same queue. */
  printEncoded(bytes: Uint8Array, options: PrintOptions = {}): Promise<PrintResult> {
    // Jobs chain on the tail so two prints never interleave bytes, and a failed job does not block the next.
    const job = this.#tail.then(() => this.#send(bytes, options.jobId));
    this.#tail = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    this.#unsubscribeClose();
    await this.#tail;
    await this.#transport.close();
  }

  async #send(bytes: Uint8Array, jobId: string | undefined): Promise<PrintResult> {
    const log = jobId === undefined ? this.#log : this.#log.child({ jobId });
    await this.#step('open', jobId, log, () => this.#transport.open());
    await this.#step('write', jobId, log, () => this.#transport.write(bytes));
    log.info({ bytes: bytes.length }, 'receipt sent to printer');
    return { bytes: bytes.length };
  }

  async #step(phase: 'open' | 'write', jobId: string | undefined, log: Logger, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const reason: TransportCloseReason =
        error instanceof TransportError ? error.reason : { kind: 'error', message: error instanceof Error ? error.message : String(error) };
      log.warn({ phase, reason: reason.kind }, 'print failed');
      throw new PrintError(this.deviceId, jobId, phase, reason, `${this.deviceId}: ${describeCloseReason(reason)}`, { cause: error });
    }
  }
}
