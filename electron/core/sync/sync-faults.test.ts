import type { BackoffPolicy } from '../../../shared/util/backoff.js';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase as openServerDatabase } from '../../../server/central-server.js';
import type { Database } from '../../../server/db/database.js';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import { ManualClock } from '../../../shared/clock.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { startFaultProxy, type FaultAction, type FaultProxy } from '../testing/fault-proxy.js';
import { tempDir } from '../testing/fixtures.js';
import { ManualScheduler } from '../testing/manual-scheduler.js';
import { startTestStation } from '../testing/station-harness.js';
import type { SyncEngine } from './sync-engine.js';

/**
 * The sync engine against a real central server (PGlite) behind a real, scriptable loopback proxy:
 * status codes, Retry-After headers, hung and reset connections and truncated answers all reach the
 * station's HTTP client as they would in a restaurant with a bad uplink. Delays are asserted on the
 * engine's manual scheduler, not on wall time; only the client timeout runs on the real clock.
 */
const STORE = 'cafe';
const TOKENS = { 'station-counter': 'station-counter-secret-0123456789', 'station-other': 'station-other-secret-0123456789' };
const bootstrap = { storeId: STORE, stations: Object.entries(TOKENS).map(([stationId, token]) => ({ stationId, token })) };
/**
 * Only the hang test waits this out in real time; every other exchange must finish well within it,
 * even on a loaded two-core CI box, or a healthy push would count as a timeout.
 */
const CLIENT_TIMEOUT_MS = 3_000;
const BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 'full' };

/** Waits until the round in flight (if any) has finished. */
function settled(sync: SyncEngine): Promise<void> {
  if (sync.getStatus().state !== 'syncing') return Promise.resolve();
  return new Promise((resolve) => {
    const off = sync.onStatus((status) => {
      if (status.state === 'syncing') return;
      off();
      resolve();
    });
  });
}

// Real servers and sockets: slow on a loaded two-core box, so a generous per-test limit.
describe('sync faults over real HTTP', { timeout: 90_000 }, () => {
  let dir: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let scheduler: ManualScheduler;
  let db: Database;
  let server: CentralServer;
  let proxy: FaultProxy;
  const stations: Station[] = [];

  async function startServer(dataDir?: string): Promise<void> {
    db = await openServerDatabase(dataDir === undefined ? {} : { dataDir });
    server = await startCentralServer({ bootstrap, database: db, rateLimit: false, logger: pino({ level: 'silent' }) });
  }

  async function station(name: keyof typeof TOKENS, failureThreshold = 10): Promise<Station> {
    const s = await startTestStation(
      join(dir.path, name),
      { stationId: name, server: { url: proxy.url, token: TOKENS[name] } },
      { clock, syncTuning: { scheduler, random: () => 0.5, backoff: BACKOFF, failureThreshold, timeoutMs: CLIENT_TIMEOUT_MS } },
    );
    stations.push(s);
    return s;
  }

  async function sellOne(s: Station): Promise<OrderView> {
    const added = await s.dispatch('cashier', 'order.addLine', { itemId: 'croissant', quantity: 2 }, 'test');
    if (!added.ok) throw new Error(added.error.message);
    const paid = await s.dispatch('cashier', 'order.payCash', { orderId: (added.value as OrderView).id, tenderedMinor: 2000 }, 'test');
    if (!paid.ok) throw new Error(paid.error.message);
    return (paid.value as { order: OrderView }).order;
  }

  /** Fires the sync engine's next timer and waits for its round; returns the delay that elapsed. */
  async function fire(s: Station): Promise<number> {
    const waited = scheduler.fireNext();
    await settled(s.sync!);
    return waited;
  }

  /** Rows per event id in the server's log: "exactly once in effect" means one each. */
  async function serverCopies(): Promise<Map<string, number>> {
    const rows = await db.query('SELECT event_id::text AS id, count(*)::int AS n FROM events WHERE store_id = $1 GROUP BY event_id', [
      STORE,
    ]);
    return new Map(rows.map((row) => [String(row['id']), Number(row['n'])]));
  }

  async function expectDeliveredOnce(s: Station, except: readonly string[] = []): Promise<void> {
    const local = s.store
      .listOrderIds()
      .flatMap((orderId) => s.store.orderEvents(orderId))
      .map((e) => e.id)
      .filter((id) => !except.includes(id));
    const copies = await serverCopies();
    expect([...copies.keys()].sort()).toEqual([...local].sort());
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
  }

  beforeEach(async () => {
    dir = tempDir('sync-faults');
    clock = new ManualClock(Date.now());
    scheduler = new ManualScheduler(clock);
    await startServer();
    proxy = await startFaultProxy(server.url);
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await proxy.close();
    await server.close();
    dir.remove();
  });

  it('retries 500, 503 and 429 with Retry-After, timeouts, resets and truncated answers, and delivers each event once', async () => {
    const counter = await station('station-counter');
    await sellOne(counter);
    counter.sync!.start();
    // Each fault is met with a fresh order in the outbox, so the lost answers are lost after real commits.
    const faults: FaultAction[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503, retryAfterSeconds: 30 },
      { kind: 'status', status: 429, retryAfterSeconds: 7 },
      { kind: 'hang', forward: true },
      { kind: 'reset-request' },
      { kind: 'reset-response' },
      { kind: 'truncate-response' },
    ];
    proxy.script('push', ...faults);
    const waits: number[] = [];
    const errors: string[] = [];
    for (let i = 0; i < faults.length; i++) {
      waits.push(await fire(counter));
      errors.push(counter.sync!.getStatus().lastError ?? '');
      await sellOne(counter);
    }
    waits.push(await fire(counter));

    // random() = 0.5 → half the exponential ceiling; Retry-After (30 s, 7 s) wins when longer.
    expect(waits).toEqual([0, 500, 30_000, 7_000, 4_000, 8_000, 16_000, 30_000]);
    expect(errors[0]).toMatch(/answered 500/);
    expect(errors[3]).toMatch(/timeout|aborted/i);
    expect(errors[6]).toMatch(/connection lost while reading/);
    expect(counter.sync!.getStatus()).toMatchObject({ state: 'idle', consecutiveFailures: 0, outboxDepth: 0, deadLetters: 0 });
    expect(scheduler.delays()).toEqual([5_000]); // back to the quiet poll
    // The hung and reset pushes were committed by the server; the re-push found them as duplicates.
    await expectDeliveredOnce(counter);
    expect(proxy.count('push')).toBe(faults.length + 1);
  });

  it('opens the circuit after the configured failures and probes once per cap while it stays open', async () => {
    const counter = await station('station-counter', 3);
    await sellOne(counter);
    counter.sync!.start();
    proxy.script('push', ...Array.from({ length: 4 }, (): FaultAction => ({ kind: 'status', status: 503 })));

    expect([await fire(counter), await fire(counter), await fire(counter)]).toEqual([0, 500, 1_000]);
    expect(counter.sync!.getStatus()).toMatchObject({ state: 'circuit_open', consecutiveFailures: 3 });
    expect(scheduler.delays()).toEqual([60_000]);

    // Orders keep working, and a local write does not hammer an open circuit.
    await sellOne(counter);
    expect(scheduler.delays()).toEqual([60_000]);
    expect(proxy.count('push')).toBe(3);

    // Half-open: one probe after the cap; it fails, so the circuit stays open for another cap.
    expect(await fire(counter)).toBe(60_000);
    expect(proxy.count('push')).toBe(4);
    expect(counter.sync!.getStatus()).toMatchObject({ state: 'circuit_open', consecutiveFailures: 4 });

    // The next probe succeeds and closes the circuit.
    expect(await fire(counter)).toBe(60_000);
    expect(counter.sync!.getStatus()).toMatchObject({ state: 'idle', consecutiveFailures: 0, outboxDepth: 0 });
    await expectDeliveredOnce(counter);
  });

  it('never spins hot: a server that fails for an hour gets a bounded number of requests', async () => {
    const counter = await station('station-counter', 5);
    await sellOne(counter);
    counter.sync!.start();
    proxy.script('push', ...Array.from({ length: 500 }, (): FaultAction => ({ kind: 'status', status: 500 })));
    const start = clock.now();
    let fired = 0;
    while (clock.now() - start < 3_600_000) {
      await fire(counter);
      fired += 1;
      if (fired % 10 === 0) await sellOne(counter); // writes during the outage must not add requests
    }
    // 4 backoff steps (≤ 0.5 + 1 + 2 + 4 s), then one probe per 60 s cap for the rest of the hour.
    expect(proxy.count('push')).toBe(fired);
    expect(fired).toBeLessThanOrEqual(5 + 60);
    expect(proxy.count('pull')).toBe(0);
    expect(counter.sync!.getStatus()).toMatchObject({ state: 'circuit_open' });
  });

  it('dead-letters a poison event and delivers the good ones around it, without re-sending', async () => {
    const counter = await station('station-counter');
    await sellOne(counter);
    const batch = counter.store.outboxBatch(100);
    const poison = batch.find((e) => e.type === 'LineAdded')!;
    // On the wire the event turns invalid (quantity 0): the server rejects it permanently.
    proxy.script('push', {
      kind: 'rewrite',
      request: (body) => {
        const request = body as { events: { id: string; payload: { quantity?: number } }[] };
        for (const event of request.events) if (event.id === poison.id) event.payload.quantity = 0;
        return request;
      },
    });

    expect(await counter.sync!.syncNow()).toEqual({ pushed: batch.length - 1, pulled: 0, deadLettered: 1 });
    expect(counter.store.listDeadLetters()).toMatchObject([{ eventId: poison.id, type: 'LineAdded' }]);
    expect(counter.sync!.getStatus()).toMatchObject({ outboxDepth: 0, deadLetters: 1, consecutiveFailures: 0 });
    await expectDeliveredOnce(counter, [poison.id]);

    // Later events flow; the poison one is not re-sent.
    await sellOne(counter);
    const later = await counter.sync!.syncNow();
    expect(later).toMatchObject({ deadLettered: 0 });
    expect(proxy.count('push')).toBe(2);
    await expectDeliveredOnce(counter, [poison.id]);
  });

  it('takes orders while the server is down and drains by itself once it is back', async () => {
    await server.close();
    const serverData = join(dir.path, 'server-data');
    await startServer(serverData);
    proxy.setUpstream(server.url);
    const counter = await station('station-counter');
    counter.sync!.start();
    await fire(counter);

    await server.close(); // the proxy now answers 502 Bad Gateway
    const orders = [await sellOne(counter), await sellOne(counter), await sellOne(counter)];
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) waits.push(await fire(counter));
    expect(waits).toEqual([0, 500, 1_000, 2_000]);
    expect(counter.sync!.getStatus()).toMatchObject({ state: 'backoff', consecutiveFailures: 4 });
    expect(counter.sync!.getStatus().lastError).toMatch(/502/);
    const depth = counter.store.outboxStats().depth;
    expect(depth).toBeGreaterThanOrEqual(9);

    await startServer(serverData);
    proxy.setUpstream(server.url);
    await fire(counter);
    expect(counter.sync!.getStatus()).toMatchObject({ state: 'idle', outboxDepth: 0, consecutiveFailures: 0 });
    await expectDeliveredOnce(counter);

    const other = await station('station-other');
    await other.sync!.syncNow();
    for (const order of orders) expect(other.store.getOrder(order.id)).toEqual(counter.store.getOrder(order.id));
  });

  it('converges when pull pages arrive duplicated and reordered', async () => {
    const counter = await station('station-counter');
    const orders = [await sellOne(counter), await sellOne(counter), await sellOne(counter)];
    await counter.sync!.syncNow();

    type Page = { events: unknown[] };
    proxy.script('pull', {
      kind: 'rewrite',
      response: (body) => {
        const page = body as Page;
        return { ...page, events: [...page.events, ...page.events].reverse() };
      },
    });
    const other = await station('station-other');
    const report = await other.sync!.syncNow();
    expect(report.pulled).toBe((await serverCopies()).size);
    // The real server's pull answer carries its head: caught up means no consumer lag.
    expect(other.sync!.getStatus()).toMatchObject({
      serverHead: other.sync!.getStatus().pullCursor,
      consumerLagEvents: 0,
      consumerLagMs: 0,
    });
    expect(other.sync!.getStatus().serverHead).toBeGreaterThan(0);
    for (const order of orders) expect(other.store.getOrder(order.id)).toEqual(counter.store.getOrder(order.id));
    // The same page again (a replaying cache) changes nothing.
    expect(await other.sync!.syncNow()).toEqual({ pushed: 0, pulled: 0, deadLettered: 0 });
  });
});
