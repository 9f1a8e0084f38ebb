import { systemClock, type Clock } from '../../shared/clock.js';
import { decodeEscPos, type DecodedDrawerKick, type PrintedBlock } from '../escpos/escpos-decoder.js';
import { scanCommand } from '../escpos/escpos-commands.js';
import {
  asbFrame,
  isStopped,
  paperStatusReply,
  READY_CONDITION,
  realtimeStatusByte,
  type PrinterCondition,
} from '../escpos/realtime-status.js';
import { ListenerSet } from '../../shared/util/listener-set.js';

export interface PrintedDocument {
  at: number;
  lines: string[];
  blocks: PrintedBlock[];
  raw: Uint8Array;
  drawerKicks: DecodedDrawerKick[];
  unknownCommands: string[];
}

export interface EscPosPrinterModelOptions {
  condition?: Partial<PrinterCondition>;
  /** Answer DLE EOT like a real printer (off: a printer that never answers, for offline detection). */
  answerStatus?: boolean;
  /** Answer GS ( H job-done requests (newer Epson TM); older models ignore them. */
  supportsJobDone?: boolean;
  /** Answer GS r. */
  supportsTransmitStatus?: boolean;
  supportsAsb?: boolean;
  /** Bytes held without a cut before they are flushed as an uncut document, bounding memory. */
  maxPendingBytes?: number;
  clock?: Clock;
  onError?: (error: unknown) => void;
}

/**
 * An ESC/POS printer reduced to what a host can observe: documents coming out at each cut, drawer
 * pulses, and replies to status and completion requests. Real-time commands (DLE EOT, DLE DC4) are
 * executed on arrival; everything else is processed in order and stops, buffered, while the cover is
 * open, the paper is out or an error is latched, then resumes where it stopped, as real firmware does.
 * Used by the virtual printer and by the simulators behind binding-mock, TCP, USB and pty transports.
 */
export class EscPosPrinterModel {
  readonly #answerStatus: boolean;
  readonly #supportsJobDone: boolean;
  readonly #supportsTransmitStatus: boolean;
  readonly #supportsAsb: boolean;
  readonly #maxPendingBytes: number;
  readonly #clock: Clock;
  readonly #replies: ListenerSet<Uint8Array>;
  readonly #documents: ListenerSet<PrintedDocument>;
  readonly #kicks: ListenerSet<DecodedDrawerKick & { realtime: boolean }>;
  #condition: PrinterCondition;
  #buffer: Uint8Array = new Uint8Array(0);
  /** Offset up to which real-time commands have been executed. */
  #scanned = 0;
  /** Offset up to which commands have been printed/executed in order. */
  #processed = 0;
  #asbMask = 0;
  #paperLeftBytes: number | undefined;
  /** Everything ever received, for assertions on exact bytes. */
  #received: Uint8Array[] = [];

  constructor(options: EscPosPrinterModelOptions = {}) {
    this.#condition = { ...READY_CONDITION, ...options.condition };
    this.#answerStatus = options.answerStatus ?? true;
    this.#supportsJobDone = options.supportsJobDone ?? true;
    this.#supportsTransmitStatus = options.supportsTransmitStatus ?? true;
    this.#supportsAsb = options.supportsAsb ?? true;
    this.#maxPendingBytes = options.maxPendingBytes ?? 1024 * 1024;
    this.#clock = options.clock ?? systemClock;
    const report = options.onError ?? (() => {});
    this.#replies = new ListenerSet(report);
    this.#documents = new ListenerSet(report);
    this.#kicks = new ListenerSet(report);
  }

  get condition(): PrinterCondition {
    return { ...this.#condition };
  }

  /** Bytes received but not yet printed (held while stopped). */
  get heldBytes(): number {
    return this.#buffer.length - this.#processed;
  }

  receivedBytes(): Uint8Array {
    return Buffer.concat(this.#received);
  }

  onReply(listener: (bytes: Uint8Array) => void): () => void {
    return this.#replies.add(listener);
  }

  onDocument(listener: (doc: PrintedDocument) => void): () => void {
    return this.#documents.add(listener);
  }

  onDrawerKick(listener: (kick: DecodedDrawerKick & { realtime: boolean }) => void): () => void {
    return this.#kicks.add(listener);
  }

  setCondition(change: Partial<PrinterCondition>): void {
    const before = this.#condition;
    this.#condition = { ...before, ...change };
    if (JSON.stringify(before) !== JSON.stringify(this.#condition)) this.#sendAsb();
    this.#process();
  }

  /** The paper runs out after this many more bytes are printed: a paper-out in the middle of a job. */
  runOutOfPaperAfter(bytes: number): void {
    this.#paperLeftBytes = bytes;
  }

  /** Power cycle: buffers and settings are lost. */
  reset(): void {
    this.#buffer = new Uint8Array(0);
    this.#scanned = 0;
    this.#processed = 0;
    this.#asbMask = 0;
  }

  receive(bytes: Uint8Array): void {
    this.#received.push(Uint8Array.from(bytes));
    const merged = new Uint8Array(this.#buffer.length + bytes.length);
    merged.set(this.#buffer);
    merged.set(bytes, this.#buffer.length);
    this.#buffer = merged;
    this.#scanRealtime();
    this.#process();
    if (this.#buffer.length > this.#maxPendingBytes && !isStopped(this.#condition)) this.#finishDocument(this.#processed);
  }

  #scanRealtime(): void {
    let offset = this.#scanned;
    while (offset < this.#buffer.length) {
      const result = scanCommand(this.#buffer, offset);
      if (result.kind === 'incomplete') break;
      const { command } = result;
      if (command.op === 'realtimeStatus') this.#answerRealtime(command.n);
      else if (command.op === 'drawerKick' && command.realtime)
        this.#kicks.emit({ pin: command.pin, onMs: command.onMs, offMs: command.offMs, realtime: true });
      else if (command.op === 'realtimeRecovery' && command.n === 2 && this.#condition.error === 'autocutter') {
        // DLE ENQ 2: recover and clear the buffers.
        this.#condition = { ...this.#condition, error: 'none' };
        this.#buffer = this.#buffer.slice(offset + result.length);
        this.#scanned = 0;
        this.#processed = 0;
        offset = 0;
        continue;
      }
      offset += result.length;
    }
    this.#scanned = offset;
  }

  #process(): void {
    let offset = this.#processed;
    while (offset < this.#scanned && !isStopped(this.#condition)) {
      const result = scanCommand(this.#buffer, offset);
      if (result.kind === 'incomplete') break;
      offset += result.length;
      const { command } = result;
      switch (command.op) {
        case 'cut':
          this.#processed = offset;
          this.#finishDocument(offset);
          offset = this.#processed;
          break;
        case 'drawerKick':
          if (!command.realtime) this.#kicks.emit({ pin: command.pin, onMs: command.onMs, offMs: command.offMs, realtime: false });
          break;
        case 'transmitStatus':
          if (this.#supportsTransmitStatus && command.n === 1) this.#reply(Uint8Array.of(paperStatusReply(this.#condition)));
          else if (this.#supportsTransmitStatus && command.n === 2) this.#reply(Uint8Array.of(this.#condition.drawerPinHigh ? 0x01 : 0x00));
          break;
        case 'jobDoneRequest':
          if (this.#supportsJobDone) this.#reply(Uint8Array.from([0x37, 0x22, ...Buffer.from(command.id, 'latin1'), 0x00]));
          break;
        case 'autoStatusBack':
          if (this.#supportsAsb) {
            this.#asbMask = command.mask;
            this.#sendAsb();
          }
          break;
        case 'text':
          if (this.#paperLeftBytes !== undefined) {
            this.#paperLeftBytes -= command.bytes.length;
            if (this.#paperLeftBytes <= 0) {
              this.#paperLeftBytes = undefined;
              this.#condition = { ...this.#condition, paper: 'out' };
              this.#sendAsb();
            }
          }
          break;
        default:
          break;
      }
      this.#processed = offset;
    }
  }

  #finishDocument(end: number): void {
    const raw = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end);
    this.#scanned = Math.max(0, this.#scanned - end);
    this.#processed = Math.max(0, this.#processed - end);
    const decoded = decodeEscPos(raw);
    this.#documents.emit({
      at: this.#clock.now(),
      lines: decoded.lines,
      blocks: decoded.blocks,
      raw,
      drawerKicks: decoded.drawerKicks,
      unknownCommands: decoded.unknownCommands,
    });
  }

  #answerRealtime(n: number): void {
    if (!this.#answerStatus) return;
    const status = realtimeStatusByte(n, this.#condition);
    if (status !== undefined) this.#reply(Uint8Array.of(status));
  }

  #sendAsb(): void {
    if (this.#supportsAsb && this.#asbMask !== 0) this.#reply(asbFrame(this.#condition));
  }

  #reply(bytes: Uint8Array): void {
    this.#replies.emit(bytes);
  }
}
