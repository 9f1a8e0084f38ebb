import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import type { AvailabilityView } from '../../../shared/ipc/commands/menu.js';
import type { WindowRole } from '../../../shared/ipc/contract.js';
import { OVERSOLD_RULE } from '../../../shared/menu/availability.js';
import type { OrderView } from '../../../shared/order-view.js';
import { DEMO_PINS, DEMO_STAFF } from '../staff/demo-staff.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

/** Availability ("86") between stations on real SQLite: documents handed over as the mesh or the server would. */
describe('availability at the station', () => {
  let dir: ReturnType<typeof tempDir>;
  const stations: Station[] = [];
  beforeEach(() => (dir = tempDir('availability')));
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    dir.remove();
  });

  async function station(stationId: string, role: 'counter' | 'kitchen' = 'counter', clock = new ManualClock(Date.now())) {
    const s = await startTestStation(join(dir.path, stationId), { stationId, role }, { clock });
    stations.push(s);
    return s;
  }
  async function call<T>(s: Station, role: WindowRole, command: string, args: unknown): Promise<T> {
    const result = await s.dispatch(role, command, args, 'test');
    if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
    return result.value as T;
  }
  /** What a peer link does: each side offers what the other does not have. */
  function exchange(a: Station, b: Station) {
    for (const doc of a.storeData.newerThan(b.storeData.summary())) b.storeData.applyRemote(doc, `peer:${a.stationId}`);
    for (const doc of b.storeData.newerThan(a.storeData.summary())) a.storeData.applyRemote(doc, `peer:${b.stationId}`);
  }
  const entry = (view: AvailabilityView, itemId: string) => view.items.find((i) => i.itemId === itemId);

  it('two stations that each 86 an item while apart both keep both, and their windows hear of it', async () => {
    const counter = await station('station-a');
    // The kitchen's clock is ahead: its document wins the register, and the counter's entry must still survive.
    const kitchen = await station('kitchen-1', 'kitchen', new ManualClock(Date.now() + 3_000));
    const pushes: AvailabilityView[] = [];
    counter.onPush((name, payload) => name === 'menu.availabilityChanged' && pushes.push(payload as AvailabilityView));

    await call(counter, 'cashier', 'menu.setAvailability', { itemId: 'croissant', soldOut: true });
    await call(kitchen, 'kitchen', 'menu.setAvailability', { itemId: 'espresso', soldOut: true });
    exchange(counter, kitchen);
    exchange(counter, kitchen);

    for (const s of [counter, kitchen]) {
      const view = await call<AvailabilityView>(s, s === counter ? 'cashier' : 'kitchen', 'menu.availability', {});
      expect(view.items.map((i) => [i.itemId, i.soldOut]).sort()).toEqual([
        ['croissant', true],
        ['espresso', true],
      ]);
    }
    expect(entry(pushes.at(-1)!, 'espresso')).toEqual(expect.objectContaining({ soldOut: true, setBy: 'kitchen' }));
    // Both converge on one document: nothing more to exchange.
    expect(counter.storeData.newerThan(kitchen.storeData.summary())).toEqual([]);
    expect(kitchen.storeData.newerThan(counter.storeData.summary())).toEqual([]);

    // Marked available again at the counter: the later entry wins at the kitchen too.
    await call(counter, 'cashier', 'menu.setAvailability', { itemId: 'espresso', soldOut: false });
    exchange(counter, kitchen);
    expect(entry(await call<AvailabilityView>(kitchen, 'kitchen', 'menu.availability', {}), 'espresso')?.soldOut).toBe(false);
  });

  it('a count left counts down with the sales, is sold out at zero, and an oversold last unit is flagged by the rule', async () => {
    const a = await station('station-a');
    const b = await station('station-b');
    await call(a, 'cashier', 'menu.setAvailability', { itemId: 'croissant', count: 3, soldOut: false });
    exchange(a, b);
    const sale = await call<OrderView>(a, 'cashier', 'order.addLine', { itemId: 'croissant', quantity: 2 });
    expect(entry(await call<AvailabilityView>(a, 'cashier', 'menu.availability', {}), 'croissant')).toEqual(
      expect.objectContaining({ left: 1, soldOut: false, oversoldUnits: 0 }),
    );
    // B, cut off from A, sells the last unit and A sells it again: both sales stand.
    const other = await call<OrderView>(b, 'cashier', 'order.addLine', { itemId: 'croissant' });
    await call(a, 'cashier', 'order.addLine', { orderId: sale.id, itemId: 'croissant' });
    // A sees only its own sales: nothing left.
    expect(entry(await call<AvailabilityView>(a, 'cashier', 'menu.availability', {}), 'croissant')).toEqual(
      expect.objectContaining({ left: 0, soldOut: true }),
    );
    // Once they have each other's events, both count one unit oversold under the named rule.
    b.store.applyPeerPage(a.store.orderEvents(sale.id), () => true);
    a.store.applyPeerPage(b.store.orderEvents(other.id), () => true);
    for (const s of [a, b]) {
      const view = await call<AvailabilityView>(s, 'cashier', 'menu.availability', {});
      expect(entry(view, 'croissant')).toEqual(expect.objectContaining({ left: 0, soldOut: true, oversoldUnits: 1 }));
      expect(view.oversoldRule.name).toBe(OVERSOLD_RULE.name);
    }
  });

  it('a sold-out item is rung up only with a manager PIN where staff sign in', async () => {
    const s = await startTestStation(join(dir.path, 'staffed'), { stationId: 'station-s' }, { staff: DEMO_STAFF });
    stations.push(s);
    await call(s, 'cashier', 'staff.signIn', { pin: DEMO_PINS.alex });
    await call(s, 'cashier', 'menu.setAvailability', { itemId: 'croissant', soldOut: true });
    const refused = await s.dispatch('cashier', 'order.addLine', { itemId: 'croissant' }, 'r1');
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'approval_required' }) });
    const wrong = await s.dispatch('cashier', 'order.addLine', { itemId: 'croissant', managerPin: DEMO_PINS.alex }, 'r2');
    expect(wrong.ok).toBe(false);
    const sold = await call<OrderView>(s, 'cashier', 'order.addLine', { itemId: 'croissant', managerPin: DEMO_PINS.morgan });
    expect(sold.lines.map((l) => l.itemId)).toEqual(['croissant']);
    // Other items sell as before.
    await call(s, 'cashier', 'order.addLine', { orderId: sold.id, itemId: 'espresso' });
  });
});
