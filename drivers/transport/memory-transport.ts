import { silentLogger, type Logger } from '../../shared/logger.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { TransportError, type Transport, type TransportCloseReason } from './transport.js';

export interface MemoryTransportOptions {
  id?: string;
  /** Called for every write after it is recorded: lets a simulated device react to what it receives. */
  onWrite?: (bytes: Uint8Array, transport: MemoryTransport) => void;
  logger?: Logger;
}

/**
 * A transport with nothing behind it: records every byte written and lets tests or virtual devices
 * inject incoming data and end the session with any close reason.
 */
export class MemoryTransport implements Transport {
  readonly id: string;
  readonly #onWrite: MemoryTransportOptions['onWrite'];
  readonly #data: ListenerSet<Uint8Array>;
  readonly #close: ListenerSet<TransportCloseReason>;
  readonly #chunks: Uint8Array[] = [];
  #open = false;
  #nextOpenFailure: TransportCloseReason | undefined;
  #lastReason: TransportCloseReason | undefined;

  constructor(options: MemoryTransportOptions = {}) {
    this.id = options.id ?? 'memory';
    this.#onWrite = options.onWrite;
    const log = options.logger ?? silentLogger;
    const report = (error: unknown): void => log.error({ transportId: this.id, err: String(error) }, 'transport listener threw');
    this.#data = new ListenerSet(report);
    this.#close = new ListenerSet(report);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    const failure = this.#nextOpenFailure;
    if (failure) {
      this.#nextOpenFailure = undefined;
      this.#lastReason = failure;
      throw new TransportError(this.id, failure);
    }
    this.#open = true;
    this.#lastReason = undefined;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new TransportError(this.id, this.#lastReason ?? { kind: 'closed' });
    // Copy: callers may reuse their buffer once write resolves.
    const copy = Uint8Array.from(bytes);
    this.#chunks.push(copy);
    this.#onWrite?.(copy, this);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    this.#end({ kind: 'closed' });
  }

  /** Everything written since creation (or the last clearWritten), as one byte array. */
  written(): Uint8Array {
    return Buffer.concat(this.#chunks);
  }

  /** Each write() call as it arrived, to assert on framing. */
  writes(): readonly Uint8Array[] {
    return this.#chunks;
  }

  clearWritten(): void {
    this.#chunks.length = 0;
  }

  /** Simulates bytes arriving from the device. */
  receive(bytes: Uint8Array | string): void {
    if (!this.#open) throw new Error(`${this.id}: cannot receive data while closed`);
    this.#data.emit(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Uint8Array.from(bytes));
  }

  /** Ends the session as if the device or OS did (unplug, timeout, ...). */
  simulateClose(reason: TransportCloseReason): void {
    this.#end(reason);
  }

  /** Makes the next open() fail with this reason (e.g. permission_denied). */
  failNextOpen(reason: TransportCloseReason): void {
    this.#nextOpenFailure = reason;
  }

  #end(reason: TransportCloseReason): void {
    if (!this.#open) return;
    this.#open = false;
    this.#lastReason = reason.kind === 'closed' ? undefined : reason;
    this.#close.emit(reason);
  }
}
