import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';
import { SyncClient } from './sync-client.js';

const STORE = 'cafe';
/** Per-station credentials, as an admin would issue them; the server keeps only their hashes. */
const TOKENS: Record<string, string> = {
  'station-counter': 'station-counter-secret-0123456789',
  'station-fresh': 'station-fresh-secret-0123456789',
  'station-other': 'station-other-secret-0123456789',
};
const bootstrap = { storeId: STORE, stations: Object.entries(TOKENS).map(([stationId, token]) => ({ stationId, token })) };

describe('station ⇄ central server sync over loopback HTTP', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  const stations: Station[] = [];

  /** In memory unless the test restarts the server over the same data. */
  const start = (persistent = false) =>
    startCentralServer({ bootstrap, ...(persistent ? { dataDir: join(dir.path, 'server') } : {}), logger: pino({ level: 'silent' }) });

  async function station(
    name: string,
    token = TOKENS[name]!,
    extra: Parameters<typeof startTestStation>[2] = {},
    dataDir = join(dir.path, name),
  ): Promise<Station> {
    const s = await startTestStation(dataDir, { stationId: name, server: { url: server.url, token } }, extra);
    stations.push(s);
    return s;
  }

  async function sellOne(s: Station): Promise<OrderView> {
    const opened = await s.dispatch('cashier', 'order.open', {}, 'test');
    if (!opened.ok) throw new Error(opened.error.message);
    const orderId = (opened.value as OrderView).id;
    await s.dispatch('cashier', 'order.addLine', { orderId, itemId: 'croissant', quantity: 2 }, 'test');
    const paid = await s.dispatch('cashier', 'order.payCash', { orderId, tenderedMinor: 2000 }, 'test');
    if (!paid.ok) throw new Error(paid.error.message);
    return (paid.value as { order: OrderView }).order;
  }

  beforeEach(async () => {
    dir = tempDir('sync');
    server = await start();
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await server.close();
    dir.remove();
  });

  it('delivers a paid order to a fresh station exactly once', async () => {
    const counter = await station('station-counter');
    const order = await sellOne(counter);
    const pushed = await counter.sync!.syncNow();
    expect(pushed).toMatchObject({ pulled: 0, deadLettered: 0 });
    expect(pushed.pushed).toBeGreaterThanOrEqual(3);
    expect(counter.store.outboxStats().depth).toBe(0);

    const fresh = await station('station-fresh');
    expect(await fresh.sync!.syncNow()).toEqual({ pushed: 0, pulled: pushed.pushed, deadLettered: 0 });
    expect(fresh.store.getOrder(order.id)).toEqual(order);
    // A second round changes nothing: the cursor moved and dedupe holds.
    expect(await fresh.sync!.syncNow()).toEqual({ pushed: 0, pulled: 0, deadLettered: 0 });
    expect(fresh.store.listActive()).toHaveLength(1);
  });

  it('does not pull its own events back, except those its database no longer holds', async () => {
    // Counts the events each station receives in pull pages, as they arrive on the wire.
    const received: Record<string, number> = {};
    const counting = (who: string) => ({
      fetch: async (input: string, init?: RequestInit) => {
        const response = await fetch(input, init);
        if (input.includes('/sync/pull'))
          received[who] = (received[who] ?? 0) + ((await response.clone().json()) as { events: unknown[] }).events.length;
        return response;
      },
    });
    const counter = await station('station-counter', undefined, counting('counter'));
    const other = await station('station-other', undefined, counting('other'));
    await sellOne(counter);
    const own = (await counter.sync!.syncNow()).pushed;
    expect(received['counter']).toBe(0);
    // Its cursor still reaches the head: nothing is left for it to pull.
    expect(counter.sync!.getStatus()).toMatchObject({ consumerLagEvents: 0, pullCursor: counter.sync!.getStatus().serverHead });

    const theirs = await sellOne(other);
    const otherEvents = (await other.sync!.syncNow()).pushed;
    expect(received['other']).toBe(own);
    expect(await counter.sync!.syncNow()).toEqual({ pushed: 0, pulled: otherEvents, deadLettered: 0 });
    expect(received['counter']).toBe(otherEvents);
    expect(counter.store.getOrder(theirs.id)).toEqual(theirs);

    // The counter's disk is replaced: the same station id starts from an empty database. Its own
    // events come back, and its next writes continue after their seqs instead of colliding.
    await counter.stop();
    stations.splice(stations.indexOf(counter), 1);
    const restored = await station('station-counter', undefined, counting('restored'), join(dir.path, 'station-counter-restored'));
    expect((await restored.sync!.syncNow()).pulled).toBe(own + otherEvents);
    expect(received['restored']).toBe(own + otherEvents);
    await sellOne(restored);
    const after = await restored.sync!.syncNow();
    expect(after).toMatchObject({ pulled: 0, deadLettered: 0 });
    expect(after.pushed).toBeGreaterThanOrEqual(3);
    expect(restored.store.outboxStats()).toMatchObject({ depth: 0, deadLetters: 0 });
  });

  it('keeps events in the outbox while the server is down, then delivers them', async () => {
    await server.close();
    server = await start(true);
    const counter = await station('station-counter');
    await server.close();
    const order = await sellOne(counter);
    const depth = counter.store.outboxStats().depth;
    expect(depth).toBeGreaterThanOrEqual(3);
    await expect(counter.sync!.syncNow()).rejects.toThrow(/cannot reach/);
    expect(counter.store.outboxStats().depth).toBe(depth);

    server = await start(true);
    // The server restarted on a new port; a new station config points at it (same data dir → same outbox).
    await counter.stop();
    stations.splice(stations.indexOf(counter), 1);
    const restarted = await station('station-counter');
    expect(restarted.store.outboxStats().depth).toBe(depth);
    expect((await restarted.sync!.syncNow()).pushed).toBe(depth);

    const other = await station('station-other');
    await other.sync!.syncNow();
    expect(other.store.getOrder(order.id)?.status).toBe(order.status);
  });

  it('treats a re-push after a lost acknowledgement as delivered, not as new events', async () => {
    const counter = await station('station-counter');
    await sellOne(counter);
    const batch = counter.store.outboxBatch(10);
    // Simulate an acknowledgement lost on the way back: the server has the events, the outbox still does too.
    const client = new SyncClient(server.url, TOKENS['station-counter']!);
    expect((await client.push({ origin: 'station-counter', events: batch })).results.every((r) => r.status === 'accepted')).toBe(true);
    expect(await counter.sync!.syncNow()).toEqual({ pushed: batch.length, pulled: 0, deadLettered: 0 });
    expect((await client.pull(0)).events).toHaveLength(batch.length);
  });

  it("refuses a station that pushes under another station's name", async () => {
    const counter = await station('station-counter', TOKENS['station-other']);
    await sellOne(counter);
    await expect(counter.sync!.syncNow()).rejects.toThrow(/403.*origin_mismatch/);
    expect(counter.store.outboxStats().depth).toBeGreaterThan(0);
  });

  it('finds its store from the token and gets a live poke when another station pushes', async () => {
    const counter = await station('station-counter');
    const watcher = new SyncClient(server.url, TOKENS['station-fresh']!);
    expect(await watcher.storeId()).toBe(STORE);
    const pokes: number[] = [];
    const states: boolean[] = [];
    const live = watcher.subscribeLive({ onPoke: (cursor) => pokes.push(cursor), onState: (s) => states.push(s.connected) });
    try {
      await expect.poll(() => pokes.length).toBe(1); // "ready" with the store head
      await sellOne(counter);
      await counter.sync!.syncNow();
      await expect.poll(() => pokes.length).toBeGreaterThan(1);
      const page = await watcher.pull(0);
      expect(pokes.at(-1)).toBe(page.nextCursor);

      // The server goes away and comes back: the subscription reconnects by itself.
      await server.close();
      await expect.poll(() => states.at(-1)).toBe(false);
    } finally {
      live.close();
    }
  });

  it("still accepts the embedded launcher's store-wide sync token from every station", async () => {
    await server.close();
    const shared = 'embedded-sync-token-0123456789';
    server = await startCentralServer({ syncToken: shared, logger: pino({ level: 'silent' }) });
    const a = await station('station-counter', shared);
    const b = await station('station-other', shared);
    const order = await sellOne(a);
    await a.sync!.syncNow();
    await b.sync!.syncNow();
    expect(b.store.getOrder(order.id)?.id).toBe(order.id);
  });
});
