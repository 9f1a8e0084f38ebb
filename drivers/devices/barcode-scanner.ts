import { checkBarcode } from '../../shared/barcode.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { ScanFramer, type ScanSuffix } from '../scanner/scan-framer.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import type { Transport, TransportCloseReason } from '../transport/transport.js';

export interface ScanEvent {
  deviceId: string;
  /** As scanned, without terminator or AIM prefix. Check digits are validated by the domain (shared/barcode.ts). */
  code: string;
  at: number;
  /** The AIM identifier the scanner sent, e.g. "E0" for EAN-13, when it sends one. */
  symbologyId?: string;
  /**
   * For 8/12/13-digit codes: the domain's GTIN check (shared/barcode.ts). A failed check digit is a
   * misread; the core refuses it, the UI can say "scan again" at once.
   */
  gtin?: { valid: true; format: 'EAN-13' | 'UPC-A' | 'EAN-8' } | { valid: false; message: string };
}

export interface SerialBarcodeScannerOptions {
  transport: Transport;
  deviceId?: string;
  logger?: Logger;
  clock?: Clock;
  maxCodeLength?: number;
  maxBufferBytes?: number;
  /** What the scanner sends after each code (CR, LF, CR+LF or Tab). */
  suffix?: ScanSuffix;
  /** A partial code older than this is dropped rather than glued to the next scan. */
  partialTimeoutMs?: number;
}

/** A scanner in serial (USB-CDC/RS-232) mode: frames the byte stream into scan events. */
export class SerialBarcodeScanner {
  readonly deviceId: string;
  readonly #transport: Transport;
  readonly #framer: ScanFramer;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #scans: ListenerSet<ScanEvent>;
  readonly #closes: ListenerSet<TransportCloseReason>;
  #unsubscribe: (() => void)[] = [];

  constructor(options: SerialBarcodeScannerOptions) {
    this.#transport = options.transport;
    this.deviceId = options.deviceId ?? options.transport.id;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ deviceId: this.deviceId });
    this.#framer = new ScanFramer({
      ...(options.maxCodeLength !== undefined ? { maxCodeLength: options.maxCodeLength } : {}),
      ...(options.maxBufferBytes !== undefined ? { maxBufferBytes: options.maxBufferBytes } : {}),
      ...(options.suffix !== undefined ? { suffix: options.suffix } : {}),
      partialTimeoutMs: options.partialTimeoutMs ?? 1_000,
    });
    const report = (error: unknown): void => this.#log.error({ err: String(error) }, 'scan listener threw');
    this.#scans = new ListenerSet(report);
    this.#closes = new ListenerSet(report);
  }

  /** Subscribes before opening so data sent right after open is not lost. */
  async start(): Promise<void> {
    this.attach();
    await this.#transport.open();
  }

  /** Listens to the transport without opening it: for a transport a LinkSupervisor keeps open. */
  attach(): void {
    if (this.#unsubscribe.length === 0) {
      this.#unsubscribe = [
        this.#transport.onData((chunk) => this.#receive(chunk)),
        this.#transport.onClose((reason) => {
          // A half-received code must not be glued to the first code after a reconnect.
          this.#framer.reset();
          if (reason.kind !== 'closed') this.#log.warn({ reason: reason.kind }, 'scanner connection lost');
          this.#closes.emit(reason);
        }),
      ];
    }
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#framer.reset();
    await this.#transport.close();
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    return this.#scans.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#closes.add(listener);
  }

  #receive(chunk: Uint8Array): void {
    for (const output of this.#framer.push(chunk, this.#clock.now())) {
      switch (output.type) {
        case 'code': {
          const scan: ScanEvent = { deviceId: this.deviceId, code: output.code, at: this.#clock.now() };
          if (output.symbologyId) scan.symbologyId = output.symbologyId;
          if (/^(\d{8}|\d{12}|\d{13})$/.test(output.code)) {
            const check = checkBarcode(output.code);
            scan.gtin = check.ok ? { valid: true, format: check.format } : { valid: false, message: check.message };
          }
          this.#log.debug({ length: output.code.length }, 'barcode scanned');
          this.#scans.emit(scan);
          break;
        }
        case 'too_long':
          this.#log.warn({ length: output.length, preview: output.preview }, 'scan dropped: longer than a barcode');
          break;
        case 'overflow':
          this.#log.warn({ discardedBytes: output.discardedBytes }, 'scanner sent data without a terminator; discarded');
          break;
        case 'partial_dropped':
          this.#log.warn({ discardedBytes: output.discardedBytes }, 'partial scan dropped: no terminator in time');
          break;
      }
    }
  }
}
