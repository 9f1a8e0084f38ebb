import type { RawData } from 'ws';

/**
 * The connection a `PeerSession` speaks over: exactly the members of a `ws` WebSocket it uses, so
 * the protocol runs unchanged over a real socket (the mesh) or a simulated one (sim/, where a seeded
 * network decides every delivery, drop and reset).
 */
export interface PeerSocket {
  readonly OPEN: number;
  readonly readyState: number;
  /** Bytes queued and not yet written: the session stops the live stream above a bound. */
  readonly bufferedAmount: number;
  send(data: string): void;
  ping(): void;
  terminate(): void;
  close(code: number, reason: string): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown;
  on(event: 'pong', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
}
