import { SerialPort } from 'serialport';
import type { Logger } from '../../shared/logger.js';
import { classifySerialError } from './serial-errors.js';
import { TransportError, type TransportCloseReason } from './transport.js';
import { TransportBase } from './transport-base.js';

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  rtscts?: boolean;
}

/** What SerialPortStream needs from a binding: the OS binding and @serialport/binding-mock both fit. */
export interface SerialBinding {
  open(options: SerialOpenOptions): Promise<unknown>;
  list(): Promise<ReadonlyArray<{ path: string }>>;
}

export interface SerialTransportOptions extends SerialOpenOptions {
  /** Defaults to the binding serialport autodetects for this OS; tests pass MockBinding. */
  binding?: SerialBinding;
  id?: string;
  logger?: Logger;
}

type SerialStream = InstanceType<typeof SerialPort>;
type SerialStreamConstructor = new (options: SerialOpenOptions & { binding: SerialBinding; autoOpen: boolean }) => SerialStream;

// serialport v13 exports SerialPort (a SerialPortStream preset to the autodetected binding) but not
// SerialPortStream itself, and @serialport/stream is only a transitive dependency we may not import.
// SerialPort's base class is SerialPortStream, whose constructor takes any binding.
const SerialPortStream = Object.getPrototypeOf(SerialPort) as SerialStreamConstructor;
if (typeof SerialPortStream !== 'function' || SerialPortStream.name !== 'SerialPortStream') {
  throw new Error('serialport: SerialPort no longer extends SerialPortStream; update SerialTransport');
}

interface Session {
  stream: SerialStream;
  ended: boolean;
  closeRequested: boolean;
  /** Set by abort(): the reason to report instead of "closed". */
  abortReason?: TransportCloseReason;
  pendingWrites: Set<(error: TransportError) => void>;
}

export class SerialTransport extends TransportBase<Session> {
  readonly #options: SerialTransportOptions;
  readonly #binding: SerialBinding;

  constructor(options: SerialTransportOptions) {
    super({
      id: options.id ?? `serial:${options.path}`,
      logger: options.logger,
      endMessages: { closed: 'serial port closed', lost: 'serial port lost' },
    });
    this.#options = options;
    this.#binding = options.binding ?? SerialPort.binding;
  }

  override get isOpen(): boolean {
    const session = this.session;
    return session !== undefined && !session.ended && session.stream.isOpen;
  }

  protected async openSession(): Promise<void> {
    const { path, baudRate, dataBits, stopBits, parity, rtscts } = this.#options;
    let stream: SerialStream;
    try {
      stream = new SerialPortStream({
        binding: this.#binding,
        path,
        baudRate,
        autoOpen: false,
        ...(dataBits !== undefined ? { dataBits } : {}),
        ...(stopBits !== undefined ? { stopBits } : {}),
        ...(parity !== undefined ? { parity } : {}),
        ...(rtscts !== undefined ? { rtscts } : {}),
      });
    } catch (error) {
      throw new TransportError(this.id, { kind: 'error', message: String(error) }, { cause: error });
    }
    const session: Session = { stream, ended: false, closeRequested: false, pendingWrites: new Set() };

    // An 'error' without a listener would crash the process; after open it means the session is dead
    // once the stream is no longer open (a failed write destroys the stream).
    stream.on('error', (error: Error) => {
      this.log.warn({ err: error.message }, 'serial port error');
      if (!stream.isOpen || stream.destroyed) this.end(session, classifySerialError(error, path));
    });
    stream.on('close', (error?: Error | null) => {
      if (session.closeRequested) this.end(session, session.abortReason ?? { kind: 'closed' });
      else if (error) this.end(session, classifySerialError(error, path));
      else this.end(session, { kind: 'unplugged', message: 'port closed unexpectedly' });
    });
    stream.on('data', (chunk: Buffer) => {
      if (!session.ended) this.emitData(chunk);
    });

    await new Promise<void>((resolve, reject) => {
      stream.open((error) => {
        if (!error) {
          resolve();
          return;
        }
        session.ended = true;
        const reason = classifySerialError(error, path);
        this.openFailed(reason);
        this.log.warn({ reason: reason.kind, err: error.message }, 'serial port open failed');
        reject(new TransportError(this.id, reason, { cause: error }));
      });
    });
    this.began(session);
    this.log.info({ path, baudRate }, 'serial port open');
  }

  write(bytes: Uint8Array): Promise<void> {
    const session = this.session;
    if (!session || !this.isOpen) return Promise.reject(this.closedError());
    const { stream } = session;
    const path = this.#options.path;
    return new Promise<void>((resolve, reject) => {
      const settle = (error: TransportError | undefined): void => {
        if (!session.pendingWrites.delete(settle)) return;
        if (error) reject(error);
        else resolve();
      };
      const fail = (error: Error): void => settle(new TransportError(this.id, classifySerialError(error, path), { cause: error }));
      session.pendingWrites.add(settle);
      stream.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (writeError) => {
        if (writeError) {
          fail(writeError);
          return;
        }
        // The write callback only means the binding accepted the bytes; drain waits for the UART.
        stream.drain((drainError) => (drainError ? fail(drainError) : settle(undefined)));
      });
    });
  }

  async close(): Promise<void> {
    const session = await this.sessionToClose();
    if (!session) return;
    session.closeRequested = true;
    await new Promise<void>((resolve) => {
      if (!session.stream.isOpen) {
        resolve();
        return;
      }
      session.stream.close(() => resolve());
    });
    this.end(session, { kind: 'closed' });
  }

  /**
   * Ends the session with `reason`, for a watchdog that knows better than the OS: serialport may not
   * notice an unplugged adapter until the next write (serialport #2043, #2351).
   */
  async abort(reason: TransportCloseReason): Promise<void> {
    const session = this.session;
    if (!session || session.ended) return;
    session.abortReason = reason;
    session.closeRequested = true;
    await new Promise<void>((resolve) => {
      if (!session.stream.isOpen) resolve();
      else session.stream.close(() => resolve());
    });
    this.end(session, reason);
  }

  protected override teardown(session: Session, reason: TransportCloseReason): void {
    for (const settle of [...session.pendingWrites]) settle(new TransportError(this.id, reason));
  }
}
