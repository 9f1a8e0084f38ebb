import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { OrderService } from '../orders/order-service.js';
import type { ApprovalGate } from '../staff/approvals.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';
import { CardPaymentSaga } from './card-payment-saga.js';
import { OfflineForwarder } from './offline-forwarder.js';
import { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { resolveOfflineLoss } from './offline-loss-resolution.js';
import { offlineQueueReads } from './offline-queue-view.js';
import { SimulatedPaymentTerminal } from './simulated-terminal.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  { id: 'latte', name: 'Latte', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
];
const limits = OfflineLimits.parse({ perPaymentMinor: 3_000, totalPendingMinor: 5_000, maxAgeMs: 3_600_000 });

/** A manager gate as staff give it: PIN 9999 is Sam, anything else is refused. */
const managers: ApprovalGate = {
  enforced: true,
  approve: (action, pin) =>
    pin === '9999'
      ? { ok: true, approvedBy: 'Sam' }
      : { ok: false, error: { code: 'approval_required', message: `A manager's PIN is needed to ${action}` } },
};

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('a manager resolves a card payment lost after the sale, real SQLite', () => {
  let dir: ReturnType<typeof tempDir>;
  let close: () => void;
  beforeEach(() => {
    dir = tempDir('offline-loss');
  });
  afterEach(() => {
    close();
    dir.remove();
  });

  async function lostSale() {
    const opened = openTestStore(join(dir.path, 'station.sqlite'));
    close = () => opened.db.close();
    const terminal = new SimulatedPaymentTerminal({ id: 'sim' });
    const common = { db: opened.db, store: opened.store, terminal, actor, clock: opened.clock, logger: silentLogger };
    const saga = new CardPaymentSaga({ ...common, offlineLimits: limits });
    const forwarder = new OfflineForwarder({ ...common, limits });
    const reads = offlineQueueReads({ ...common, limits, currency: 'EUR' });
    terminal.setGateway(false);
    terminal.setDefaultForward({ kind: 'decline', reason: 'Insufficient funds' });
    const order = value(new OrderService(opened.store, catalog, 'EUR', actor).addLine({ orderType: 'takeout' }, 'latte', 2));
    const done = await value(saga.start({ orderId: order.id, amountMinor: 760 })).done;
    terminal.setGateway(true);
    await forwarder.run();
    const deps = { db: opened.db, store: opened.store, actor, logger: silentLogger, approvals: managers };
    return { ...opened, deps, reads, orderId: order.id, paymentId: done.attemptId, saga };
  }

  it('records the note and the manager on the order: off the follow-up list, no longer outstanding, still lost', async () => {
    const s = await lostSale();
    expect(s.reads.followUps().map((f) => f.paymentId)).toEqual([s.paymentId]);
    expect(s.store.getOrder(s.orderId)!.outstandingMinor).toBe(760);

    const view = value(resolveOfflineLoss(s.deps, { paymentId: s.paymentId, note: 'Customer paid cash next day', managerPin: '9999' }));
    expect(view.payments[0]).toMatchObject({
      status: 'declined_after_sale',
      offline: { resolved: { note: 'Customer paid cash next day', approvedBy: 'Sam' } },
    });
    expect(view.outstandingMinor).toBeUndefined();
    const last = s.store.orderEvents(s.orderId).at(-1)!;
    expect(last).toMatchObject({ type: 'OfflinePaymentLossResolved', payload: { paymentId: s.paymentId, approvedBy: 'Sam' } });
    expect(s.reads.followUps()).toEqual([]);

    const again = resolveOfflineLoss(s.deps, { paymentId: s.paymentId, note: 'twice', managerPin: '9999' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toBe('Already resolved: Customer paid cash next day');
  });

  it('without a manager nothing is written; a payment not lost cannot be resolved', async () => {
    const s = await lostSale();
    const before = s.store.orderEvents(s.orderId).length;
    const refused = resolveOfflineLoss(s.deps, { paymentId: s.paymentId, note: 'written off' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('approval_required');
    expect(s.store.orderEvents(s.orderId)).toHaveLength(before);
    expect(s.reads.followUps()).toHaveLength(1);

    const unknown = resolveOfflineLoss(s.deps, { paymentId: '01a2538a-fb4f-7302-99ba-811540c81dbf', note: 'x', managerPin: '9999' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('not_found');
  });
});
