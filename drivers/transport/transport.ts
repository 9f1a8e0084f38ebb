/**
 * Why a transport stopped (or could not start). Devices and the UI switch on `kind`; `message` keeps the
 * OS wording for support, and `fix` is remediation text a cashier or installer can act on.
 */
export type TransportCloseReason =
  | { kind: 'closed' }
  | { kind: 'unplugged'; message: string }
  | { kind: 'permission_denied'; message: string; fix: string }
  | { kind: 'timeout' }
  | { kind: 'refused'; message: string; fix?: string }
  | { kind: 'error'; message: string; fix?: string };

export type TransportCloseKind = TransportCloseReason['kind'];

/** A byte pipe to one device. Protocols and devices never know which kind they were given. */
export interface Transport {
  readonly id: string;
  /** Resolves once bytes can be written; rejects with a TransportError. Opening an open transport is a no-op. */
  open(): Promise<void>;
  /** Resolves after the bytes have drained to the OS/device: "handed over", not "printed". */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Fires once per opened session, whoever ends it. */
  onClose(listener: (reason: TransportCloseReason) => void): () => void;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

export function describeCloseReason(reason: TransportCloseReason): string {
  switch (reason.kind) {
    case 'closed':
      return 'Connection closed';
    case 'unplugged':
      return `Device disconnected: ${reason.message}`;
    case 'permission_denied':
      return `Permission denied: ${reason.message}. ${reason.fix}`;
    case 'timeout':
      return 'Device did not answer in time';
    case 'refused':
      return `Connection refused: ${reason.message}${reason.fix ? `. ${reason.fix}` : ''}`;
    case 'error':
      return `Device error: ${reason.message}${reason.fix ? `. ${reason.fix}` : ''}`;
  }
}

/** Thrown by open() and write(); carries the same reason a close would report. */
export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly transportId: string,
    readonly reason: TransportCloseReason,
    options?: { cause?: unknown },
  ) {
    super(`${transportId}: ${describeCloseReason(reason)}`, options);
  }

  get kind(): TransportCloseKind {
    return this.reason.kind;
  }
}
