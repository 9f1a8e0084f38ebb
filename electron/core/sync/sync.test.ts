import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';
import { pino } from 'pino';

const token = 'sync-test-token-0123456789';

describe('station ⇄ central server sync over loopback HTTP', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  const stations: Station[] = [];

  async function station(name: string): Promise<Station> {
    const s = await startTestStation(join(dir.path, name), { stationId: name, server: { url: server.url, token } });
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
    server = await startCentralServer({ syncToken: token, dataDir: join(dir.path, 'server'), logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await server.close();
    dir.remove();
  });

  it('delivers a paid order to a fresh station exactly once', async () => {
    const counter = await station('station-counter');
    const order = await sellOne(counter);
    expect(await counter.sync!.syncNow()).toEqual({ pushed: 3, pulled: 0, deadLettered: 0 });
    expect(counter.store.outboxStats().depth).toBe(0);

    const fresh = await station('station-fresh');
    expect(await fresh.sync!.syncNow()).toEqual({ pushed: 0, pulled: 3, deadLettered: 0 });
    expect(fresh.store.getOrder(order.id)).toEqual(order);
    // A second round changes nothing: the cursor moved and dedupe holds.
    expect(await fresh.sync!.syncNow()).toEqual({ pushed: 0, pulled: 0, deadLettered: 0 });
    expect(fresh.store.listActive()).toHaveLength(1);
  });

  it('keeps events in the outbox while the server is down, then delivers them', async () => {
    const counter = await station('station-counter');
    await server.close();
    const order = await sellOne(counter);
    await expect(counter.sync!.syncNow()).rejects.toThrow(/cannot reach/);
    expect(counter.store.outboxStats().depth).toBe(3);
    expect(counter.sync!.getStatus().lastError).toMatch(/cannot reach/);

    server = await startCentralServer({ syncToken: token, dataDir: join(dir.path, 'server'), logger: pino({ level: 'silent' }) });
    // The server restarted on a new port; a new station config points at it (same data dir → same outbox).
    await counter.stop();
    stations.splice(stations.indexOf(counter), 1);
    const restarted = await station('station-counter');
    expect(restarted.store.outboxStats().depth).toBe(3);
    expect((await restarted.sync!.syncNow()).pushed).toBe(3);

    const other = await station('station-other');
    await other.sync!.syncNow();
    expect(other.store.getOrder(order.id)?.status).toBe('paid');
  });

  it('treats a re-push after a lost acknowledgement as delivered, not as new events', async () => {
    const counter = await station('station-counter');
    await sellOne(counter);
    const batch = counter.store.outboxBatch(10);
    // Simulate an acknowledgement lost on the way back: the server has the events, the outbox still does too.
    const first = await fetch(`${server.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ origin: 'station-counter', events: batch }),
    });
    expect(first.status).toBe(200);
    expect(await counter.sync!.syncNow()).toEqual({ pushed: 3, pulled: 0, deadLettered: 0 });
    const pulled = await (await fetch(`${server.url}/v1/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect((pulled as { events: unknown[] }).events).toHaveLength(3);
  });
});
