import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import { ADMIN_TOKEN } from '../../../server/testing/admin.js';
import { http } from '../../../server/testing/http.js';
import type { OfflineQueueView } from '../../../shared/ipc/offline-payments.js';
import type { WindowRole } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

const STORE = 'cafe';
const TOKEN = 'station-a-secret-0123456789abcdef';

/** The store's offline card limits, set on a real central server (PGlite) and followed by a station over HTTP. */
describe("offline card limits as the store's data", () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  let station: Station;

  beforeEach(async () => {
    dir = tempDir('store-offline-limits');
    server = await startCentralServer({
      bootstrap: { storeId: STORE, stations: [{ stationId: 'station-a', token: TOKEN }] },
      adminToken: ADMIN_TOKEN,
      logger: pino({ level: 'silent' }),
    });
    // The station's own file allows €50.00 per card; the store will say less.
    station = await startTestStation(join(dir.path, 'station-a'), {
      stationId: 'station-a',
      server: { url: server.url, token: TOKEN },
      payments: { offline: { perPaymentMinor: 5_000 } },
    });
  });
  afterEach(async () => {
    await station.stop();
    await server.close();
    dir.remove();
  });

  const call = (role: WindowRole, command: string, args: unknown) => station.dispatch(role, command, args, 'test');
  async function value<T>(role: WindowRole, command: string, args: unknown): Promise<T> {
    const result = await call(role, command, args);
    if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
    return result.value as T;
  }

  it("set on the server, they replace the station's own at the next sync, refusing a card the station alone would have taken", async () => {
    await value('cashier', 'terminal.simulate', { gateway: 'down' });
    expect((await value<OfflineQueueView>('cashier', 'payment.offlineQueue', {})).limits.perPaymentMinor).toBe(5_000);

    const reply = await http(`${server.url}/v1/admin/stores/${STORE}/offline-card-limits`, {
      token: ADMIN_TOKEN,
      method: 'PUT',
      json: { perPaymentMinor: 300, totalPendingMinor: 10_000 },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const pushed: string[] = [];
    station.onPush((name) => pushed.push(name));
    await station.sync!.syncNow();
    expect(pushed).toContain('payment.offlineQueueChanged');
    expect((await value<OfflineQueueView>('cashier', 'payment.offlineQueue', {})).limits).toMatchObject({
      perPaymentMinor: 300,
      totalPendingMinor: 10_000,
    });

    // A €3.50 cappuccino is over the store's €3.00; a €2.50 espresso is approved offline.
    const over = await value<OrderView>('cashier', 'order.addLine', { itemId: 'cappuccino' });
    const refused = await call('cashier', 'payment.startCard', { orderId: over.id, amountMinor: over.dueMinor });
    expect(refused).toMatchObject({ ok: false, error: { code: 'offline_limit', message: expect.stringContaining('€3.00') } });
    await value('cashier', 'order.park', { orderId: over.id }).catch(() => undefined);
    const fits = await value<OrderView>('cashier', 'order.addLine', { itemId: 'espresso' });
    const approved = new Promise<void>((resolve) =>
      station.onPush((name, payload) => {
        if (name === 'payment.changed' && (payload as { state: string }).state === 'offline_approved') resolve();
      }),
    );
    expect(await call('cashier', 'payment.startCard', { orderId: fits.id, amountMinor: fits.dueMinor })).toMatchObject({ ok: true });
    await approved;
  });

  it('are refused from a station: the store sets them, not a till', async () => {
    const result = station.storeData.writeLocal('offline-card-limits', {
      enabled: true,
      perPaymentMinor: 1_000_000,
      totalPendingMinor: 1_000_000,
      maxAgeMs: 86_400_000,
      warnAtRatio: 0.8,
    });
    expect(result).toMatchObject({ ok: false });
  });
});
