/**
 * Publish of a 2,000-item menu → applied at 20 store data followers. Each follower is a station's
 * real store data (SQLite file, `StoreData`) with its real server sync (`StoreDataServerSync` over
 * `SyncClient`, HTTP on loopback). The clock starts when the publish request is sent; each follower
 * pulls as soon as the publish is answered (standing in for the live poke, a WebSocket message on
 * loopback, not measured here) and stops when the new version has won in its SQLite file. Reported:
 * publish time, and p50/p99/max of publish → applied over the followers and rounds. Reference in the
 * same run: the same 20 followers pulling a tiny kitchen-routing document the same way.
 *   npx tsx bench/menu-publish-followers.bench.ts        (BENCH_ROUNDS=5)
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { SyncClient } from '../electron/core/sync/sync-client.js';
import { StoreDataServerSync } from '../electron/core/store-data/server-sync.js';
import type { StoreData } from '../electron/core/store-data/store-data.js';
import { openTestStore, openTestStoreData, tempDir } from '../electron/core/testing/fixtures.js';
import { startCentralServer } from '../server/main.js';
import { ADMIN_TOKEN } from '../server/testing/admin.js';
import { http } from '../server/testing/http.js';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import type { MenuInput } from '../shared/menu/menu.js';

const FOLLOWERS = 20;
const ITEMS = 2_000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const STORE = 'bench';
const TOKEN = 'bench-store-station-token-0123456789';

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const round = (value: number): number => Math.round(value * 10) / 10;

function bigMenu(price: number): MenuInput {
  return {
    currency: 'EUR',
    categories: Array.from({ length: 20 }, (_, c) => ({ id: `cat-${c}`, name: `Category ${c}`, kitchenStation: c % 2 ? 'grill' : 'bar' })),
    modifierGroups: [
      {
        id: 'size',
        name: 'Size',
        min: 1,
        max: 1,
        options: [
          { id: 'small', name: 'Small' },
          { id: 'large', name: 'Large', priceDeltaMinor: 50 },
        ],
      },
      {
        id: 'extras',
        name: 'Extras',
        min: 0,
        max: 3,
        options: Array.from({ length: 6 }, (_, o) => ({ id: `x${o}`, name: `Extra ${o}`, priceDeltaMinor: 30 })),
      },
    ],
    items: Array.from({ length: ITEMS }, (_, i) => ({
      id: `item-${i}`,
      name: `Menu item number ${i}`,
      category: `cat-${i % 20}`,
      priceMinor: price + i,
      tax: { ratePpm: 100_000, included: true },
      ...(i % 3 === 0 ? { barcode: String(40_000_000 + i).padStart(8, '0') } : {}),
      modifierGroups: i % 4 === 0 ? [{ group: 'size' }, { group: 'extras' }] : [],
    })),
    priceLists: [],
  };
}

const server = await startCentralServer({
  adminToken: ADMIN_TOKEN,
  bootstrap: { storeId: STORE, storeWideStationToken: TOKEN },
  logger: pino({ level: 'silent' }),
  rateLimit: false,
});
const dir = tempDir('menu-followers');
const followers: { data: StoreData; sync: StoreDataServerSync }[] = [];
try {
  for (let f = 0; f < FOLLOWERS; f++) {
    // A clock at the wall time: a document stamped far ahead of a replica's clock is kept out.
    const opened = openTestStore(`${dir.path}/f${f}.db`, `station-${f}`, new ManualClock(Date.now()));
    const data = openTestStoreData(opened);
    const state = new Map<string, string>();
    const client = new SyncClient(server.url, TOKEN, fetch, 15_000, { storeId: STORE });
    const sync = new StoreDataServerSync(
      data,
      client,
      { getSyncState: (k) => state.get(k), setSyncState: (k, v) => void state.set(k, v) },
      silentLogger,
    );
    followers.push({ data, sync });
  }
  const measure = async (publish: () => Promise<void>, applied: (data: StoreData) => boolean) => {
    const started = performance.now();
    await publish();
    const published = performance.now() - started;
    const times = await Promise.all(
      followers.map(async ({ data, sync }) => {
        await sync.exchange();
        if (!applied(data)) throw new Error('a follower did not apply the document');
        return performance.now() - started;
      }),
    );
    return { published, times };
  };
  const menuVersion = (data: StoreData): number | undefined => data.documents().find((d) => d.kind === 'menu')?.version;

  const publishMs: number[] = [];
  const appliedMs: number[] = [];
  const refMs: number[] = [];
  let bytes = 0;
  // Round 0 warms the JIT, the connections and the followers' first pull (from cursor 0); it is not counted.
  for (let r = 0; r <= ROUNDS; r++) {
    const menu = bigMenu(100 + r);
    bytes = JSON.stringify(menu).length;
    const { published, times } = await measure(
      async () => {
        const reply = await http(`${server.url}/v1/admin/stores/${STORE}/menu`, {
          token: ADMIN_TOKEN,
          json: { baseVersion: r, publishedBy: 'bench', menu },
        });
        if (reply.status !== 201) throw new Error(`publish answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      },
      (data) => menuVersion(data) === r + 1,
    );
    if (r > 0) publishMs.push(published);
    if (r > 0) appliedMs.push(...times);
    const reference = await measure(
      async () => {
        const reply = await http(`${server.url}/v1/admin/stores/${STORE}/kitchen-routing`, {
          method: 'PUT',
          token: ADMIN_TOKEN,
          json: { stations: ['bar', 'grill'], byCategory: {}, byItem: {}, fireChannelOrders: r % 2 === 0 },
        });
        if (reply.status !== 200) throw new Error(`routing answered ${reply.status}`);
      },
      (data) => data.documents().some((d) => d.kind === 'kitchen-routing' && d.version === r + 1),
    );
    if (r > 0) refMs.push(...reference.times);
  }
  console.log(
    JSON.stringify({
      bench: 'menu-publish-followers',
      backend: 'pglite',
      followers: FOLLOWERS,
      items: ITEMS,
      menuBytes: bytes,
      rounds: ROUNDS,
      publishP50Ms: round(percentile(publishMs, 50)),
      appliedP50Ms: round(percentile(appliedMs, 50)),
      appliedP99Ms: round(percentile(appliedMs, 99)),
      appliedMaxMs: round(Math.max(...appliedMs)),
      reference: { document: 'kitchen-routing', appliedP50Ms: round(percentile(refMs, 50)), appliedP99Ms: round(percentile(refMs, 99)) },
    }),
  );
} finally {
  await server.close();
  dir.remove();
}
