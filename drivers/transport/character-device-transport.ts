import { constants, promises as fs } from 'node:fs';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { classifySerialError } from './serial-errors.js';
import { TransportError, type Transport, type TransportCloseReason } from './transport.js';

/** The part of fs.promises.FileHandle this transport uses. */
export interface DeviceFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: null): Promise<{ bytesWritten: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: null): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export interface CharacterDeviceTransportOptions {
  /** e.g. /dev/usb/lp0, or a stable udev symlink such as /dev/pos-printer. */
  path: string;
  /** Poll the device for status replies (usblp opened read/write, as receiptio does). */
  readStatus?: boolean;
  pollIntervalMs?: number;
  /** How long a write may keep getting EAGAIN (printer buffer full) before it fails. */
  writeTimeoutMs?: number;
  id?: string;
  logger?: Logger;
  /** Opens the device; tests substitute failures. */
  openFile?: (path: string, flags: number) => Promise<DeviceFileHandle>;
}

interface Session {
  file: DeviceFileHandle;
  ended: boolean;
  poller: NodeJS.Timeout | undefined;
  reading: boolean;
}

const RETRYABLE = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

function errorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A printer behind a kernel character device (`/dev/usb/lp*` from usblp). Opened non-blocking so a
 * status read never parks a libuv worker thread and a full printer buffer shows up as EAGAIN rather
 * than a write that hangs forever (node-thermal-printer #26).
 */
export class CharacterDeviceTransport implements Transport {
  readonly id: string;
  readonly #path: string;
  readonly #readStatus: boolean;
  readonly #pollIntervalMs: number;
  readonly #writeTimeoutMs: number;
  readonly #openFile: (path: string, flags: number) => Promise<DeviceFileHandle>;
  readonly #log: Logger;
  readonly #data: ListenerSet<Uint8Array>;
  readonly #close: ListenerSet<TransportCloseReason>;
  #session: Session | undefined;
  #opening: Promise<void> | undefined;
  #writeTail: Promise<unknown> = Promise.resolve();
  #lastReason: TransportCloseReason | undefined;

  constructor(options: CharacterDeviceTransportOptions) {
    this.#path = options.path;
    this.#readStatus = options.readStatus ?? true;
    this.#pollIntervalMs = options.pollIntervalMs ?? 50;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? 15_000;
    this.#openFile = options.openFile ?? ((path, flags) => fs.open(path, flags));
    this.id = options.id ?? `lp:${options.path}`;
    this.#log = (options.logger ?? silentLogger).child({ transportId: this.id });
    const report = (error: unknown): void => this.#log.error({ err: String(error) }, 'transport listener threw');
    this.#data = new ListenerSet(report);
    this.#close = new ListenerSet(report);
  }

  get isOpen(): boolean {
    return this.#session !== undefined && !this.#session.ended;
  }

  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    this.#opening ??= this.#openSession().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #openSession(): Promise<void> {
    const access = this.#readStatus ? constants.O_RDWR : constants.O_WRONLY;
    let file: DeviceFileHandle;
    try {
      file = await this.#openFile(this.#path, access | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (error) {
      const reason = classifySerialError(error, this.#path, 'lp');
      this.#lastReason = reason;
      this.#log.warn({ reason: reason.kind }, 'printer device open failed');
      throw new TransportError(this.id, reason, { cause: error });
    }
    const session: Session = { file, ended: false, poller: undefined, reading: false };
    if (this.#readStatus) {
      session.poller = setInterval(() => void this.#poll(session), this.#pollIntervalMs);
      session.poller.unref();
    }
    this.#session = session;
    this.#lastReason = undefined;
    this.#log.info({ path: this.#path }, 'printer device open');
  }

  async #poll(session: Session): Promise<void> {
    if (session.reading || session.ended) return;
    session.reading = true;
    try {
      const buffer = new Uint8Array(256);
      for (;;) {
        const { bytesRead } = await session.file.read(buffer, 0, buffer.length, null);
        if (bytesRead <= 0 || session.ended) break;
        this.#data.emit(buffer.slice(0, bytesRead));
      }
    } catch (error) {
      if (!RETRYABLE.has(errorCode(error) ?? '') && !session.ended) this.#fail(session, error);
    } finally {
      session.reading = false;
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    const session = this.#session;
    if (!session || session.ended) return Promise.reject(new TransportError(this.id, this.#lastReason ?? { kind: 'closed' }));
    const job = this.#writeTail.then(() => this.#writeAll(session, bytes));
    this.#writeTail = job.catch(() => undefined);
    return job;
  }

  async #writeAll(session: Session, bytes: Uint8Array): Promise<void> {
    const deadline = Date.now() + this.#writeTimeoutMs;
    let offset = 0;
    while (offset < bytes.length) {
      if (session.ended) throw new TransportError(this.id, this.#lastReason ?? { kind: 'closed' });
      try {
        const { bytesWritten } = await session.file.write(bytes, offset, bytes.length - offset, null);
        offset += bytesWritten;
      } catch (error) {
        if (!RETRYABLE.has(errorCode(error) ?? '')) throw new TransportError(this.id, this.#fail(session, error), { cause: error });
        if (Date.now() > deadline) {
          const reason: TransportCloseReason = { kind: 'timeout' };
          this.#end(session, reason);
          throw new TransportError(this.id, reason, { cause: error });
        }
        // The printer's buffer is full (printing, or paper out): wait for it to take more.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  #fail(session: Session, error: unknown): TransportCloseReason {
    const reason = classifySerialError(error, this.#path, 'lp');
    this.#end(session, reason);
    return reason;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    const session = this.#session;
    if (!session || session.ended) return;
    await this.#writeTail;
    this.#end(session, { kind: 'closed' });
  }

  #end(session: Session, reason: TransportCloseReason): void {
    if (session.ended) return;
    session.ended = true;
    if (session.poller) clearInterval(session.poller);
    void session.file.close().catch(() => undefined);
    this.#lastReason = reason.kind === 'closed' ? undefined : reason;
    if (reason.kind === 'closed') this.#log.info({}, 'printer device closed');
    else this.#log.warn({ reason: reason.kind }, 'printer device lost');
    this.#close.emit(reason);
  }
}
