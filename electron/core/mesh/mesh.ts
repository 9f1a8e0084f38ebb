import type { WebSocket } from 'ws';
import type { Clock } from '../../../shared/clock.js';
import type { MeshStatusView, MeshView, PeerView } from '../../../shared/ipc/diagnostics.js';
import type { Logger } from '../../../shared/logger.js';
import type { SignedDocument } from '../../../shared/sync/mesh.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import type { Commit } from '../store/commit-notice.js';
import { FoundPeers } from './discovery/found-peers.js';
import type { PeerRole } from './mesh-auth.js';
import { MeshLog } from './mesh-log.js';
import { MeshTrust } from './mesh-trust.js';
import { PeerDialer } from './peer-dialer.js';
import { PeerSession, type SendQueueBound } from './peer-session.js';
import { PEER_PATH, PeerTlsServer } from './peer-tls-server.js';
import { PeerCloseCode } from './protocol.js';
import type { RevocationStore } from './revocations.js';
import type { StationIdentity } from './station-identity.js';
import type { StoreData } from '../store-data/store-data.js';
import { MeshStoreData } from './store-data-sync.js';

/** What the mesh says until the station holds a store-signed certificate. */
export const NOT_PAIRED = 'not paired yet (needs the central server once)';

export interface MeshDeps {
  db: Db;
  store: EventStore;
  stationId: string;
  /** This station's keys, and its certificate once paired through the central server. */
  identity: StationIdentity;
  revocations: RevocationStore;
  /** Where the peer endpoint (TLS) listens; undefined: no mesh on this station (no endpoint, no peer dialled). */
  listen: { host: string; port: number } | undefined;
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
 * The store mesh on this station: every station is a peer, none a hub. It serves `/peer` on its own
 * TLS endpoint, dials the listed peers, and keeps every connected peer's copy of the log level with
 * its own: what a peer misses goes out in bounded pages, and every commit (local, from the server or
 * from another peer) is pushed at once. Nothing is dialled or accepted before the station is paired.
 */
export class Mesh {
  private readonly log: MeshLog;
  private trust: MeshTrust | undefined;
  private readonly endpoint: PeerTlsServer | undefined;
  private readonly links = new Set<Link>();
  private readonly dialers: PeerDialer[];
  private readonly listeners: ListenerSet<MeshStatusView>;
  /** Stations found on the LAN (mDNS) and not listed. */
  private readonly found: FoundPeers;
  /** The last summary listeners were told, so a redial that changes nothing tells nobody. */
  private lastSummary = '';
  private closing = false;
  private started = false;
  /** A session outlives no certificate: expiry is checked each minute, as revocations are whenever they arrive. */
  private readonly expiry = setInterval(() => this.dropRevoked(), 60_000).unref();
  private dialling = false;
  private readonly storeData: MeshStoreData | undefined;

  constructor(private readonly deps: MeshDeps) {
    this.storeData = deps.storeData
      ? new MeshStoreData(deps.storeData, () => [...this.links].map((l) => l.session), deps.logger.child({ component: 'mesh' }))
      : undefined;
    this.listeners = new ListenerSet((err) => deps.logger.error({ err }, 'mesh status listener failed'));
    this.log = new MeshLog(deps.db);
    this.trust = this.trustFromPairing();
    this.endpoint = deps.listen
      ? new PeerTlsServer(
          deps.identity.tls,
          () => (this.closing ? 'station shutting down' : this.trust ? undefined : NOT_PAIRED),
          ({ socket, address, peerTlsFingerprint }) => this.attach(socket, 'listener', undefined, address, peerTlsFingerprint),
        )
      : undefined;
    this.dialers = deps.listen
      ? deps.peers.map(
          ({ url }) =>
            new PeerDialer({
              url,
              logger: deps.logger,
              tls: () => deps.identity.tls,
              opened: (socket, dialer, fingerprint) => this.attach(socket, 'dialer', dialer, url, fingerprint),
              changed: () => this.changed(),
            }),
        )
      : [];
    this.found = new FoundPeers({
      selfId: deps.stationId,
      listed: this.dialers,
      logger: deps.logger,
      tls: () => deps.identity.tls,
      opened: (socket, dialer, url, fingerprint) => this.attach(socket, 'dialer', dialer, url, fingerprint),
      changed: () => this.changed(),
    });
  }

  /** Opens the peer endpoint and, once paired, dials the listed peers. Returns the endpoint's URL. */
  async start(): Promise<string | undefined> {
    if (!this.endpoint || !this.deps.listen) return undefined;
    const address = await this.endpoint.listen(this.deps.listen.host, this.deps.listen.port);
    this.started = true;
    this.dialIfPaired();
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    return `wss://${host}:${address.port}${PEER_PATH}`;
  }

  get identity(): StationIdentity {
    return this.deps.identity;
  }

  /** Whether the station holds a certificate (it may have been paired on an earlier run). */
  get paired(): boolean {
    return this.trust !== undefined;
  }

  /** Pairing brought (or renewed) the certificate: peers are judged with it from now on, and dialled. */
  pairingChanged(): void {
    this.trust = this.trustFromPairing();
    this.dropRevoked();
    this.dialIfPaired();
    this.changed();
  }

  /**
   * Revocations from the server or a peer: each is verified against the store key and kept; new ones
   * close the sessions of the stations they revoke and go on to every other connected peer.
   */
  addRevocations(documents: readonly SignedDocument[], from?: PeerSession): void {
    const pairing = this.deps.identity.pairing;
    if (!pairing || documents.length === 0) return;
    const { added, refused } = this.deps.revocations.add(documents, pairing.storeKey, pairing.body.storeId);
    if (refused.length > 0)
      this.deps.logger.warn({ refused: refused.length, reason: refused[0], peer: from?.peerId }, 'revocations refused');
    if (added.length === 0) return;
    this.deps.logger.warn(
      { revoked: added.map((r) => ({ stationId: r.body.stationId, serial: r.body.serial })), from: from?.peerId ?? 'server' },
      'station revocations received',
    );
    this.dropRevoked();
    for (const link of this.links) if (link.session !== from) link.session.sendRevocations(added.map((r) => r.document));
    this.changed();
  }

  /** The store this station belongs to, once paired. */
  get storeId(): string | undefined {
    return this.trust?.storeId;
  }

  /** Discovery found another station of this store at `url` (who it really is, the handshake proves). */
  discovered(url: string, stationId: string): void {
    if (this.trust && !this.closing) this.found.discovered(url, stationId);
  }

  /** Its announcement said goodbye. */
  undiscovered(stationId: string): void {
    this.found.undiscovered(stationId);
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
    return {
      enabled: this.enabled,
      ...this.pairingNote(),
      connected: peers.filter((p) => p.state === 'connected').length,
      peers,
    };
  }

  status(): MeshView {
    const vector = this.log.vector();
    const peers: PeerView[] = this.peerStates().map(({ view, session, heardBefore }) => {
      const progress = this.progress(session, vector);
      return { ...view, ...progress, lastHeardAt: progress.lastHeardAt ?? heardBefore ?? null };
    });
    return {
      enabled: this.enabled,
      ...this.pairingNote(),
      storeId: this.trust?.storeId ?? null,
      vector,
      peers,
      refusedEvents: this.log.listConflicts(),
    };
  }

  /** On: the station has a peer endpoint and a certificate. */
  private get enabled(): boolean {
    return this.endpoint !== undefined && this.trust !== undefined;
  }

  private pairingNote(): { pairing?: string } {
    return this.endpoint !== undefined && this.trust === undefined ? { pairing: NOT_PAIRED } : {};
  }

  private trustFromPairing(): MeshTrust | undefined {
    const pairing = this.deps.identity.pairing;
    if (!pairing) return undefined;
    this.deps.revocations.load(pairing.storeKey, pairing.body.storeId);
    return new MeshTrust(this.deps.identity, pairing, this.deps.revocations);
  }

  private dialIfPaired(): void {
    if (!this.started || this.dialling || !this.trust || this.closing) return;
    this.dialling = true;
    for (const dialer of this.dialers) dialer.start();
    this.found.start();
  }

  /** Sessions of stations revoked by what this station has heard end now, with the reason. */
  private dropRevoked(): void {
    const trust = this.trust;
    if (!trust) return;
    for (const link of this.links) {
      const peer = link.session.peerCertificate;
      if (peer && trust.isRevoked(peer))
        link.session.refuseRevoked(`station ${peer.stationId} is revoked (certificate serial ${peer.serial})`);
    }
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
    for (const { stationId, dialer } of this.found.entries()) {
      const link = [...this.links].find((l) => l.session.state === 'ready' && l.session.peerId === stationId);
      peers.push({
        view: {
          found: 'mdns',
          url: dialer.url,
          address: link?.address ?? null,
          stationId,
          state: link ? 'connected' : dialer.state,
          reason: link ? null : dialer.reason,
        },
        session: link?.session,
        heardBefore: dialer.lastHeardAt,
      });
    }
    const listedIds = new Set([...this.dialers.map((d) => d.stationId), ...this.found.entries().map((f) => f.stationId)]);
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
    clearInterval(this.expiry);
    this.storeData?.stop();
    for (const dialer of this.dialers) dialer.stop();
    this.found.stop();
    for (const link of this.links) link.session.close(PeerCloseCode.shuttingDown, 'station shutting down');
    await this.endpoint?.close();
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

  private attach(
    socket: WebSocket,
    role: PeerRole,
    dialer: PeerDialer | undefined,
    address: string | null,
    peerTlsFingerprint: string | null,
  ): void {
    const { trust, deps } = this;
    if (!trust || this.closing) return socket.close(PeerCloseCode.shuttingDown, 'mesh closed');
    const link: Link = {
      dialer,
      address,
      session: new PeerSession({
        socket,
        role,
        self: { storeId: trust.storeId, stationId: deps.stationId },
        trust,
        peerTlsFingerprint,
        onRevocations: (records, session) => this.addRevocations(records, session),
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
    if (link.dialer && this.dialers.includes(link.dialer)) this.found.listedConnected(peerId);
    this.changed();
  }
}
