import type { Logger } from '../../shared/logger.js';
import { TransportError, type TransportCloseReason } from './transport.js';
import { TransportBase, type TransportSession } from './transport-base.js';

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
export class MemoryTransport extends TransportBase<TransportSession> {
  readonly #onWrite: MemoryTransportOptions['onWrite'];
  readonly #chunks: Uint8Array[] = [];
  #nextOpenFailure: TransportCloseReason | undefined;

  constructor(options: MemoryTransportOptions = {}) {
    super({ id: options.id ?? 'memory', logger: options.logger });
    this.#onWrite = options.onWrite;
  }

  protected async openSession(): Promise<void> {
    const failure = this.#nextOpenFailure;
    if (failure) {
      this.#nextOpenFailure = undefined;
      this.openFailed(failure);
      throw new TransportError(this.id, failure);
    }
    this.began({ ended: false });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw this.closedError();
    // Copy: callers may reuse their buffer once write resolves.
    const copy = Uint8Array.from(bytes);
    this.#chunks.push(copy);
    this.#onWrite?.(copy, this);
  }

  async close(): Promise<void> {
    this.#endSession({ kind: 'closed' });
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
    if (!this.isOpen) throw new Error(`${this.id}: cannot receive data while closed`);
    this.emitData(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Uint8Array.from(bytes));
  }

  /** Ends the session as if the device or OS did (unplug, timeout, ...). */
  simulateClose(reason: TransportCloseReason): void {
    this.#endSession(reason);
  }

  /** Makes the next open() fail with this reason (e.g. permission_denied). */
  failNextOpen(reason: TransportCloseReason): void {
    this.#nextOpenFailure = reason;
  }

  #endSession(reason: TransportCloseReason): void {
    const session = this.session;
    if (session) this.end(session, reason);
  }
}
