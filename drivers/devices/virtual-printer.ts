import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { DecodedDrawerKick } from '../escpos/escpos-decoder.js';
import type { PrinterCondition } from '../escpos/realtime-status.js';
import { renderReceiptHtml } from '../escpos/receipt-html.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { TransportError, type Transport, type TransportCloseReason } from '../transport/transport.js';
import { EscPosPrinterModel, type PrintedDocument } from '../virtual/escpos-printer-model.js';

export type VirtualPrintedDocument = PrintedDocument;

export interface VirtualReceiptPrinterOptions {
  /** Prefixed with "virtual:" unless it already starts with "virtual", so it can never pass for hardware. */
  id?: string;
  name?: string;
  /** How many printed documents to keep (oldest dropped first). */
  keep?: number;
  /** Answer DLE EOT status queries like a real printer. */
  answerStatus?: boolean;
  condition?: Partial<PrinterCondition>;
  clock?: Clock;
  logger?: Logger;
  /** Bytes held without a cut before they are flushed as an uncut document, bounding memory. */
  maxPendingBytes?: number;
}

/**
 * A simulated ESC/POS printer that is itself a Transport: give it to a printer device and every cut
 * produces a decoded document (text lines and HTML) for the diagnostics page, demos and tests. It
 * answers DLE EOT, GS r, GS ( H and ASB like an Epson TM, and holds data while "out of paper".
 */
export class VirtualReceiptPrinter implements Transport {
  readonly id: string;
  readonly name: string;
  readonly simulated = true as const;
  readonly model: EscPosPrinterModel;
  readonly #keep: number;
  readonly #log: Logger;
  readonly #data: ListenerSet<Uint8Array>;
  readonly #close: ListenerSet<TransportCloseReason>;
  readonly #documentListeners: ListenerSet<VirtualPrintedDocument>;
  readonly #drawerListeners: ListenerSet<DecodedDrawerKick>;
  readonly #documents: VirtualPrintedDocument[] = [];
  #open = false;

  constructor(options: VirtualReceiptPrinterOptions = {}) {
    const id = options.id ?? 'receipt-printer';
    this.id = id.startsWith('virtual') ? id : `virtual:${id}`;
    this.name = options.name ?? 'Virtual receipt printer (simulated)';
    this.#keep = options.keep ?? 50;
    this.#log = (options.logger ?? silentLogger).child({ deviceId: this.id });
    const report = (error: unknown): void => this.#log.error({ err: String(error) }, 'virtual printer listener threw');
    this.#data = new ListenerSet(report);
    this.#close = new ListenerSet(report);
    this.#documentListeners = new ListenerSet(report);
    this.#drawerListeners = new ListenerSet(report);
    this.model = new EscPosPrinterModel({
      ...(options.condition ? { condition: options.condition } : {}),
      answerStatus: options.answerStatus ?? true,
      clock: options.clock ?? systemClock,
      ...(options.maxPendingBytes !== undefined ? { maxPendingBytes: options.maxPendingBytes } : {}),
      onError: report,
    });
    this.model.onReply((bytes) => {
      // Real printers answer asynchronously, after the host's write has returned.
      setImmediate(() => {
        if (this.#open) this.#data.emit(bytes);
      });
    });
    this.model.onDrawerKick(({ pin, onMs, offMs }) => this.#drawerListeners.emit({ pin, onMs, offMs }));
    this.model.onDocument((doc) => {
      this.#documents.push(doc);
      if (this.#documents.length > this.#keep) this.#documents.splice(0, this.#documents.length - this.#keep);
      this.#log.info({ lines: doc.lines.length, bytes: doc.raw.length }, 'virtual printer printed a document');
      this.#documentListeners.emit(doc);
    });
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    this.#open = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new TransportError(this.id, { kind: 'closed' });
    this.model.receive(bytes);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    this.simulateClose({ kind: 'closed' });
  }

  /** Ends the session as a real printer could (pulled cable, power off). */
  simulateClose(reason: TransportCloseReason): void {
    if (!this.#open) return;
    this.#open = false;
    this.#close.emit(reason);
  }

  onDocument(listener: (doc: VirtualPrintedDocument) => void): () => void {
    return this.#documentListeners.add(listener);
  }

  /** Fires as soon as a drawer pulse is executed, like a drawer would open. */
  onDrawerKick(listener: (kick: DecodedDrawerKick) => void): () => void {
    return this.#drawerListeners.add(listener);
  }

  /** Oldest first. */
  documents(): readonly VirtualPrintedDocument[] {
    return this.#documents;
  }

  lastDocument(): VirtualPrintedDocument | undefined {
    return this.#documents[this.#documents.length - 1];
  }

  /** The last document as HTML for the diagnostics page. */
  lastDocumentHtml(columns = 42): string | undefined {
    const doc = this.lastDocument();
    return doc ? renderReceiptHtml(doc.blocks, { columns }) : undefined;
  }

  clearDocuments(): void {
    this.#documents.length = 0;
  }

  get condition(): PrinterCondition {
    return this.model.condition;
  }

  /** Simulates cover open / paper out; the printer holds data until the condition clears. */
  setCondition(condition: Partial<PrinterCondition>): void {
    this.model.setCondition(condition);
  }
}
