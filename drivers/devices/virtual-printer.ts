import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { decodeEscPos, type DecodedDrawerKick } from '../escpos/escpos-decoder.js';
import { scanCommand } from '../escpos/escpos-commands.js';
import { READY_CONDITION, realtimeStatusByte, type PrinterCondition } from '../escpos/realtime-status.js';
import { ListenerSet } from '../util/listener-set.js';
import { TransportError, type Transport, type TransportCloseReason } from '../transport/transport.js';

export interface VirtualPrintedDocument {
  at: number;
  lines: string[];
  raw: Uint8Array;
  drawerKicks: DecodedDrawerKick[];
  unknownCommands: string[];
}

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
 * A simulated ESC/POS printer that is itself a Transport: give it to a ReceiptPrinter and every cut
 * produces a decoded document for the diagnostics page, demos and tests.
 */
export class VirtualReceiptPrinter implements Transport {
  readonly id: string;
  readonly name: string;
  readonly simulated = true as const;
  readonly #keep: number;
  readonly #answerStatus: boolean;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #maxPendingBytes: number;
  readonly #data: ListenerSet<Uint8Array>;
  readonly #close: ListenerSet<TransportCloseReason>;
  readonly #documentListeners: ListenerSet<VirtualPrintedDocument>;
  readonly #drawerListeners: ListenerSet<DecodedDrawerKick>;
  readonly #documents: VirtualPrintedDocument[] = [];
  #condition: PrinterCondition;
  #open = false;
  #pending: Uint8Array = new Uint8Array(0);
  /** Offset in #pending up to which commands have been scanned. */
  #scanned = 0;

  constructor(options: VirtualReceiptPrinterOptions = {}) {
    const id = options.id ?? 'receipt-printer';
    this.id = id.startsWith('virtual') ? id : `virtual:${id}`;
    this.name = options.name ?? 'Virtual receipt printer (simulated)';
    this.#keep = options.keep ?? 50;
    this.#answerStatus = options.answerStatus ?? true;
    this.#condition = { ...READY_CONDITION, ...options.condition };
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ deviceId: this.id });
    this.#maxPendingBytes = options.maxPendingBytes ?? 1024 * 1024;
    const report = (error: unknown): void => this.#log.error({ err: String(error) }, 'virtual printer listener threw');
    this.#data = new ListenerSet(report);
    this.#close = new ListenerSet(report);
    this.#documentListeners = new ListenerSet(report);
    this.#drawerListeners = new ListenerSet(report);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    this.#open = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new TransportError(this.id, { kind: 'closed' });
    const merged = new Uint8Array(this.#pending.length + bytes.length);
    merged.set(this.#pending);
    merged.set(bytes, this.#pending.length);
    this.#pending = merged;
    this.#consume();
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

  /** Fires as soon as a drawer pulse command arrives, like a drawer would open. */
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

  clearDocuments(): void {
    this.#documents.length = 0;
  }

  get condition(): PrinterCondition {
    return { ...this.#condition };
  }

  /** Simulates cover open / paper out for status polling. */
  setCondition(condition: Partial<PrinterCondition>): void {
    this.#condition = { ...this.#condition, ...condition };
  }

  #consume(): void {
    let offset = this.#scanned;
    while (offset < this.#pending.length) {
      const result = scanCommand(this.#pending, offset);
      if (result.kind === 'incomplete') break;
      offset += result.length;
      const { command } = result;
      if (command.op === 'realtimeStatus') this.#answer(command.n);
      else if (command.op === 'drawerKick') {
        this.#drawerListeners.emit({ pin: command.pin, onMs: command.onMs, offMs: command.offMs });
      } else if (command.op === 'cut') {
        this.#finishDocument(offset);
        offset = 0;
      }
    }
    this.#scanned = offset;
    if (this.#pending.length > this.#maxPendingBytes) {
      this.#log.warn({ bytes: this.#pending.length }, 'virtual printer flushed data that never reached a cut');
      this.#finishDocument(this.#pending.length);
      this.#scanned = 0;
    }
  }

  #finishDocument(end: number): void {
    const raw = this.#pending.slice(0, end);
    this.#pending = this.#pending.slice(end);
    const decoded = decodeEscPos(raw);
    const doc: VirtualPrintedDocument = {
      at: this.#clock.now(),
      lines: decoded.lines,
      raw,
      drawerKicks: decoded.drawerKicks,
      unknownCommands: decoded.unknownCommands,
    };
    this.#documents.push(doc);
    if (this.#documents.length > this.#keep) this.#documents.splice(0, this.#documents.length - this.#keep);
    this.#log.info({ lines: doc.lines.length, bytes: raw.length }, 'virtual printer printed a document');
    this.#documentListeners.emit(doc);
  }

  #answer(n: number): void {
    if (!this.#answerStatus) return;
    const status = realtimeStatusByte(n, this.#condition);
    if (status === undefined) return;
    // Real printers answer asynchronously, after the host's write has returned.
    setImmediate(() => {
      if (this.#open) this.#data.emit(Uint8Array.of(status));
    });
  }
}
