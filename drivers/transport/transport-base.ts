import { silentLogger, type Logger } from '../../shared/logger.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { TransportError, type Transport, type TransportCloseReason } from './transport.js';

/** One opened connection; a transport opens a new one after the last has ended. */
export interface TransportSession {
  ended: boolean;
}

export interface TransportBaseOptions {
  id: string;
  logger?: Logger | undefined;
  /** What the log says when a session ends in order, and when it is lost. Absent: nothing. */
  endMessages?: { closed: string; lost: string } | undefined;
}

/**
 * What every transport does the same way: listeners isolated from each other, one open in flight at a
 * time, the reason the last session ended (so a write after a loss says why), a session that ends
 * exactly once and tells its close listeners, and writes run one after another when asked.
 */
export abstract class TransportBase<S extends TransportSession> implements Transport {
  readonly id: string;
  protected readonly log: Logger;
  readonly #data: ListenerSet<Uint8Array>;
  readonly #close: ListenerSet<TransportCloseReason>;
  readonly #endMessages: TransportBaseOptions['endMessages'];
  #session: S | undefined;
  #opening: Promise<void> | undefined;
  #lastReason: TransportCloseReason | undefined;
  #writeTail: Promise<unknown> = Promise.resolve();

  protected constructor(options: TransportBaseOptions) {
    this.id = options.id;
    this.log = (options.logger ?? silentLogger).child({ transportId: this.id });
    this.#endMessages = options.endMessages;
    const report = (error: unknown): void => this.log.error({ err: String(error) }, 'transport listener threw');
    this.#data = new ListenerSet(report);
    this.#close = new ListenerSet(report);
  }

  get isOpen(): boolean {
    const session = this.#session;
    return session !== undefined && !session.ended;
  }

  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    this.#opening ??= this.openSession().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#close.add(listener);
  }

  abstract write(bytes: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  /** Opens a session and hands it to `began`, or records the reason with `openFailed` and throws. */
  protected abstract openSession(): Promise<void>;

  /** Releases what the session holds; runs once, before close listeners hear of it. */
  protected teardown(_session: S, _reason: TransportCloseReason): void {}

  protected get session(): S | undefined {
    return this.#session;
  }

  protected began(session: S): void {
    this.#session = session;
    this.#lastReason = undefined;
  }

  protected openFailed(reason: TransportCloseReason): void {
    this.#lastReason = reason;
  }

  protected emitData(chunk: Uint8Array): void {
    this.#data.emit(chunk);
  }

  /** For a write with no session to take it: why the last one ended, else "closed". */
  protected closedError(): TransportError {
    return new TransportError(this.id, this.#lastReason ?? { kind: 'closed' });
  }

  /** Runs `job` after every write queued before it, so chunks of two jobs never interleave. */
  protected queueWrite(job: () => Promise<void>): Promise<void> {
    const run = this.#writeTail.then(job);
    this.#writeTail = run.catch(() => undefined);
    return run;
  }

  /** Settles once every queued write has. */
  protected queuedWrites(): Promise<unknown> {
    return this.#writeTail;
  }

  /** The session close() should end, once an open in progress has settled; undefined when there is none. */
  protected async sessionToClose(): Promise<S | undefined> {
    await this.#opening?.catch(() => undefined);
    const session = this.#session;
    return session && !session.ended ? session : undefined;
  }

  /** Ends the session once, whoever calls first: the OS, a failed write, or close(). */
  protected end(session: S, reason: TransportCloseReason): void {
    if (session.ended) return;
    session.ended = true;
    this.#lastReason = reason.kind === 'closed' ? undefined : reason;
    this.teardown(session, reason);
    if (this.#endMessages) {
      if (reason.kind === 'closed') this.log.info({}, this.#endMessages.closed);
      else this.log.warn({ reason: reason.kind }, this.#endMessages.lost);
    }
    this.#close.emit(reason);
  }
}
