import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/logger.js';
import type { StoreDataPage, StoreDocumentPut, StoreDocumentWire } from '../../../shared/store-data.js';
import { SyncError } from '../sync/sync-client.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { openTestStore, openTestStoreData, tempDir } from '../testing/fixtures.js';
import { ManualScheduler } from '../testing/manual-scheduler.js';
import { StoreDataServerSync, type StoreDataTransport } from './server-sync.js';

const START_MS = 1_700_000_000_000;
const routing = (stations: string[]) => ({ stations, byCategory: {}, byItem: {}, fireChannelOrders: true });

/** The server's register, in memory: the same rule as the real one (see server/store-data.test.ts). */
class FakeServer implements StoreDataTransport {
  readonly wins: StoreDocumentWire[] = [];
  missing = false;
  down = false;

  async putStoreDocument(document: StoreDocumentWire): Promise<StoreDocumentPut> {
    this.refuseIfMissing();
    const held = this.wins.filter((d) => d.kind === document.kind).at(-1);
    const wins = !held || document.hlc > held.hlc || (document.hlc === held.hlc && document.author > held.author);
    if (wins) this.wins.push(document);
    return { won: wins, current: wins ? document : held };
  }

  async pullStoreData(after: number): Promise<StoreDataPage> {
    this.refuseIfMissing();
    return { documents: this.wins.slice(after), cursor: this.wins.length };
  }

  private refuseIfMissing(): void {
    if (this.down) throw new SyncError({ kind: 'network', message: 'cannot reach the server: down' });
    if (this.missing) throw new SyncError({ kind: 'http', status: 404, message: 'no route for GET /v1/stores/cafe/data' });
  }
}

describe('store data in the sync round', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('store-data-sync')));
  afterEach(() => dir.remove());

  function station(origin: string, server: FakeServer) {
    const opened = openTestStore(join(dir.path, `${origin}.sqlite`), origin);
    opened.clock.set(START_MS);
    const data = openTestStoreData(opened);
    const storeData = new StoreDataServerSync(data, server, opened.store, silentLogger);
    const engine = new SyncEngine({
      store: opened.store,
      transport: {
        pushStored: async () => ({ results: [], serverTime: START_MS }),
        pull: async () => ({ events: [], nextCursor: 0, upToDate: true, serverTime: START_MS }),
      },
      clock: opened.clock,
      scheduler: new ManualScheduler(opened.clock),
      logger: silentLogger,
      pollIntervalMs: 5_000,
      storeData,
    });
    return { ...opened, data, storeData, engine };
  }

  it('pushes the edits made here once, applies the winner the server answers, and moves its cursor', async () => {
    const server = new FakeServer();
    const a = station('station-a', server);
    const b = station('station-b', server);
    b.clock.set(START_MS + 1_000);
    expect(a.data.writeLocal('kitchen-routing', routing(['grill'])).ok).toBe(true);
    expect(b.data.writeLocal('kitchen-routing', routing(['bar'])).ok).toBe(true);
    await b.engine.syncNow();
    // A's edit is older: the server answers B's, which A follows; A's is not pushed again.
    await a.engine.syncNow();
    expect(a.data.current('kitchen-routing')).toEqual(b.data.current('kitchen-routing'));
    expect(a.data.pending()).toEqual([]);
    expect(server.wins.map((d) => d.author)).toEqual(['station-b']);
    expect(a.storeData.cursor()).toBe(1);
    await a.engine.syncNow();
    expect(server.wins).toHaveLength(1);
    a.db.close();
    b.db.close();
  });

  it('a server without store data does not fail the round: events still sync, the edit waits', async () => {
    const server = new FakeServer();
    server.missing = true;
    const a = station('station-a', server);
    expect(a.data.writeLocal('kitchen-routing', routing(['grill'])).ok).toBe(true);
    await expect(a.engine.syncNow()).resolves.toEqual({ pushed: 0, pulled: 0, deadLettered: 0 });
    expect(a.engine.getStatus().consecutiveFailures).toBe(0);
    expect(a.data.pending()).toHaveLength(1);
    // A network failure is a failed round like any other.
    server.missing = false;
    server.down = true;
    await expect(a.engine.syncNow()).rejects.toThrow('down');
    expect(a.engine.getStatus().consecutiveFailures).toBe(1);
    server.down = false;
    await a.engine.syncNow();
    expect(a.data.pending()).toEqual([]);
    expect(server.wins.map((d) => d.author)).toEqual(['station-a']);
    a.db.close();
  });
});
