import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';
import { payCashPart } from './cash-part-payment.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  { id: 'soup', name: 'Soup', category: 'Kitchen', priceMinor: 653, currency: 'EUR', kitchenStation: 'grill' },
];

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('cash for one split part', () => {
  let dir: ReturnType<typeof tempDir>;
  let close: () => void;
  beforeEach(() => (dir = tempDir('cash-part')));
  afterEach(() => {
    close();
    dir.remove();
  });

  function splitOrder(rounding?: { incrementMinor: number }) {
    const opened = openTestStore(join(dir.path, 'station.sqlite'));
    close = () => opened.db.close();
    const order = value(new OrderService(opened.store, catalog, 'EUR', actor).addLine({ orderType: 'takeout' }, 'soup', 2)); // 1306
    const parts = [
      { partId: opened.store.newId(), amountMinor: 653 },
      { partId: opened.store.newId(), amountMinor: 653 },
    ];
    const split = opened.store.write(order.id, actor, () => ({ ok: true, events: [{ type: 'TenderSplit', v: 1, payload: { parts } }] }));
    expect(split.ok).toBe(true);
    return { ...opened, order, parts, deps: { store: opened.store, actor, ...(rounding ? { cashRounding: rounding } : {}) } };
  }

  it('pays one part without settling, and the last part settles the order and fires the kitchen', () => {
    const s = splitOrder();
    const first = value(payCashPart(s.deps, { orderId: s.order.id, splitPartId: s.parts[0]!.partId, tenderedMinor: 1000 }));
    expect(first).toMatchObject({ changeMinor: 347, settled: false, order: { status: 'open', dueMinor: 653, tickets: [] } });
    expect(payCashPart(s.deps, { orderId: s.order.id, splitPartId: s.parts[0]!.partId, tenderedMinor: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    const last = value(payCashPart(s.deps, { orderId: s.order.id, splitPartId: s.parts[1]!.partId, tenderedMinor: 653 }));
    expect(last).toMatchObject({ changeMinor: 0, settled: true, order: { status: 'paid', dueMinor: 0 } });
    expect(last.order.tickets.map((t) => t.station)).toEqual(['grill']);
    expect(last.order.payments.map((p) => p.splitPartId)).toEqual([s.parts[0]!.partId, s.parts[1]!.partId]);
  });

  it('refuses too little cash and unknown parts, and rounds only the cash collected', () => {
    const s = splitOrder({ incrementMinor: 5 });
    expect(payCashPart(s.deps, { orderId: s.order.id, splitPartId: s.parts[0]!.partId, tenderedMinor: 654 })).toMatchObject({
      ok: false,
      error: { code: 'insufficient_tender' },
    });
    expect(payCashPart(s.deps, { orderId: s.order.id, splitPartId: s.store.newId(), tenderedMinor: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // The part's 6.53 is collected as 6.55 in cash; the rounding is its own field, the part is settled exactly.
    const paid = value(payCashPart(s.deps, { orderId: s.order.id, splitPartId: s.parts[0]!.partId, tenderedMinor: 700 }));
    expect(paid.changeMinor).toBe(45);
    expect(paid.order.payments[0]).toMatchObject({ amountMinor: 653, roundingMinor: 2, changeMinor: 45 });
    expect(paid.order.dueMinor).toBe(653);
  });
});
