import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

const token = 'live-poke-token-0123456789';

describe('live poke from the central server', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  const stations: Station[] = [];

  beforeEach(async () => {
    dir = tempDir('poke');
    server = await startCentralServer({ syncToken: token, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await server.close();
    dir.remove();
  });

  it('brings another station’s order in without waiting for the poll', async () => {
    // A one-hour poll: only the poke can bring the order in within the test's time.
    const config = (stationId: string) => ({ stationId, server: { url: server.url, token }, sync: { intervalMs: 3_600_000 } });
    const kitchen = await startTestStation(join(dir.path, 'kitchen'), config('station-kitchen'), { manualSync: false });
    const counter = await startTestStation(join(dir.path, 'counter'), config('station-counter'), { manualSync: false });
    stations.push(kitchen, counter);

    const added = await counter.dispatch('cashier', 'order.addLine', { itemId: 'croissant' }, 'test');
    if (!added.ok) throw new Error(added.error.message);
    const orderId = (added.value as OrderView).id;
    await expect.poll(() => kitchen.store.getOrder(orderId)?.lines.length, { timeout: 10_000 }).toBe(1);
  });
});
