import type { RawData } from 'ws';
import type { Clock } from '../../../shared/clock.js';
import type { DomainEvent } from '../../../shared/events.js';
import type { Logger } from '../../../shared/logger.js';
import { wsText } from '../ipc/ws-text.js';
import type { SignedDocument, StationCertificateBody } from '../../../shared/sync/mesh.js';
import { newNonce, type PeerRole } from './mesh-auth.js';
import type { MeshTrust } from './mesh-trust.js';
import type { MeshLog } from './mesh-log.js';
import type { PeerSocket } from './peer-socket.js';
import { MESH_PROTOCOL_VERSION, PAGE_EVENTS, PeerCloseCode, PeerFrame } from './protocol.js';
import type { StoreDataFrame } from './store-data-sync.js';

/**
 * The per-peer send queue's bound: pages sent and not yet acknowledged, and bytes the socket has
 * not written. At the bound the live stream is shed: nothing more is queued, and once the peer
 * acknowledges, the rest is read from the log (anti-entropy) instead of piling up in memory.
 */
export interface SendQueueBound {
  /** Pages sent and not yet acknowledged. */
  maxPagesInFlight: number;
  /** Events per page (at most the wire's `PAGE_EVENTS`). */
  pageEvents: number;
}
const DEFAULT_BOUND: SendQueueBound = { maxPagesInFlight: 16, pageEvents: PAGE_EVENTS };
const MAX_BUFFERED_BYTES = 1024 * 1024;
const HANDSHAKE_TIMEOUT_MS = 5_000;
const HEARTBEAT_MS = 15_000;

export type SessionState = 'handshake' | 'ready' | 'closed';

export interface PeerSessionDeps {
  socket: PeerSocket;
  role: PeerRole;
  self: { storeId: string; stationId: string };
  /** This station's certificate and key, the store key and the revocations heard: how both sides are judged. */
  trust: MeshTrust;
  /**
   * SHA-256 of the TLS certificate the peer's end of this socket presented (null: none). It must be
   * the one the peer's store-signed certificate pins, or someone in between terminated the TLS.
   */
  peerTlsFingerprint: string | null;
  /** The peer sent revocations: the mesh verifies and keeps them, passes them on, and drops revoked peers. */
  onRevocations(records: readonly SignedDocument[], session: PeerSession): void;
  clock: Clock;
  /** The HLC drift bound of the store: a peer whose clock is further off is refused. */
  maxClockDriftMs: number;
  log: MeshLog;
  store: { applyPeerPage(events: readonly DomainEvent[], admit: (event: DomainEvent) => boolean): { inserted: number } };
  logger: Logger;
  bound?: SendQueueBound;
  /** Store data exchange (mesh/store-data-sync.ts): told when the session is ready and given its frames. */
  storeData?: { ready(session: PeerSession): void; frame(session: PeerSession, frame: StoreDataFrame): void };
  onReady(session: PeerSession): void;
  onClosed(session: PeerSession): void;
}

/**
 * One connection to a peer, whichever side dialled: the handshake (store, station id, clock, the
 * peer's store-signed certificate, the TLS pin, and a mutual signature over fresh nonces), then both
 * directions at once: what the peer misses is sent from the log in bounded pages, and every later
 * commit is pushed as it happens.
 */
export class PeerSession {
  state: SessionState = 'handshake';
  peerId: string | undefined;
  /** Why the handshake failed, said by either side; undefined for a plain disconnect. */
  refusal: string | undefined;
  lastHeardAt: number | undefined;
  /** The WebSocket close code, once closed. */
  closeCode: number | undefined;
  /** The peer's version vector as it last told us (with what it has sent us since). */
  readonly theirVv: Record<string, number> = {};
  /** Times the bound stopped the live stream (the peer was then served from the log). */
  shed = 0;
  /** The peer's verified certificate, once its hello passed. */
  peerCertificate: StationCertificateBody | undefined;

  private readonly nonce = newNonce();
  private theirNonce: string | undefined;
  /** Per origin, the seq up to which the peer has, or has been sent, every event. */
  private readonly sent = new Map<string, number>();
  private readonly compactedSent = new Map<string, number>();
  /** Per origin, the last `after` asked for: the same gap is asked for once, never in a loop. */
  private readonly wanted = new Map<string, number>();
  private inFlight = 0;
  private heardVector = false;
  private alive = true;
  private readonly handshakeTimer: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;
  private logger: Logger;

  constructor(private readonly deps: PeerSessionDeps) {
    this.logger = deps.logger;
    const { socket } = deps;
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('pong', () => (this.alive = true));
    socket.on('error', (error) => this.logger.warn({ err: error }, 'peer socket error'));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString()));
    this.handshakeTimer = setTimeout(() => {
      if (this.state === 'handshake') this.refuse('handshake timed out');
    }, HANDSHAKE_TIMEOUT_MS);
    this.heartbeat = setInterval(() => {
      // A peer that vanished without a FIN (cable out, laptop lid) is dropped; the dialer reconnects.
      if (!this.alive) return socket.terminate();
      this.alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    this.handshakeTimer.unref();
    this.heartbeat.unref();
    this.send({
      t: 'hello',
      v: MESH_PROTOCOL_VERSION,
      storeId: deps.self.storeId,
      stationId: deps.self.stationId,
      cert: deps.trust.certificate,
      nonce: this.nonce,
      now: deps.clock.now(),
    });
  }

  get role(): PeerRole {
    return this.deps.role;
  }

  /** Sends the peer whatever it misses, up to the queue's bound. Called after every commit and acknowledgement. */
  pump(): void {
    if (this.state !== 'ready' || !this.heardVector) return;
    const { log, socket, bound = DEFAULT_BOUND } = this.deps;
    for (const [origin, held] of Object.entries(log.vector())) {
      for (;;) {
        const after = this.sent.get(origin) ?? 0;
        if (after >= held) break;
        if (this.inFlight >= bound.maxPagesInFlight || socket.bufferedAmount >= MAX_BUFFERED_BYTES) {
          this.shed += 1;
          return;
        }
        const floor = log.floor(origin);
        if (after < floor && this.compactedSent.get(origin) !== floor) {
          this.send({ t: 'compacted', origin, through: floor });
          this.compactedSent.set(origin, floor);
        }
        const page = log.range(origin, after, bound.pageEvents);
        if (page.length === 0) {
          this.sent.set(origin, held);
          break;
        }
        // The stored bytes go as they are: the receiver parses and checks every event anyway.
        socket.send(`{"t":"events","events":[${page.map((e) => e.body).join(',')}]}`);
        this.sent.set(origin, page.at(-1)!.seq);
        this.inFlight += 1;
      }
    }
  }

  /** Passes revocations on (the peer keeps the ones it had not heard). */
  sendRevocations(records: readonly SignedDocument[]): void {
    if (this.state === 'ready' && records.length > 0) this.send({ t: 'revocations', records: [...records] });
  }

  /** Closes the connection because the peer's certificate stopped counting while connected (revoked, expired). */
  refuseRevoked(reason: string): void {
    this.refuse(reason);
  }

  /** Store data frames go out only once the peer proved the store key. */
  sendStoreData(frame: StoreDataFrame): void {
    if (this.state === 'ready') this.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.deps.socket.close(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.alive = true;
    this.lastHeardAt = this.deps.clock.now();
    let json: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      json = JSON.parse(wsText(data));
    } catch (error) {
      return this.protocolError(`malformed frame: ${(error as Error).message}`);
    }
    const parsed = PeerFrame.safeParse(json);
    if (!parsed.success) return this.protocolError(`malformed frame: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const frame = parsed.data;
    // Beyond the handshake, every frame reads or writes events or revocations: only after the peer proved its certificate.
    const handshake = frame.t === 'hello' || frame.t === 'proof' || frame.t === 'refuse';
    if (!handshake && this.state !== 'ready') return this.protocolError(`${frame.t} before authentication`);
    switch (frame.t) {
      case 'hello':
        return this.onHello(frame);
      case 'proof':
        return this.onProof(frame.sig);
      case 'revocations':
        return this.deps.onRevocations(frame.records, this);
      case 'refuse':
        this.refusal = `refused by peer: ${frame.reason}`;
        this.logger.warn({ reason: frame.reason }, 'peer refused this station');
        return this.close(PeerCloseCode.refused, 'refused');
      case 'have':
        return this.onHave(frame.vv, frame.ack);
      case 'events':
        return this.onEvents(frame.events);
      case 'want':
        this.sent.set(frame.origin, Math.min(this.sent.get(frame.origin) ?? 0, frame.after));
        this.compactedSent.delete(frame.origin);
        return this.pump();
      case 'compacted':
        this.logger.info({ origin: frame.origin, through: frame.through }, 'peer compacted this range; the server holds it');
        return this.deps.log.raiseFloor(frame.origin, frame.through);
      case 'data-have':
      case 'data':
        return this.deps.storeData?.frame(this, frame);
    }
  }

  private onHello(hello: Extract<PeerFrame, { t: 'hello' }>): void {
    if (this.theirNonce !== undefined) return this.protocolError('second hello');
    const { self, clock, maxClockDriftMs, trust, role } = this.deps;
    this.peerId = hello.stationId;
    this.logger = this.deps.logger.child({ peer: hello.stationId });
    if (hello.storeId !== self.storeId) return this.refuse(`peer belongs to store ${hello.storeId}, this station to ${self.storeId}`);
    if (hello.stationId === self.stationId) return this.refuse(`peer claims this station's own id ${self.stationId}`);
    const skew = hello.now - clock.now();
    if (Math.abs(skew) > maxClockDriftMs) {
      return this.refuse(`peer clock differs from this station's by ${skew} ms (limit ${maxClockDriftMs} ms)`);
    }
    const certificate = trust.verifyPeer(hello.cert, hello.stationId, clock.now());
    if (!certificate.ok) return this.refuse(certificate.reason);
    // Trust is the store-signed certificate, not a TLS CA: the TLS certificate this socket saw must be
    // the one the peer pinned at pairing, or the encrypted channel ends at someone else.
    if (this.deps.peerTlsFingerprint !== certificate.body.tlsFingerprint)
      return this.refuse(
        this.deps.peerTlsFingerprint === null
          ? 'peer presented no TLS certificate'
          : 'TLS certificate on this connection is not the one pinned in the peer’s station certificate (interception?)',
      );
    this.peerCertificate = certificate.body;
    this.theirNonce = hello.nonce;
    const sig = trust.prove({
      verifierNonce: hello.nonce,
      proverNonce: this.nonce,
      proverRole: role,
      proverId: self.stationId,
      storeId: self.storeId,
    });
    this.send({ t: 'proof', sig });
  }

  private onProof(sig: string): void {
    if (this.theirNonce === undefined || this.peerId === undefined || this.peerCertificate === undefined || this.state !== 'handshake')
      return this.protocolError('unexpected proof');
    const verified = this.deps.trust.verifyProof(this.peerCertificate, sig, {
      verifierNonce: this.nonce,
      proverNonce: this.theirNonce,
      proverRole: this.deps.role === 'dialer' ? 'listener' : 'dialer',
      proverId: this.peerId,
      storeId: this.deps.self.storeId,
    });
    if (!verified) return this.refuse('proof did not verify with the key in the peer’s station certificate');
    this.state = 'ready';
    clearTimeout(this.handshakeTimer);
    this.logger.info({ role: this.deps.role, serial: this.peerCertificate.serial }, 'peer connected');
    this.send({ t: 'have', vv: this.deps.log.vector(), ack: 0 });
    this.sendRevocations(this.deps.trust.revocationDocuments());
    this.deps.storeData?.ready(this);
    this.deps.onReady(this);
  }

  private onHave(vv: Readonly<Record<string, number>>, ack: number): void {
    this.heardVector = true;
    this.inFlight = Math.max(0, this.inFlight - ack);
    for (const [origin, seq] of Object.entries(vv)) {
      this.theirVv[origin] = seq;
      // With nothing in flight the peer's vector is the truth, lower or not (it left out a gap, or lost data).
      if (this.inFlight === 0 || seq > (this.sent.get(origin) ?? 0)) this.sent.set(origin, seq);
    }
    this.pump();
  }

  private onEvents(events: readonly DomainEvent[]): void {
    const { log, store, clock } = this.deps;
    const peer = this.peerId!;
    // The peer sends only what it holds contiguously: it has everything of these origins up to here.
    for (const event of events) {
      if (event.seq > (this.sent.get(event.origin) ?? 0)) this.sent.set(event.origin, event.seq);
      if (event.seq > (this.theirVv[event.origin] ?? 0)) this.theirVv[event.origin] = event.seq;
    }
    const gaps = new Set<string>();
    const now = clock.now();
    let conflicts = 0;
    try {
      store.applyPeerPage(events, (event) => {
        const admission = log.admit(event, peer, now);
        if (admission === 'gap') gaps.add(event.origin);
        if (admission === 'conflict') {
          conflicts += 1;
          this.logger.warn({ origin: event.origin, seq: event.seq, eventId: event.id }, 'peer event conflicts with a held one; refused');
        }
        return admission === 'insert';
      });
    } catch (error) {
      this.logger.error({ err: error }, 'peer page could not be applied');
      return this.close(PeerCloseCode.protocolError, 'page not applied');
    }
    if (conflicts > 0) this.logger.warn({ conflicts }, 'peer page had conflicting events');
    for (const origin of gaps) {
      const after = log.contiguous(origin);
      if (this.wanted.get(origin) === after) continue;
      this.wanted.set(origin, after);
      this.logger.debug({ origin, after }, 'peer event before its predecessor; asking again');
      this.send({ t: 'want', origin, after });
    }
    this.send({ t: 'have', vv: log.vector(), ack: 1 });
  }

  private refuse(reason: string): void {
    this.refusal = reason;
    this.logger.warn({ reason }, 'peer refused');
    this.send({ t: 'refuse', reason });
    this.close(PeerCloseCode.refused, 'refused');
  }

  private protocolError(reason: string): void {
    this.logger.warn({ reason }, 'peer protocol error; closing that connection');
    this.close(PeerCloseCode.protocolError, reason.slice(0, 120));
  }

  private onClose(code: number, reason: string): void {
    if (this.state === 'closed') return;
    const wasReady = this.state === 'ready';
    this.state = 'closed';
    this.closeCode = code;
    clearTimeout(this.handshakeTimer);
    clearInterval(this.heartbeat);
    if (wasReady) this.logger.info({ code, reason }, 'peer disconnected');
    this.deps.onClosed(this);
  }

  private send(frame: PeerFrame): void {
    if (this.deps.socket.readyState === this.deps.socket.OPEN) this.deps.socket.send(JSON.stringify(frame));
  }
}
