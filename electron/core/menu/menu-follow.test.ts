import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import { ADMIN_TOKEN } from '../../../server/testing/admin.js';
import { http } from '../../../server/testing/http.js';
import { TEST_MENU } from '../../../server/testing/menu.js';
import type { CatalogView } from '../../../shared/ipc/commands/orders.js';
import type { MenuInput } from '../../../shared/menu/menu.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { WindowRole } from '../../../shared/ipc/contract.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

const STORE = 'cafe';
const TOKEN = 'station-a-secret-0123456789abcdef';
const bootstrap = { storeId: STORE, stations: [{ stationId: 'station-a', token: TOKEN }] };

const withPrice = (menu: MenuInput, itemId: string, priceMinor: number): MenuInput => ({
  ...menu,
  items: menu.items.map((item) => (item.id === itemId ? { ...item, priceMinor } : item)),
});

/** A station following the store's menu from a real central server (PGlite) over real HTTP. */
describe('the station follows the published menu', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  let station: Station | undefined;

  beforeEach(async () => {
    dir = tempDir('menu-follow');
    server = await startCentralServer({ bootstrap, adminToken: ADMIN_TOKEN, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    await station?.stop();
    station = undefined;
    await server.close();
    dir.remove();
  });

  const start = async () => {
    station = await startTestStation(join(dir.path, 'station-a'), { stationId: 'station-a', server: { url: server.url, token: TOKEN } });
    return station;
  };
  async function call<T>(s: Station, role: WindowRole, command: string, args: unknown): Promise<T> {
    const result = await s.dispatch(role, command, args, 'test');
    if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
    return result.value as T;
  }
  async function publish(baseVersion: number, menu: MenuInput): Promise<void> {
    const reply = await http(`${server.url}/v1/admin/stores/${STORE}/menu`, {
      token: ADMIN_TOKEN,
      json: { baseVersion, publishedBy: 'Ana', menu },
    });
    expect(reply.status).toBe(201);
  }

  it('a publish reaches the station: the next line uses the new price, an earlier line keeps its own', async () => {
    const s = await start();
    // No menu yet: the demo catalog, and no menu shown.
    expect((await call<CatalogView>(s, 'cashier', 'catalog.list', {})).menu).toBeNull();

    await publish(0, TEST_MENU);
    const pushes: { name: string; payload: unknown }[] = [];
    s.onPush((name, payload) => pushes.push({ name, payload }));
    await s.sync!.syncNow();
    const first = await call<CatalogView>(s, 'cashier', 'catalog.list', {});
    expect(first.menu).toEqual(expect.objectContaining({ version: 1, publishedBy: 'Ana' }));
    expect(first.items.find((i) => i.id === 'espresso')?.priceMinor).toBe(250);
    expect(pushes.filter((p) => p.name === 'catalog.changed')).toHaveLength(1);

    const order = await call<OrderView>(s, 'cashier', 'order.addLine', { itemId: 'espresso' });
    expect(order.lines[0]?.unitPriceMinor).toBe(250);

    await publish(1, withPrice(TEST_MENU, 'espresso', 290));
    await s.sync!.syncNow();
    const second = await call<CatalogView>(s, 'cashier', 'catalog.list', {});
    expect(second.menu?.version).toBe(2);
    expect(pushes.filter((p) => p.name === 'catalog.changed').at(-1)?.payload).toEqual(second);

    const after = await call<OrderView>(s, 'cashier', 'order.addLine', { orderId: order.id, itemId: 'espresso' });
    expect(after.lines.map((l) => l.unitPriceMinor)).toEqual([250, 290]);
    // The catalog the kitchen routes by follows too: the menu's stations.
    expect(after.lines[1]?.kitchenStation).toBe('bar');
  });

  it('a restarted station sells from the menu it keeps on disk, without the server', async () => {
    await publish(0, withPrice(TEST_MENU, 'espresso', 310));
    const s = await start();
    await s.sync!.syncNow();
    await s.stop();
    // Not synced after the restart (the harness syncs only when told): what it sells from is what it kept.
    const again = await start();
    const view = await call<CatalogView>(again, 'cashier', 'catalog.list', {});
    expect(view.menu?.version).toBe(1);
    expect(view.items.find((i) => i.id === 'espresso')?.priceMinor).toBe(310);
  });
});
