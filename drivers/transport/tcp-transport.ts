import { createConnection, type Socket } from 'node:net';
import type { Logger } from '../../shared/logger.js';
import { classifyNetError } from './net-errors.js';
import { TransportError, type TransportCloseReason } from './transport.js';
import { TransportBase } from './transport-base.js';

export interface TcpTransportOptions {
  host: string;
  /** Raw "JetDirect" port: 9100 on nearly every network receipt printer. */
  port?: number;
  connectTimeoutMs?: number;
  /** How long one write may wait for the printer to take the bytes before the connection is dropped. */
  writeTimeoutMs?: number;
  /** TCP keep-alive probe delay: notices a printer that vanished while idle. */
  keepAliveMs?: number;
  id?: string;
  logger?: Logger;
  /** Opens the socket; tests substitute one that never connects. */
  connect?: (options: { host: string; port: number }) => Socket;
}

interface Session {
  socket: Socket;
  ended: boolean;
  closeRequested: boolean;
  /** The first error seen, reported when the socket closes. */
  failure: TransportCloseReason | undefined;
  pendingWrites: Set<(error: TransportError) => void>;
}

/**
 * Raw TCP to a network printer. One connection is opened and reused for every job (node-thermal-printer
 * opens a socket per job, which loses ordering guarantees and status replies between jobs); it is
 * reopened on the next open() after the printer or network drops it.
 */
export class TcpTransport extends TransportBase<Session> {
  readonly #host: string;
  readonly #port: number;
  readonly #connectTimeoutMs: number;
  readonly #writeTimeoutMs: number;
  readonly #keepAliveMs: number;
  readonly #connect: (options: { host: string; port: number }) => Socket;

  constructor(options: TcpTransportOptions) {
    const port = options.port ?? 9100;
    super({
      id: options.id ?? `tcp:${options.host}:${port}`,
      logger: options.logger,
      endMessages: { closed: 'tcp printer connection closed', lost: 'tcp printer connection lost' },
    });
    this.#host = options.host;
    this.#port = port;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? 15_000;
    this.#keepAliveMs = options.keepAliveMs ?? 10_000;
    this.#connect = options.connect ?? ((target) => createConnection(target));
  }

  protected openSession(): Promise<void> {
    const host = this.#host;
    const port = this.#port;
    return new Promise<void>((resolve, reject) => {
      const socket = this.#connect({ host, port });
      const session: Session = { socket, ended: false, closeRequested: false, failure: undefined, pendingWrites: new Set() };
      let connected = false;
      const fail = (reason: TransportCloseReason, cause?: unknown): void => {
        clearTimeout(timer);
        this.openFailed(reason);
        socket.destroy();
        this.log.warn({ reason: reason.kind }, 'tcp connect failed');
        reject(new TransportError(this.id, reason, { cause }));
      };
      const timer = setTimeout(() => fail({ kind: 'timeout' }), this.#connectTimeoutMs);

      socket.on('error', (error: Error) => {
        const reason = classifyNetError(error, host, port);
        if (!connected) fail(reason, error);
        else session.failure ??= reason;
      });
      socket.on('connect', () => {
        connected = true;
        clearTimeout(timer);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, this.#keepAliveMs);
        this.began(session);
        this.log.info({ host, port }, 'tcp printer connected');
        resolve();
      });
      socket.on('data', (chunk: Buffer) => {
        if (!session.ended) this.emitData(chunk);
      });
      // Printers close idle connections; a half-closed socket is useless for a printer, so drop it.
      socket.on('end', () => socket.destroy());
      socket.on('close', () => {
        if (!connected) return;
        if (session.closeRequested) this.end(session, { kind: 'closed' });
        else this.end(session, session.failure ?? { kind: 'unplugged', message: 'the printer closed the connection' });
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const session = this.session;
    if (!session || session.ended) return Promise.reject(this.closedError());
    return new Promise<void>((resolve, reject) => {
      const settle = (error: TransportError | undefined): void => {
        if (!session.pendingWrites.delete(settle)) return;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      session.pendingWrites.add(settle);
      // A printer that stops reading (paper out with a full buffer, hung firmware) would block forever.
      const timer = setTimeout(() => {
        session.failure ??= { kind: 'timeout' };
        settle(new TransportError(this.id, { kind: 'timeout' }));
        session.socket.destroy();
      }, this.#writeTimeoutMs);
      session.socket.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
        if (error)
          settle(new TransportError(this.id, session.failure ?? classifyNetError(error, this.#host, this.#port), { cause: error }));
        else settle(undefined);
      });
    });
  }

  async close(): Promise<void> {
    const session = await this.sessionToClose();
    if (!session) return;
    session.closeRequested = true;
    await new Promise<void>((resolve) => {
      session.socket.once('close', () => resolve());
      session.socket.end();
      // end() waits for the peer; a printer that never answers the FIN must not hold shutdown.
      setTimeout(() => session.socket.destroy(), 1_000).unref();
    });
    this.end(session, { kind: 'closed' });
  }

  protected override teardown(session: Session, reason: TransportCloseReason): void {
    for (const settle of [...session.pendingWrites]) settle(new TransportError(this.id, reason));
  }
}
