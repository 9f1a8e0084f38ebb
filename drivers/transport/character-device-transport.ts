import { constants, promises as fs } from 'node:fs';
import type { Logger } from '../../shared/logger.js';
import { classifySerialError } from './serial-errors.js';
import { TransportError, type TransportCloseReason } from './transport.js';
import { TransportBase } from './transport-base.js';

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
export class CharacterDeviceTransport extends TransportBase<Session> {
  readonly #path: string;
  readonly #readStatus: boolean;
  readonly #pollIntervalMs: number;
  readonly #writeTimeoutMs: number;
  readonly #openFile: (path: string, flags: number) => Promise<DeviceFileHandle>;

  constructor(options: CharacterDeviceTransportOptions) {
    super({
      id: options.id ?? `lp:${options.path}`,
      logger: options.logger,
      endMessages: { closed: 'printer device closed', lost: 'printer device lost' },
    });
    this.#path = options.path;
    this.#readStatus = options.readStatus ?? true;
    this.#pollIntervalMs = options.pollIntervalMs ?? 50;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? 15_000;
    this.#openFile = options.openFile ?? ((path, flags) => fs.open(path, flags));
  }

  protected async openSession(): Promise<void> {
    const access = this.#readStatus ? constants.O_RDWR : constants.O_WRONLY;
    let file: DeviceFileHandle;
    try {
      file = await this.#openFile(this.#path, access | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (error) {
      const reason = classifySerialError(error, this.#path, 'lp');
      this.openFailed(reason);
      this.log.warn({ reason: reason.kind }, 'printer device open failed');
      throw new TransportError(this.id, reason, { cause: error });
    }
    const session: Session = { file, ended: false, poller: undefined, reading: false };
    if (this.#readStatus) {
      session.poller = setInterval(() => void this.#poll(session), this.#pollIntervalMs);
      session.poller.unref();
    }
    this.began(session);
    this.log.info({ path: this.#path }, 'printer device open');
  }

  async #poll(session: Session): Promise<void> {
    if (session.reading || session.ended) return;
    session.reading = true;
    try {
      const buffer = new Uint8Array(256);
      for (;;) {
        const { bytesRead } = await session.file.read(buffer, 0, buffer.length, null);
        if (bytesRead <= 0 || session.ended) break;
        this.emitData(buffer.slice(0, bytesRead));
      }
    } catch (error) {
      if (!RETRYABLE.has(errorCode(error) ?? '') && !session.ended) this.#fail(session, error);
    } finally {
      session.reading = false;
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    const session = this.session;
    if (!session || session.ended) return Promise.reject(this.closedError());
    return this.queueWrite(() => this.#writeAll(session, bytes));
  }

  async #writeAll(session: Session, bytes: Uint8Array): Promise<void> {
    const deadline = Date.now() + this.#writeTimeoutMs;
    let offset = 0;
    while (offset < bytes.length) {
      if (session.ended) throw this.closedError();
      try {
        const { bytesWritten } = await session.file.write(bytes, offset, bytes.length - offset, null);
        offset += bytesWritten;
      } catch (error) {
        if (!RETRYABLE.has(errorCode(error) ?? '')) throw new TransportError(this.id, this.#fail(session, error), { cause: error });
        if (Date.now() > deadline) {
          const reason: TransportCloseReason = { kind: 'timeout' };
          this.end(session, reason);
          throw new TransportError(this.id, reason, { cause: error });
        }
        // The printer's buffer is full (printing, or paper out): wait for it to take more.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  #fail(session: Session, error: unknown): TransportCloseReason {
    const reason = classifySerialError(error, this.#path, 'lp');
    this.end(session, reason);
    return reason;
  }

  async close(): Promise<void> {
    const session = await this.sessionToClose();
    if (!session) return;
    await this.queuedWrites();
    this.end(session, { kind: 'closed' });
  }

  protected override teardown(session: Session): void {
    if (session.poller) clearInterval(session.poller);
    void session.file.close().catch(() => undefined);
  }
}
