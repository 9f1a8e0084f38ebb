import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { backoffDelay, type BackoffPolicy } from '../../../shared/util/backoff.js';
import type { Logger } from '../../../shared/logger.js';
import { MAX_PEER_FRAME_BYTES, PeerCloseCode } from './protocol.js';
import { presentedFingerprint } from './peer-tls-server.js';

/** Peer links: 250 ms doubling to 30 s, ±20 % (a peer that is down stays down for a while; a flap comes back fast). */
const PEER_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2 };

export type DialState = 'connecting' | 'connected' | 'refused' | 'disconnected';

/**
 * The peer endpoint a listed URL names: `wss://host:port/peer` as `npm start` prints it; any of
 * http(s)/ws(s) and a bare `host:port` mean the same, since peer traffic is always TLS.
 */
export function peerEndpoint(url: string): string {
  const parsed = new URL(url);
  parsed.protocol = 'wss:';
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/peer';
  return parsed.toString();
}

export interface PeerDialerDeps {
  url: string;
  logger: Logger;
  /** This station's TLS key and certificate, presented to the peer (it compares them with the pin). */
  tls: () => { key: string; cert: string };
  /** A socket is open: the mesh runs the handshake on it (with the TLS certificate the peer presented) and calls `settled` when it ends. */
  opened(socket: WebSocket, dialer: PeerDialer, peerTlsFingerprint: string | null): void;
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
    const { key, cert } = this.deps.tls();
    const socket = new WebSocket(peerEndpoint(this.deps.url), {
      maxPayload: MAX_PEER_FRAME_BYTES,
      handshakeTimeout: 5_000,
      key,
      cert,
      // No CA vouches for a station's TLS certificate and LAN addresses change, so neither the chain
      // nor the host name is checked here: the session checks the certificate against the fingerprint
      // the peer's store-signed station certificate pins, before any event moves.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.3',
    });
    this.socket = socket;
    let opened = false;
    let peerTlsFingerprint: string | null = null;
    let answered = false;
    socket.once('upgrade', (response) => {
      peerTlsFingerprint = presentedFingerprint(response.socket as TLSSocket);
    });
    socket.once('open', () => {
      opened = true;
      this.deps.opened(socket, this, peerTlsFingerprint);
    });
    socket.on('unexpected-response', (_request, response) => {
      // The peer's endpoint said why (not paired yet, browsers refused): keep it as the reason.
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, 200);
        this.reason = `peer answered ${response.statusCode ?? '?'}${text ? `: ${text}` : ''}`;
        socket.terminate();
      });
    });
    socket.on('error', (error) => {
      if (opened || answered) return;
      this.reason = error.message;
      this.deps.logger.debug({ url: this.deps.url, err: error }, 'peer not reachable');
    });
    socket.once('close', () => {
      if (!opened) this.settled(undefined, false);
    });
  }
}
