import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/logger.js';
import { openOfflineStation } from '../testing/offline-station.js';
import { tempDir } from '../testing/fixtures.js';
import { ShiftService } from './shift-service.js';
import { ShiftStore } from './shift-store.js';
import { openWork } from '../../../shared/station-orders.js';
import { resolveOfflineLoss } from '../payments/offline-loss-resolution.js';

const alex = { id: 'alex', name: 'Alex', role: 'cashier' as const };

describe('X/Z report of a shift with card payments approved offline (real SQLite)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('shift-offline')));
  afterEach(() => dir.remove());

  it('counts the sales, lists approved, forwarded and declined-after-sale totals, what a manager resolved and what is outstanding', async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const station = openOfflineStation(join(dir.path, 'station.sqlite'), 'station-1', clock);
    try {
      const shifts = new ShiftService({
        shifts: new ShiftStore(station.db, 'station-1', (id, name) => ({ id, name, role: 'cashier' })),
        stationId: 'station-1',
        storeName: 'Test',
        currency: 'EUR',
        clock,
        logger: silentLogger,
        newId: () => station.store.newId(),
        signedIn: () => alex,
        print: () => ({ jobId: 'none' }),
        openWork: () => openWork(station.store.listActive(), 'station-1'),
      });
      if (!shifts.open(0).ok) throw new Error('shift did not open');
      station.terminal.setGateway(false);
      for (const item of ['espresso', 'croissant']) {
        const added = station.orders.addLine({ orderType: 'takeout' }, item, 1);
        if (!added.ok) throw new Error(added.error.message);
        const started = station.saga.start({ orderId: added.value.id, amountMinor: added.value.dueMinor });
        if (!started.ok) throw new Error(started.error.message);
        expect((await started.value.done).state).toBe('offline_approved');
        clock.advance(1_000);
      }
      const pending = shifts.preview();
      expect(pending.ok && pending.value).toMatchObject({
        orderCount: 2,
        netSalesMinor: 470,
        cardTakenMinor: 0,
        offline: { approvedCount: 2, approvedMinor: 470, forwardedCount: 0, outstandingMinor: 0 },
      });

      // The gateway returns: the espresso is forwarded, the croissant declined after the sale.
      station.terminal.setGateway(true);
      station.terminal.script({ forward: [{ kind: 'accept' }, { kind: 'decline', reason: 'Insufficient funds' }] });
      await station.forwarder.run();
      const x = shifts.preview();
      expect(x.ok && x.value.offline).toMatchObject({ declinedMinor: 220, resolvedCount: 0, outstandingMinor: 220 });
      // A manager marks the croissant's loss as dealt with: resolved, no longer outstanding.
      const lost = station.db
        .prepare<[], { payment_id: string }>("SELECT payment_id FROM offline_card_payments WHERE state = 'declined'")
        .get()!;
      const resolved = resolveOfflineLoss(
        { db: station.db, store: station.store, actor: { kind: 'device', id: 'station-1' }, logger: silentLogger },
        { paymentId: lost.payment_id, note: 'Paid cash on the next visit' },
      );
      expect(resolved.ok).toBe(true);
      const z = shifts.close(0, undefined);
      expect(z.ok && z.value).toMatchObject({
        kind: 'z',
        orderCount: 2,
        offline: {
          approvedCount: 2,
          approvedMinor: 470,
          forwardedCount: 1,
          forwardedMinor: 250,
          declinedCount: 1,
          declinedMinor: 220,
          expiredCount: 0,
          expiredMinor: 0,
          resolvedCount: 1,
          resolvedMinor: 220,
          outstandingMinor: 0,
        },
      });
    } finally {
      station.close();
    }
  });
});
