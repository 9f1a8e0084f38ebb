/**
 * The menu on the central server, on embedded PGlite, in one process:
 *  1. `GET /v1/stores/:store/menu` under 200 concurrent keep-alive clients that send their ETag
 *     (every answer a 304), against `GET /health` (no auth, no database) under the same load in the
 *     same run: requests/s and p99 of each, and the full 200 answer once for its size.
 *  2. What pricing a channel order by reference costs per line (reading menu, routing and availability
 *     in the order's transaction, then checking and pricing each line) against the bare multi-row
 *     INSERT of the same LineAdded rows (the raw insert path), per line, as a ratio; and the whole
 *     priced createOrder per line for scale.
 * Loopback HTTP and the clients share the two cores with the server, so the endpoint numbers are a
 * floor; the ratio is the figure to compare between runs.
 *   npx tsx bench/menu.bench.ts            (BENCH_SECONDS=5 BENCH_ORDERS=300)
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { ChannelIngress } from '../server/channels/ingress.js';
import { openPgliteDatabase } from '../server/db/pglite.js';
import { startCentralServer } from '../server/main.js';
import { MenuService } from '../server/menu/menu-service.js';
import { StoreDataService } from '../server/store-data/store-data-service.js';
import { ADMIN_TOKEN } from '../server/testing/admin.js';
import { http } from '../server/testing/http.js';
import { TEST_MENU } from '../server/testing/menu.js';
import { systemClock } from '../shared/clock.js';
import { catalogToMenu } from '../shared/menu/catalog-bridge.js';
import { priceLines } from '../shared/menu/pricing.js';
import { demoCatalog } from '../electron/core/demo-catalog.js';
import { request as httpRequest } from 'node:http';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 300);
const CLIENTS = 200;
const STORE = 'bench';
const WEB_KEY = 'bench-web-key-0123456789abcdef';
const LINES = 10;

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const round = (value: number): number => Math.round(value * 10) / 10;

/** One GET on a keep-alive agent; resolves with the status. */
function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function load(url: string, headers: Record<string, string>, expected: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const target = new URL(url);
  const latencies: number[] = [];
  let wrong = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const status = await get(agent, target, headers);
        latencies.push(performance.now() - started);
        if (status !== expected) wrong += 1;
      }
    }),
  );
  agent.destroy();
  return { requestsPerSec: Math.round(latencies.length / SECONDS), p99Ms: round(percentile(latencies, 99)), unexpectedStatus: wrong };
}

async function endpoint(): Promise<Record<string, unknown>> {
  const server = await startCentralServer({
    adminToken: ADMIN_TOKEN,
    bootstrap: {
      storeId: STORE,
      channels: [{ origin: 'web', channel: 'web', token: WEB_KEY }],
      menu: { publishedBy: 'bench', menu: catalogToMenu(demoCatalog) },
    },
    logger: pino({ level: 'silent' }),
    rateLimit: false,
  });
  try {
    const menuUrl = `${server.url}/v1/stores/${STORE}/menu`;
    const first = await http(menuUrl, { token: WEB_KEY });
    const etag = first.headers.get('etag') ?? '';
    const auth = { authorization: `Bearer ${WEB_KEY}` };
    // Every path warmed first (JIT, connections, credential cache), then each measured over the same time.
    const runs = async () => ({
      health: await load(`${server.url}/health`, {}, 200),
      notModified: await load(menuUrl, { ...auth, 'if-none-match': etag }, 304),
      full: await load(menuUrl, auth, 200),
    });
    await runs();
    const { health, notModified, full } = await runs();
    return {
      bench: 'menu-endpoint',
      backend: 'pglite',
      clients: CLIENTS,
      seconds: SECONDS,
      menuBytes: JSON.stringify(first.body).length,
      menu304: notModified,
      menu200: full,
      reference: { route: 'GET /health', ...health },
      ratio304VsReference: round(notModified.requestsPerSec / health.requestsPerSec),
    };
  } finally {
    await server.close();
  }
}

async function pricing(): Promise<Record<string, unknown>> {
  const db = await openPgliteDatabase();
  const server = await startCentralServer({
    database: db,
    adminToken: ADMIN_TOKEN,
    logger: pino({ level: 'silent' }),
    rateLimit: false,
    workers: false,
  });
  try {
    await http(`${server.url}/v1/admin/stores`, { token: ADMIN_TOKEN, json: { id: STORE, name: 'Bench' } });
    await http(`${server.url}/v1/admin/stores/${STORE}/menu`, {
      token: ADMIN_TOKEN,
      json: { baseVersion: 0, publishedBy: 'bench', menu: TEST_MENU },
    });
    const menu = new MenuService(db, systemClock, new StoreDataService(db, systemClock));
    const ingress = new ChannelIngress(db, systemClock, menu);
    const principal = { kind: 'channel' as const, credentialId: 'bench', storeId: STORE, origin: 'web', channel: 'web' };
    const lines = Array.from({ length: LINES }, (_, i) =>
      i % 2 === 0 ? { itemId: 'burger', quantity: 1, modifiers: ['medium', 'cheese'] } : { itemId: 'espresso', quantity: 2, modifiers: [] },
    );
    await db.query('CREATE TABLE line_raw (store_id text, order_id uuid, line_id text, body jsonb)');

    const pricingMs: number[] = [];
    const rawMs: number[] = [];
    const orderMs: number[] = [];
    for (let i = 0; i < ORDERS; i++) {
      // Pricing alone, in a transaction as createOrder does it.
      let started = performance.now();
      const priced = await db.transaction(async (tx) => {
        const inputs = await menu.pricingInputs(tx, STORE);
        return priceLines({ ...inputs!, channel: 'web' }, lines);
      });
      pricingMs.push(performance.now() - started);
      if (!priced.ok) throw new Error(priced.refusal.message);
      // The raw insert path: the same lines as bare rows, one multi-row INSERT.
      const orderId = crypto.randomUUID();
      const params: string[] = [STORE, orderId];
      const tuples = priced.lines.map((line, n) => {
        params.push(`line-${i}-${n}`, JSON.stringify(line));
        return `($1, $2::uuid, $${params.length - 1}, $${params.length}::jsonb)`;
      });
      started = performance.now();
      await db.query(`INSERT INTO line_raw (store_id, order_id, line_id, body) VALUES ${tuples.join(', ')}`, params);
      rawMs.push(performance.now() - started);
      started = performance.now();
      const reply = await ingress.createOrder(principal, `order-${i}`, { orderType: 'takeout', lines });
      orderMs.push(performance.now() - started);
      if (reply.status !== 201) throw new Error(`createOrder answered ${reply.status}`);
    }
    const perLineUs = (samples: number[]) => round((samples.reduce((a, b) => a + b, 0) / samples.length / LINES) * 1000);
    const pricingUs = perLineUs(pricingMs);
    const rawUs = perLineUs(rawMs);
    return {
      bench: 'channel-order-pricing',
      backend: 'pglite',
      orders: ORDERS,
      linesPerOrder: LINES,
      pricingPerLineUs: pricingUs,
      rawInsertPerLineUs: rawUs,
      pricingVsRawInsert: round(pricingUs / rawUs),
      createOrderPerLineUs: perLineUs(orderMs),
      createOrderVsRawInsert: round(perLineUs(orderMs) / rawUs),
    };
  } finally {
    await server.close();
  }
}

console.log(JSON.stringify(await endpoint()));
console.log(JSON.stringify(await pricing()));
