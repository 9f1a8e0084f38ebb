import { openWork } from '../../../shared/station-orders.js';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/logger.js';
import { demoCatalog } from '../demo-catalog.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';
import { ShiftService } from './shift-service.js';
import { ShiftStore } from './shift-store.js';

const alex = { id: 'alex', name: 'Alex', role: 'cashier' as const };
const HOUR = 60 * 60_000;

describe('shift totals bounded by the station own event seq', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('shift-service')));
  afterEach(() => dir.remove());

  function station() {
    const { db, store, clock } = openTestStore(join(dir.path, 'station.sqlite'), 'station-1');
    clock.set(1_800_000_000_000);
    const orders = new OrderService(store, demoCatalog, 'EUR', { kind: 'staff', id: 'alex' });
    const shiftStore = new ShiftStore(db, 'station-1', (id, name) => ({ id, name, role: 'cashier' }));
    const shifts = new ShiftService({
      shifts: shiftStore,
      stationId: 'station-1',
      storeName: 'Test',
      currency: 'EUR',
      clock,
      logger: silentLogger,
      newId: () => store.newId(),
      signedIn: () => alex,
      print: () => ({ jobId: 'none' }),
      openWork: () => openWork(store.listActive(), 'station-1'),
    });
    const sellCroissant = () => {
      const added = orders.addLine({ orderType: 'takeout' }, 'croissant', 1);
      if (!added.ok) throw new Error(added.error.message);
      const paid = orders.payCash(added.value.id, 1_000);
      if (!paid.ok) throw new Error(paid.error.message);
      return paid.value.order;
    };
    return { db, store, clock, shifts, shiftStore, sellCroissant, orders };
  }

  it('previews the work still open: unpaid orders of this counter and kitchen tickets still on a screen', () => {
    const { db, shifts, sellCroissant, orders } = station();
    if (!shifts.open(0).ok) throw new Error('open');
    sellCroissant(); // paid: settled money, and the croissant goes to no kitchen screen
    const draft = orders.addLine({ orderType: 'takeout' }, 'espresso', 1);
    const tab = orders.addLine({ orderType: 'dine_in' }, 'espresso', 1);
    if (!draft.ok || !tab.ok) throw new Error('add');
    if (!orders.lifecycle.fire(tab.value.id).ok) throw new Error('fire');
    const preview = shifts.preview(0);
    expect(preview.ok && preview.value).toMatchObject({ openOrders: 2, liveKitchenTickets: 1 });
    db.close();
  });

  it('counts what was written after the open, even when the clock steps back, and nothing before it', () => {
    const { db, clock, shifts, shiftStore, sellCroissant } = station();
    const before = sellCroissant(); // the same instant as the open, but committed before it
    const opened = shifts.open(5_000);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.openedAt).toBe(clock.now());
    clock.advance(-HOUR); // an NTP step back: the station clock now reads before the open
    const during = sellCroissant();
    expect(during.totalMinor).toBe(before.totalMinor);

    const x = shifts.preview();
    expect(x.ok && x.value).toMatchObject({
      orderCount: 1,
      cashTakenMinor: during.totalMinor,
      expectedCashMinor: 5_000 + during.totalMinor,
    });

    const z = shifts.close(5_000 + during.totalMinor, undefined);
    expect(z.ok && z.value).toMatchObject({ kind: 'z', orderCount: 1, overShortMinor: 0 });
    const closed = shiftStore.get(opened.value.shiftId)!;
    expect(closed.closeSeq).toBe(shiftStore.lastOwnSeq());
    expect(closed.closeSeq! > closed.openSeq).toBe(true);

    // The next shift starts where this one closed: the sale after it is its own, the earlier ones are not.
    const next = shifts.open(0);
    if (!next.ok) throw new Error(next.error.message);
    expect(shiftStore.get(next.value.shiftId)!.openSeq).toBe(closed.closeSeq);
    sellCroissant();
    const nextX = shifts.preview();
    expect(nextX.ok && nextX.value).toMatchObject({ orderCount: 1, cashTakenMinor: during.totalMinor });
    db.close();
  });
});
