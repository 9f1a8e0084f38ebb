import { X509Certificate, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { CatalogItem } from '../shared/catalog.js';
import type { DomainEvent } from '../shared/events.js';
import type { SignedDocument } from '../shared/sync/mesh.js';
import { silentLogger } from '../shared/logger.js';
import { followCommits } from '../electron/core/after-commit.js';
import { openDatabase, type Db } from '../electron/core/db/open-database.js';
import { createOrderPeripherals } from '../electron/core/devices/order-peripherals.js';
import { EventStore, type Commit } from '../electron/core/event-store.js';
import { startChannelFiring } from '../electron/core/kitchen/channel-firing.js';
import { KitchenRoutingSettings } from '../electron/core/kitchen/routing-handlers.js';
import { MeshLog } from '../electron/core/mesh/mesh-log.js';
import { MeshTrust } from '../electron/core/mesh/mesh-trust.js';
import { MeshPairing } from '../electron/core/mesh/pairing.js';
import { PeerSession, type PeerSessionDeps } from '../electron/core/mesh/peer-session.js';
import type { PeerSocket } from '../electron/core/mesh/peer-socket.js';
import { RevocationStore } from '../electron/core/mesh/revocations.js';
import { StationIdentity } from '../electron/core/mesh/station-identity.js';
import { MeshStoreData } from '../electron/core/mesh/store-data-sync.js';
import { StoreData } from '../electron/core/store-data/store-data.js';
import { OrderService } from '../electron/core/orders/order-service.js';
import { SyncEngine } from '../electron/core/sync/sync-engine.js';
import type { SimNetwork } from './network.js';
import type { SimRandom } from './random.js';
import { SimServerLink, type SimServer } from './sim-server.js';
import { simDevices, StationHardware, type SimDeviceFaults } from './sim-devices.js';
import { SkewedClock, type SimWorld } from './world.js';

/** The HLC drift bound the stations run with (the station core's MAX_CLOCK_DRIFT_MS). */
export const MAX_CLOCK_DRIFT_MS = 5 * 60_000;
const SYNC_POLL_MS = 5_000;
const PUSH_BATCH = 4;
const STORE_HEADER = { name: 'Simulated store', addressLines: ['1 Simulation Street'] };

/**
 * The one place the simulation builds a peer session: the mesh's protocol, unchanged, on a
 * simulated socket. (When the session's constructor changes, this is the line to adapt.)
 */
export function createPeerSession(deps: PeerSessionDeps): PeerSession {
  return new PeerSession(deps);
}

/** Bugs a canary plants in a station on purpose (see sim.test.ts). */
export interface PlantedBugs extends SimDeviceFaults {
  /** Web and mobile orders are never sent to the kitchen by any station. */
  skipChannelFiring?: boolean;
  /** Store data (kitchen routing) is not exchanged over the mesh. */
  skipStoreData?: boolean;
  /** Something between the stations terminates their TLS: each end sees a certificate no station pinned. */
  interceptTls?: boolean;
}

export interface StationSpec {
  id: string;
  /** Kitchen stations whose tickets print on this station's printer. */
  owns: readonly string[];
  /** Takes counter sales (a kitchen-only station does not). */
  counter: boolean;
}

/** One running process of a station: everything here is lost when it crashes. */
class Incarnation {
  readonly store: EventStore;
  readonly storeData: StoreData;
  readonly orders: OrderService;
  /** The store's kitchen routing as this station follows it (a store data document, edited by managers). */
  readonly routing: KitchenRoutingSettings;
  readonly meshLog: MeshLog;
  readonly sessions = new Set<PeerSession>();
  readonly sync: SyncEngine;
  /** The DER of the TLS certificate this process presents: what a peer's TLS layer fingerprints. */
  readonly tlsCertificate: Buffer;
  private readonly trust: MeshTrust;
  private readonly revocations: RevocationStore;
  private readonly storeKey: KeyObject;
  private readonly meshStoreData: MeshStoreData;
  private readonly stops: (() => void)[] = [];
  alive = true;

  constructor(
    private readonly station: SimStation,
    readonly number: number,
    readonly db: Db,
    identity: StationIdentity,
  ) {
    const { world, id, clock, random } = station;
    // What Mesh.trustFromPairing does: the certificate from the file, judged with the revocations kept in it.
    const pairing = identity.pairing;
    if (!pairing) throw new Error(`${id} is not paired (the simulation pairs every station before the day starts)`);
    this.storeKey = pairing.storeKey;
    this.revocations = new RevocationStore(this.db);
    this.revocations.load(pairing.storeKey, pairing.body.storeId);
    this.trust = new MeshTrust(identity, pairing, this.revocations);
    this.tlsCertificate = new X509Certificate(identity.tls.cert).raw;
    this.store = new EventStore({
      db: this.db,
      origin: id,
      clock,
      random: (n) => random.bytes(n),
      logger: silentLogger,
      maxClockDriftMs: MAX_CLOCK_DRIFT_MS,
    });
    this.store.rebuildProjectionsIfStale();
    // As station.ts builds them: routing is store data, kept level with the peers' over the mesh.
    this.storeData = new StoreData({ db: this.db, origin: id, clock, hlc: this.store, logger: silentLogger });
    const routing = new KitchenRoutingSettings(this.storeData, station.catalog, silentLogger, this.store);
    this.routing = routing;
    this.meshStoreData = new MeshStoreData(this.storeData, () => this.sessions, silentLogger);
    this.orders = new OrderService(
      this.store,
      station.catalog,
      'EUR',
      { kind: 'device', id },
      {
        kitchenStationFor: (item) => routing.stationFor(item),
      },
    );
    this.meshLog = new MeshLog(this.db);
    const owned = new Set(station.spec.owns);
    const peripherals = createOrderPeripherals({
      devices: simDevices({
        db: this.db,
        hardware: station.hardware,
        clock,
        newId: () => this.store.newId(),
        faults: station.planted,
      }),
      store: STORE_HEADER,
      stationId: id,
      clock,
      logger: silentLogger,
      hasKitchenRoutes: owned.size > 0,
      ownsKitchenStation: (kitchenStation) => owned.has(kitchenStation),
    });
    const alive = () => this.alive;
    this.sync = new SyncEngine({
      store: this.store,
      transport: new SimServerLink(world, station.net, station.server, id, alive),
      clock,
      scheduler: {
        schedule: (delayMs, task) =>
          world.after(delayMs, `${id} sync timer`, () => {
            if (this.alive) task();
          }),
      },
      logger: silentLogger,
      pollIntervalMs: SYNC_POLL_MS,
      random: () => random.next(),
      // Small batches, so a round has several in flight and a later one can overtake an earlier one.
      pushBatchSize: PUSH_BATCH,
    });
    this.stops.push(
      followCommits({
        store: this.store,
        sync: this.sync,
        peripherals,
        mesh: { committed: (commit) => this.committed(commit) },
        pushOrderChanged: () => undefined,
      }),
      this.store.onCommitted((commit) => station.noteCommit(commit)),
      station.planted.skipChannelFiring
        ? () => undefined
        : startChannelFiring({
            onOrderChanged: (listener) => this.store.onOrderChanged(listener),
            listActive: () => this.store.listActive(),
            kitchen: this.orders.kitchen,
            routing,
            logger: silentLogger,
            defer: (run) =>
              world.after(0, `${id} fire channel order`, () => {
                if (this.alive) run();
              }),
          }),
      () => peripherals.stop(),
      () => this.meshStoreData.stop(),
    );
    this.sync.start();
  }

  /** The mesh's reaction to a commit (Mesh.committed): the vector moves and every peer is sent what it misses. */
  private committed(commit: Commit): void {
    this.meshLog.noteInserted(commit.events);
    for (const session of this.sessions) session.pump();
  }

  /**
   * Revocations a peer sent (Mesh.addRevocations): verified and kept, passed on to the other peers,
   * and the sessions of the stations they revoke end. (No seed revokes a station yet.)
   */
  private addRevocations(documents: readonly SignedDocument[], from: PeerSession): void {
    const { added } = this.revocations.add(documents, this.storeKey, this.trust.storeId);
    if (added.length === 0) return;
    this.station.world.trace(`${this.station.id} heard ${added.length} revocations from ${from.peerId ?? '?'}`);
    for (const session of this.sessions) {
      const peer = session.peerCertificate;
      if (peer && this.trust.isRevoked(peer))
        session.refuseRevoked(`station ${peer.stationId} is revoked (certificate serial ${peer.serial})`);
      else if (session !== from) session.sendRevocations(added.map((r) => r.document));
    }
  }

  /** `peerTlsFingerprint`: what the TLS layer saw the other end present (the simulated link plays TLS). */
  attach(socket: PeerSocket, role: 'dialer' | 'listener', peerTlsFingerprint: string | null, onClosed: () => void): PeerSession {
    const { station } = this;
    const session = createPeerSession({
      socket,
      role,
      self: { storeId: this.trust.storeId, stationId: station.id },
      trust: this.trust,
      peerTlsFingerprint,
      onRevocations: (records, from) => this.addRevocations(records, from),
      ...(station.planted.skipStoreData ? {} : { storeData: this.meshStoreData }),
      clock: station.clock,
      maxClockDriftMs: MAX_CLOCK_DRIFT_MS,
      log: this.meshLog,
      store: this.store,
      logger: silentLogger,
      onReady: (ready) => station.world.trace(`${station.id} peer ${ready.peerId ?? '?'} ready (${role})`),
      onClosed: (closed) => {
        if (closed.refusal !== undefined) station.world.trace(`${station.id} peer session refused: ${closed.refusal}`);
        this.sessions.delete(closed);
        if (this.alive) onClosed();
      },
    });
    this.sessions.add(session);
    return session;
  }

  /** A crash: the process is gone. Nothing is closed or flushed; the file keeps what was committed. */
  crash(): void {
    this.alive = false;
  }

  /** End of the run: a clean stop, so nothing is left holding the file. */
  stop(): void {
    this.alive = false;
    for (const stop of this.stops) stop();
    void this.sync.stop();
  }
}

/**
 * A station of the simulated store: its SQLite file, its hardware, its clock, and the process
 * running on them (real event store, order service, kitchen firing, peripherals, sync engine and
 * peer sessions), which can crash and start again on the same file.
 */
export class SimStation {
  readonly clock: SkewedClock;
  readonly hardware = new StationHardware();
  readonly databasePath: string;
  /** Every event this station committed as its own: none may be lost. */
  readonly committedOwn: DomainEvent[] = [];
  private current: Incarnation | undefined;
  /** Every process that ran, so the end of the run can release their files. */
  private readonly processes: Incarnation[] = [];
  private incarnations = 0;
  private booting = false;

  constructor(
    readonly world: SimWorld,
    readonly net: SimNetwork,
    readonly server: SimServer,
    readonly spec: StationSpec,
    readonly catalog: readonly CatalogItem[],
    readonly random: SimRandom,
    dir: string,
    readonly planted: PlantedBugs,
  ) {
    this.clock = new SkewedClock(world);
    this.databasePath = join(dir, `${spec.id}.sqlite`);
    net.addHost(spec.id);
  }

  get id(): string {
    return this.spec.id;
  }

  get running(): Incarnation | undefined {
    return this.current;
  }

  /**
   * The station's first boot, while the internet is up, before the simulated day: its identity (a
   * station key and a TLS certificate, made at random like a real station's) is made in its file, and
   * it pairs through the server's mesh authority, as MeshPairing does it: one round, verified and
   * kept. Renewal (from half of the 30-day life) never comes due in a run, so no round follows.
   */
  async pair(): Promise<void> {
    const db = openDatabase(this.databasePath, silentLogger);
    try {
      const identity = await StationIdentity.open(db, this.id);
      const revocations = new RevocationStore(db);
      const pairing = new MeshPairing({
        server: await this.server.pairingServer(this.id),
        identity,
        mesh: {
          pairingChanged: () => undefined,
          addRevocations: (documents) => {
            const paired = identity.pairing;
            if (paired) revocations.add(documents, paired.storeKey, paired.body.storeId);
          },
        },
        clock: this.clock,
        scheduler: { schedule: () => ({ cancel: () => undefined }) },
        logger: silentLogger,
      });
      await pairing.refresh();
      pairing.stop();
      if (!identity.pairing) throw new Error(`${this.id} did not pair: ${pairing.lastError ?? 'no certificate'}`);
    } finally {
      db.close();
    }
  }

  /** A process starts on the station's file, re-opening the identity pairing left there. */
  async start(): Promise<void> {
    if (this.current || this.booting) return;
    this.booting = true;
    try {
      this.incarnations += 1;
      this.net.setUp(this.id, true);
      const db = openDatabase(this.databasePath, silentLogger);
      try {
        this.current = new Incarnation(this, this.incarnations, db, await StationIdentity.open(db, this.id));
      } catch (error) {
        db.close();
        throw error;
      }
      this.processes.push(this.current);
      this.world.trace(`${this.id} started (#${this.incarnations})`);
    } finally {
      this.booting = false;
    }
  }

  crash(): void {
    const process = this.current;
    if (!process) return;
    process.crash();
    this.current = undefined;
    this.net.setUp(this.id, false);
    this.world.trace(`${this.id} crashed`);
  }

  noteCommit(commit: Commit): void {
    if (commit.source === 'local') this.committedOwn.push(...commit.events);
  }

  /** Releases every connection this station's processes ever opened (crashed ones included). */
  close(): void {
    for (const process of this.processes) {
      if (process === this.current) process.stop();
      else process.alive = false;
    }
    for (const process of this.processes) if (process.db.open) process.db.close();
    this.current = undefined;
  }
}
