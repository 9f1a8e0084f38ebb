import type WebSocket from 'ws';
import type { Logger } from '../../../../shared/logger.js';
import { PeerDialer, peerEndpoint } from '../peer-dialer.js';

export interface FoundPeersDeps {
  selfId: string;
  /** The listed peers' dialers: a station one of them reaches is not dialled a second time. */
  listed: readonly PeerDialer[];
  logger: Logger;
  /** This station's TLS key and certificate, presented to the found peer as to a listed one. */
  tls: () => { key: string; cert: string };
  /** A found peer's socket opened: the mesh runs the handshake on it, as for a listed peer. */
  opened(socket: WebSocket, dialer: PeerDialer, url: string, peerTlsFingerprint: string | null): void;
  changed(): void;
}

/**
 * The stations discovery found on the LAN and nobody listed, one dialer per announced station id.
 * A goodbye drops a station not connected (or once its link ends); one that vanishes without a
 * goodbye stays, and its dialer's backoff decides how often it is tried.
 */
export class FoundPeers {
  private readonly dialers = new Map<string, PeerDialer>();
  /** Stations whose announcement said goodbye while connected. */
  private readonly gone = new Set<string>();
  private started = false;
  private stopped = false;

  constructor(private readonly deps: FoundPeersDeps) {}

  /** Each found station (the id it announced until a handshake says who it is) and its dialer. */
  entries(): { stationId: string; dialer: PeerDialer }[] {
    return [...this.dialers].map(([announced, dialer]) => ({ stationId: dialer.stationId ?? announced, dialer }));
  }

  start(): void {
    this.started = true;
    for (const dialer of this.dialers.values()) dialer.start();
  }

  stop(): void {
    this.stopped = true;
    for (const dialer of this.dialers.values()) dialer.stop();
  }

  /**
   * Dialled like a listed peer, once: not when a listed peer is that station (by id once known, else
   * by host:port), and not again while its dialer is connected.
   */
  discovered(url: string, stationId: string): void {
    if (this.stopped || stationId === this.deps.selfId) return;
    this.gone.delete(stationId);
    if (this.deps.listed.some((d) => d.stationId === stationId || sameEndpoint(d.url, url))) return;
    const existing = this.dialers.get(stationId);
    if (existing && (existing.url === url || existing.state === 'connected')) return;
    // Not reached at the old address (or never): the station moved, dial the new one.
    existing?.stop();
    const dialer: PeerDialer = new PeerDialer({
      url,
      logger: this.deps.logger,
      tls: this.deps.tls,
      opened: (socket, d, fingerprint) => this.deps.opened(socket, d, url, fingerprint),
      changed: () => {
        // After the dialer's own step (a dial may be opening its socket), so stopping it closes that too.
        if (this.gone.has(stationId) && dialer.state !== 'connected') queueMicrotask(() => this.forgetGone(stationId, dialer));
        this.deps.changed();
      },
    });
    this.dialers.set(stationId, dialer);
    if (this.started) dialer.start();
    this.deps.changed();
  }

  undiscovered(stationId: string): void {
    const dialer = this.dialers.get(stationId);
    if (!dialer) return;
    if (dialer.state === 'connected') this.gone.add(stationId);
    else this.forget(stationId);
    this.deps.changed();
  }

  /** A listed peer's handshake named this station: the listing keeps it, the found dialer goes. */
  listedConnected(stationId: string): void {
    if (this.dialers.has(stationId)) this.forget(stationId);
  }

  private forgetGone(stationId: string, dialer: PeerDialer): void {
    if (this.dialers.get(stationId) !== dialer || !this.gone.has(stationId)) return;
    this.forget(stationId);
    this.deps.changed();
  }

  private forget(stationId: string): void {
    this.dialers.get(stationId)?.stop();
    this.dialers.delete(stationId);
    this.gone.delete(stationId);
  }
}

/** Whether two peer URLs name the same endpoint (host and port), whatever their scheme or path spelling. */
function sameEndpoint(a: string, b: string): boolean {
  try {
    return new URL(peerEndpoint(a)).host === new URL(peerEndpoint(b)).host;
  } catch {
    return false;
  }
}
