import WebSocket from 'ws';
import { backoffDelay, type BackoffPolicy } from '../../../shared/util/backoff.js';
import type { Logger } from '../../../shared/logger.js';
import { MAX_PEER_FRAME_BYTES, PeerCloseCode } from './protocol.js';

/** Peer links: 250 ms doubling to 30 s, ±20 % (a peer that is down stays down for a while; a flap comes back fast). */
const PEER_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2 };

export type DialState = 'connecting' | 'connected' | 'refused' | 'disconnected';

/** The peer endpoint a listed URL names: `http://host:port` means that station's `/peer`. */
export function peerEndpoint(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/peer';
  return parsed.toString();
}

export interface PeerDialerDeps {
  url: string;
  logger: Logger;
  /** A socket is open: the mesh runs the handshake on it and calls `settled` when it ends. */
  opened(socket: WebSocket, dialer: PeerDialer): void;
  /** Its state or reason may have moved (dialling again, connected, refused, dropped). */
  changed?: () => void;
  random?: () => number;
}

/** One listed peer: dialled at start, and again with backoff whenever the connection ends. */
export class PeerDialer {
  state: DialState = 'connecting';
  reason: string | null = null;
  stationId: string | null = null;
  /** When the peer was last heard on a connection that has ended (the mesh notes it). */
  lastHeardAt: number | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(private readonly deps: PeerDialerDeps) {}

  get url(): string {
    return this.deps.url;
  }

  start(): void {
    this.dial();
  }

  /** The handshake succeeded: the next failure starts the backoff from the beginning. */
  connected(stationId: string): void {
    this.state = 'connected';
    this.reason = null;
    this.stationId = stationId;
    this.attempt = 0;
    this.deps.changed?.();
  }

  /** The connection ended; `refusal` when either side refused it (key, store, clock). */
  settled(refusal: string | undefined, duplicate: boolean): void {
    this.socket = undefined;
    if (this.stopped) return;
    this.state = refusal ? 'refused' : 'disconnected';
    this.reason = refusal ?? (duplicate ? 'the peer keeps its own connection to this station' : this.reason);
    this.attempt += 1;
    // A duplicate link stays with the other side's connection: come back only at the slowest pace.
    const delay = duplicate ? PEER_BACKOFF.maxMs : backoffDelay(this.attempt, PEER_BACKOFF, this.deps.random);
    this.timer = setTimeout(() => this.dial(), delay);
    this.timer.unref();
    this.deps.changed?.();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(PeerCloseCode.shuttingDown, 'station shutting down');
  }

  private dial(): void {
    if (this.stopped) return;
    if (this.state !== 'refused') this.state = 'connecting';
    this.deps.changed?.();
    const socket = new WebSocket(peerEndpoint(this.deps.url), { maxPayload: MAX_PEER_FRAME_BYTES, handshakeTimeout: 5_000 });
    this.socket = socket;
    let opened = false;
    socket.once('open', () => {
      opened = true;
      this.deps.opened(socket, this);
    });
    socket.on('error', (error) => {
      if (opened) return;
      this.reason = error.message;
      this.deps.logger.debug({ url: this.deps.url, err: error }, 'peer not reachable');
    });
    socket.once('close', () => {
      if (!opened) this.settled(undefined, false);
    });
  }
}
