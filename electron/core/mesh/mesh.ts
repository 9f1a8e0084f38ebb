import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../../../shared/clock.js';
import type { MeshStatusView, MeshView, PeerView } from '../../../shared/ipc/diagnostics.js';
import type { Logger } from '../../../shared/logger.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import type { Commit } from '../store/commit-notice.js';
import { MeshKey, type PeerRole } from './mesh-auth.js';
import { MeshLog } from './mesh-log.js';
import { PeerDialer } from './peer-dialer.js';
import { PeerSession, type SendQueueBound } from './peer-session.js';
import { MAX_PEER_FRAME_BYTES, PeerCloseCode } from './protocol.js';
import type { StoreData } from '../store-data/store-data.js';
import { MeshStoreData } from './store-data-sync.js';

export const PEER_PATH = '/peer';

export interface MeshDeps {
  server: Server;
  db: Db;
  store: EventStore;
  stationId: string;
  /** Without it the peer endpoint refuses every request and no peer is dialled. */
  mesh: { key: string; storeId: string } | undefined;
  peers: readonly { url: string }[];
  clock: Clock;
  maxClockDriftMs: number;
  logger: Logger;
  /** The per-peer send queue's bound (tests make it small). */
  bound?: SendQueueBound;
  /** Store data (routing, …) to keep level with the peers' too. */
  storeData?: StoreData;
}

interface PeerState {
  view: MeshStatusView['peers'][number];
  session: PeerSession | undefined;
  /** When a listed peer was last heard on an earlier connection (so a dropped peer still says when). */
  heardBefore?: number | null;
}

interface Link {
  session: PeerSession;
  dialer: PeerDialer | undefined;
  address: string | null;
}

/**
 * The store mesh on this station: every station is a peer, none a hub. It listens on `/peer` of the
 * station's HTTP server, dials the listed peers, and keeps every connected peer's copy of the log
 * level with its own: what a peer misses goes out in bounded pages, and every commit (local, from
 * the server or from another peer) is pushed at once.
 */
export class Mesh {
  private readonly log: MeshLog;
  private readonly key: MeshKey | undefined;
  private readonly wss: WebSocketServer;
  private readonly links = new Set<Link>();
  private readonly dialers: PeerDialer[];
  private readonly listeners: ListenerSet<MeshStatusView>;
  /** The last summary listeners were told, so a redial that changes nothing tells nobody. */
  private lastSummary = '';
  private closing = false;
  private readonly storeData: MeshStoreData | undefined;

  constructor(private readonly deps: MeshDeps) {
    this.storeData = deps.storeData
      ? new MeshStoreData(deps.storeData, () => [...this.links].map((l) => l.session), deps.logger.child({ component: 'mesh' }))
      : undefined;
    this.listeners = new ListenerSet((err) => deps.logger.error({ err }, 'mesh status listener failed'));
    this.log = new MeshLog(deps.db);
    this.key = deps.mesh ? new MeshKey(deps.mesh.key) : undefined;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PEER_FRAME_BYTES });
    deps.server.on('upgrade', this.onUpgrade);
    this.dialers = this.key
      ? deps.peers.map(
          ({ url }) =>
            new PeerDialer({
              url,
              logger: deps.logger,
              opened: (socket, dialer) => this.attach(socket, 'dialer', dialer, url),
              changed: () => this.changed(),
            }),
        )
      : [];
  }

  /** Dials the listed peers; call once the station's own endpoint is listening. */
  start(): void {
    for (const dialer of this.dialers) dialer.start();
  }

  /** After each commit: the vector moves, and every connected peer is sent what it now misses. */
  committed(commit: Commit): void {
    this.log.noteInserted(commit.events);
    for (const link of this.links) link.session.pump();
  }

  /** Called with the summary whenever a peer connects, drops, is refused or is dialled again. */
  onChange(listener: (status: MeshStatusView) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Each peer's state and how many are connected: what the banner needs, without counters. */
  summary(): MeshStatusView {
    const peers = this.peerStates().map(({ view }) => view);
    return { enabled: this.key !== undefined, connected: peers.filter((p) => p.state === 'connected').length, peers };
  }

  status(): MeshView {
    const vector = this.log.vector();
    const peers: PeerView[] = this.peerStates().map(({ view, session, heardBefore }) => {
      const progress = this.progress(session, vector);
      return { ...view, ...progress, lastHeardAt: progress.lastHeardAt ?? heardBefore ?? null };
    });
    return {
      enabled: this.key !== undefined,
      storeId: this.deps.mesh?.storeId ?? null,
      vector,
      peers,
      refusedEvents: this.log.listConflicts(),
    };
  }

  /** Listed peers first (connected through whichever link the pair kept), then stations that dialled in. */
  private peerStates(): PeerState[] {
    const peers: PeerState[] = this.dialers.map((dialer) => {
      const link = [...this.links].find((l) => l.session.state === 'ready' && l.session.peerId === dialer.stationId && dialer.stationId);
      return {
        view: {
          found: 'listed',
          url: dialer.url,
          address: link?.address ?? null,
          stationId: dialer.stationId,
          state: link ? 'connected' : dialer.state,
          reason: link ? null : dialer.reason,
        },
        session: link?.session,
        heardBefore: dialer.lastHeardAt,
      };
    });
    const listedIds = new Set(this.dialers.map((d) => d.stationId));
    for (const link of this.links) {
      if (link.dialer || link.session.state !== 'ready' || listedIds.has(link.session.peerId ?? null)) continue;
      peers.push({
        view: {
          found: 'inbound',
          url: null,
          address: link.address,
          stationId: link.session.peerId ?? null,
          state: 'connected',
          reason: null,
        },
        session: link.session,
      });
    }
    return peers;
  }

  /** Tells the listeners when the summary moved; silent while shutting down. */
  private changed(): void {
    if (this.closing || this.listeners.size === 0) return;
    const summary = this.summary();
    const key = JSON.stringify(summary);
    if (key === this.lastSummary) return;
    this.lastSummary = key;
    this.listeners.emit(summary);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.storeData?.stop();
    this.deps.server.off('upgrade', this.onUpgrade);
    for (const dialer of this.dialers) dialer.stop();
    for (const link of this.links) link.session.close(PeerCloseCode.shuttingDown, 'station shutting down');
    await new Promise<void>((done) => this.wss.close(() => done()));
  }

  private progress(
    session: PeerSession | undefined,
    vector: Record<string, number>,
  ): Pick<PeerView, 'lastHeardAt' | 'behind' | 'peerBehind' | 'shed'> {
    const behind: Record<string, number> = {};
    const peerBehind: Record<string, number> = {};
    if (session) {
      for (const [origin, seq] of Object.entries(session.theirVv))
        if (seq > (vector[origin] ?? 0)) behind[origin] = seq - (vector[origin] ?? 0);
      for (const [origin, seq] of Object.entries(vector)) {
        const theirs = session.theirVv[origin] ?? 0;
        if (seq > theirs) peerBehind[origin] = seq - theirs;
      }
    }
    return { lastHeardAt: session?.lastHeardAt ?? null, behind, peerBehind, shed: session?.shed ?? 0 };
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://station.invalid');
    if (url.pathname !== PEER_PATH) return;
    const address = request.socket.remoteAddress ?? null;
    if (!this.key || this.closing) {
      this.deps.logger.warn({ address }, 'peer connection refused: no store mesh key configured');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    // Peers are stations, not browsers: a web page on the LAN has no business here.
    if (request.headers.origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.attach(ws, 'listener', undefined, address));
  };

  private attach(socket: WebSocket, role: PeerRole, dialer: PeerDialer | undefined, address: string | null): void {
    const { key, deps } = this;
    if (!key || this.closing) return socket.close(PeerCloseCode.shuttingDown, 'mesh closed');
    const link: Link = {
      dialer,
      address,
      session: new PeerSession({
        socket,
        role,
        self: { storeId: deps.mesh!.storeId, stationId: deps.stationId },
        key,
        clock: deps.clock,
        maxClockDriftMs: deps.maxClockDriftMs,
        log: this.log,
        store: deps.store,
        logger: deps.logger.child({ component: 'mesh', role, ...(dialer ? { url: dialer.url } : { address }) }),
        ...(deps.bound ? { bound: deps.bound } : {}),
        ...(this.storeData ? { storeData: this.storeData } : {}),
        onReady: (session) => this.onReady(link, session),
        onClosed: (session) => {
          this.links.delete(link);
          if (dialer && session.lastHeardAt !== undefined) dialer.lastHeardAt = session.lastHeardAt;
          dialer?.settled(session.refusal, session.closeCode === PeerCloseCode.duplicate);
          this.changed();
        },
      }),
    };
    this.links.add(link);
  }

  /**
   * Two stations that list each other end up with two connections: both keep the one dialled by
   * the station with the smaller id, so each event crosses between them once.
   */
  private onReady(link: Link, session: PeerSession): void {
    link.dialer?.connected(session.peerId!);
    const peerId = session.peerId!;
    const keeperDialer = peerId < this.deps.stationId ? 'peer' : 'self';
    // Kept: the link dialled by the keeper; between two alike, the newer (the older may be half dead).
    const rank = (l: Link) => ((l.session.role === 'dialer' ? 'self' : 'peer') === keeperDialer ? 1 : 0);
    for (const other of this.links) {
      if (other === link || other.session.state !== 'ready' || other.session.peerId !== peerId) continue;
      const drop = rank(link) > rank(other) || rank(link) === rank(other) ? other : link;
      drop.session.close(PeerCloseCode.duplicate, 'duplicate connection');
    }
    this.changed();
  }
}
