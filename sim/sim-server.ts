import { DomainEvent } from '../shared/events.js';
import type { Clock } from '../shared/clock.js';
import { PullResponse, PushBatch, PushResponse } from '../shared/sync/protocol.js';
import type { OutboxEvent } from '../electron/core/event-store.js';
import { SyncError, type PullExcept } from '../electron/core/sync/sync-client.js';
import type { SyncTransport } from '../electron/core/sync/sync-engine.js';
import { ChannelIngress, type IngressReply } from '../server/channels/ingress.js';
import type { Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { MIGRATIONS } from '../server/db/migrations.js';
import { openPgliteDatabase } from '../server/db/pglite.js';
import { pullResponseJson, SyncService } from '../server/sync-service.js';
import { intColumn, textColumn } from '../server/db/columns.js';
import type { CatalogItem } from '../shared/catalog.js';
import { catalogToMenu } from '../shared/menu/catalog-bridge.js';
import { MenuService } from '../server/menu/menu-service.js';
import { StoreDataService } from '../server/store-data/store-data-service.js';
import type { CreateChannelOrder } from '../shared/sync/channel.js';
import { PairRequest, PairResponse, RevocationList } from '../shared/sync/mesh.js';
import type { PairingServer } from '../electron/core/mesh/pairing.js';
import { CredentialStore } from '../server/auth/credentials.js';
import { MeshAuthority } from '../server/mesh/mesh-authority.js';
import type { SimNetwork } from './network.js';
import type { SimWorld } from './world.js';

/** How long a station waits for the server before giving up on an exchange (SyncClient's timeout, shortened). */
const EXCHANGE_TIMEOUT_MS = 5_000;

let shared: Promise<Database> | undefined;

/**
 * The central server's database: one in-memory PGlite for the whole process (starting one takes
 * about a second), migrated once; every run gets a store of its own in it.
 */
export function sharedServerDatabase(): Promise<Database> {
  shared ??= openPgliteDatabase().then(async (db) => {
    await migrate(db, MIGRATIONS);
    return db;
  });
  return shared;
}

/** Closes the shared database (the end of a process that ran seeds). */
export async function closeSharedServerDatabase(): Promise<void> {
  const db = shared;
  shared = undefined;
  if (db) await (await db).close();
}

let stores = 0;
/**
 * PGlite's memory grows with every store even after its rows are deleted (about half a megabyte a
 * seed): a long run starts a fresh database now and then instead (a second or two every few hundred seeds).
 */
const STORES_PER_DATABASE = 300;

/** The real sync service and channel ingress on PGlite, for one store, on the world's clock. */
export class SimServer {
  readonly sync: SyncService;
  readonly ingress: ChannelIngress;
  /** The menu channel orders are priced from: the stations' catalog, published when the store opens. */
  readonly menu: MenuService;
  readonly mesh: MeshAuthority;
  private readonly credentials: CredentialStore;

  private constructor(
    readonly db: Database,
    readonly storeId: string,
    clock: Clock,
  ) {
    this.sync = new SyncService(db, clock);
    this.menu = new MenuService(db, clock, new StoreDataService(db, clock));
    this.ingress = new ChannelIngress(db, clock, this.menu);
    this.mesh = new MeshAuthority(db, clock);
    this.credentials = new CredentialStore(db, clock);
  }

  static async open(clock: Clock, label: string, catalog: readonly CatalogItem[]): Promise<SimServer> {
    if (stores > 0 && stores % STORES_PER_DATABASE === 0) await closeSharedServerDatabase();
    const db = await sharedServerDatabase();
    stores += 1;
    const storeId = `sim-${label}-${process.pid}-${stores}`;
    await db.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $2, $3)', [
      storeId,
      `simulated store ${label}`,
      new Date(0).toISOString(),
    ]);
    const server = new SimServer(db, storeId, clock);
    await server.menu.publish(storeId, 0, 'simulation', catalogToMenu(catalog));
    return server;
  }

  channelPrincipal(origin: string, channel: 'web' | 'mobile') {
    return { kind: 'channel' as const, credentialId: `${this.storeId}-${origin}`, storeId: this.storeId, origin, channel };
  }

  createChannelOrder(origin: string, channel: 'web' | 'mobile', key: string, request: CreateChannelOrder): Promise<IngressReply> {
    return this.ingress.createOrder(this.channelPrincipal(origin, channel), key, request);
  }

  cancelChannelOrder(origin: string, channel: 'web' | 'mobile', key: string, orderId: string): Promise<IngressReply> {
    return this.ingress.command(this.channelPrincipal(origin, channel), key, orderId, {
      kind: 'cancel',
      reason: 'customer changed their mind',
    });
  }

  /**
   * The server as a station's pairing sees it while the internet is up: a station credential is
   * issued for the station (what the store's owner does when setting it up), and pairing goes
   * through the real mesh authority, with the bodies parsed as the HTTP route and client parse them.
   */
  async pairingServer(stationId: string): Promise<PairingServer> {
    const { credential } = await this.credentials.issueStation(this.storeId, stationId, 'simulated station');
    return {
      storeId: () => Promise.resolve(this.storeId),
      pairMesh: async (request) => {
        const body = PairRequest.parse(JSON.parse(JSON.stringify(request)));
        if (body.stationId !== stationId) throw new Error(`this credential pairs station "${stationId}", not "${body.stationId}"`);
        const answer = await this.mesh.pair(this.storeId, credential.id, body);
        return PairResponse.parse(JSON.parse(JSON.stringify(answer)));
      },
      meshRevocations: async () => RevocationList.parse({ revocations: await this.mesh.revocations(this.storeId) }),
    };
  }

  /** Removes the store's rows, so a long run (10,000 seeds in one PGlite) does not grow without bound. */
  async dispose(): Promise<void> {
    const tables = [
      ...['events', 'origin_heads', 'rejected_events', 'idempotency_keys', 'ticket_numbers', 'orders', 'projector_cursors'],
      ...['menu_versions', 'menu_item_sales', 'menu_item_state'],
      // The mesh's rows go before the credentials their certificates name.
      ...['mesh_revocations', 'mesh_certificates', 'mesh_store_keys', 'store_data', 'credentials'],
    ];
    for (const table of tables) await this.db.query(`DELETE FROM ${table} WHERE store_id = $1`, [this.storeId]);
    await this.db.query('DELETE FROM stores WHERE id = $1', [this.storeId]);
  }

  /** Every event the server holds for this store, in server order. */
  async events(): Promise<DomainEvent[]> {
    const rows = await this.db.query('SELECT body::text AS body FROM events WHERE store_id = $1 ORDER BY server_seq', [this.storeId]);
    return rows.map((row) => DomainEvent.parse(JSON.parse(textColumn(row, 'body'))));
  }

  async eventCount(): Promise<number> {
    const [row] = await this.db.query('SELECT count(*)::int AS n FROM events WHERE store_id = $1', [this.storeId]);
    return row === undefined ? 0 : intColumn(row, 'n');
  }
}

/**
 * A station's way to the server: the same request and response bodies as the HTTP client (built,
 * parsed and validated the same way), carried by the simulated internet, which loses requests or
 * answers, delays them, and fails them while the station is offline. A lost answer means the
 * server acted and the station does not know: it retries, and the server sees a duplicate.
 */
export class SimServerLink implements SyncTransport {
  constructor(
    private readonly world: SimWorld,
    private readonly net: SimNetwork,
    private readonly server: SimServer,
    private readonly stationId: string,
    /** False once this station incarnation crashed: nothing reaches a process that is gone. */
    private readonly alive: () => boolean,
  ) {}

  pushStored(origin: string, events: readonly OutboxEvent[]): Promise<PushResponse> {
    const body = `{"origin":${JSON.stringify(origin)},"events":[${events.map((e) => e.json).join(',')}]}`;
    return this.exchange(`push ${origin} ${events[0]?.seq ?? 0}..${events.at(-1)?.seq ?? 0}`, PushResponse, async () => {
      const batch = PushBatch.parse(JSON.parse(body));
      const outcome = await this.server.sync.push(this.server.storeId, batch);
      if (!outcome.ok) throw new SyncError({ kind: 'http', status: 400, message: outcome.error.message });
      const response: PushResponse = { results: outcome.value.results, serverTime: this.world.now() };
      return JSON.stringify(response);
    });
  }

  pull(cursor: number, limit = 500, except?: PullExcept): Promise<PullResponse> {
    // The cursor is the server's global sequence, which depends on the stores before this one: not traced.
    return this.exchange('pull', PullResponse, async () => {
      const page = await this.server.sync.pull(this.server.storeId, cursor, limit, except);
      return pullResponseJson(page, this.world.now());
    });
  }

  private exchange<T>(label: string, schema: { parse(value: unknown): T }, handle: () => Promise<string>): Promise<T> {
    const { world, net, stationId } = this;
    const sentAt = world.now();
    return new Promise<T>((resolve, reject) => {
      const fail = (at: number, message: string) =>
        world.at(at, `${stationId} ${label} fails`, () => {
          if (this.alive()) reject(new SyncError({ kind: 'network', message }));
        });
      if (!net.isOnline(stationId)) {
        world.trace(`${stationId} ${label}: offline`);
        fail(sentAt + net.internetLatency(), 'connect ECONNREFUSED (simulated: internet down)');
        return;
      }
      if (net.random.chance(net.faults.requestLoss)) {
        world.trace(`${stationId} ${label}: request lost`);
        fail(sentAt + EXCHANGE_TIMEOUT_MS, 'request timed out (simulated: request lost)');
        return;
      }
      world.after(net.internetLatency(), `${stationId} ${label} at server`, async () => {
        let answer: string;
        try {
          answer = await handle();
        } catch (error) {
          world.trace(`${stationId} ${label}: server error ${(error as Error).message}`);
          world.after(net.internetLatency(), `${stationId} ${label} error`, () => {
            if (this.alive()) reject(error instanceof Error ? error : new Error(String(error)));
          });
          return;
        }
        if (!net.isOnline(stationId) || net.random.chance(net.faults.responseLoss)) {
          world.trace(`${stationId} ${label}: answer lost`);
          fail(sentAt + EXCHANGE_TIMEOUT_MS, 'request timed out (simulated: answer lost)');
          return;
        }
        world.after(net.internetLatency(), `${stationId} ${label} answered`, () => {
          if (this.alive()) resolve(schema.parse(JSON.parse(answer)));
        });
      });
    });
  }
}
