import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../../../shared/barcode.js';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor } from '../../../shared/events.js';
import { OrderService } from './order-service.js';
import { receiptFor } from '../receipt.js';
import { openTestStore, tempDir } from '../testing/fixtures.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const catalog: CatalogItem[] = [
  {
    id: 'latte',
    name: 'Latte',
    category: 'Coffee',
    priceMinor: 380,
    currency: 'EUR',
    kitchenStation: 'bar',
    tax: { ratePpm: 100_000, included: true },
  },
  {
    id: 'water',
    name: 'Water',
    category: 'Drinks',
    priceMinor: 150,
    currency: 'EUR',
    barcode: '4006381333931',
    tax: { ratePpm: 200_000, included: true },
  },
  {
    id: 'gouda',
    name: 'Gouda',
    category: 'Deli',
    priceMinor: 0,
    currency: 'EUR',
    plu: '12345',
    variableMeasure: { kind: 'weight', pricePerKgMinor: 1290 },
  },
];

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('OrderService writes current events priced by the shared domain', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('order-service')));
  afterEach(() => dir.remove());

  function service(cashRounding?: { incrementMinor: number }) {
    const opened = openTestStore(join(dir.path, 'orders.sqlite'));
    return { ...opened, orders: new OrderService(opened.store, catalog, 'EUR', actor, cashRounding ? { cashRounding } : {}) };
  }

  it('writes v2 lines with the item tax, and rounds cash to the smallest coin', () => {
    const { store, orders, db } = service({ incrementMinor: 5 });
    const order = value(orders.addLine({ orderType: 'takeout' }, 'latte', 1));
    value(orders.addBarcode({ orderId: order.id, orderType: 'takeout' }, '4006381333931'));
    // 3.80 + 1.50 = 5.30: nothing to round. Add a weighed item: 0.412 kg × 12.90 = 5.31 → total 10.61, cash 10.60.
    const weighed = `281234500412${gtinCheckDigit('281234500412')}`;
    const withCheese = value(orders.addBarcode({ orderId: order.id, orderType: 'takeout' }, weighed));
    expect(withCheese.lines.at(-1)).toMatchObject({ name: 'Gouda', unitPriceMinor: 531, measure: { grams: 412, pricePerKgMinor: 1290 } });
    expect(withCheese.totalMinor).toBe(1061);
    expect(orders.payCash(order.id, 1000)).toMatchObject({ ok: false, error: { code: 'insufficient_tender' } });
    const paid = value(orders.payCash(order.id, 2000));
    expect(paid.changeMinor).toBe(940);
    expect(paid.order).toMatchObject({ status: 'paid', paidMinor: 1061, cashRoundingMinor: -1, changeMinor: 940, dueMinor: 0 });
    expect(store.orderEvents(order.id).map((e) => [e.type, e.v])).toEqual([
      ['OrderOpened', 2],
      ['LineAdded', 2],
      ['LineAdded', 2],
      ['LineAdded', 2],
      ['PaymentCaptured', 2],
      ['TicketFired', 1],
    ]);
    const receipt = receiptFor(paid.order, {
      store: { name: 'Test', addressLines: [] },
      stationId: 'station-test',
      printedAt: '2026-11-21 12:00',
    });
    expect(receipt.lines.map((l) => [l.name, l.details ?? []])).toEqual([
      ['Latte', []],
      ['Water', []],
      ['Gouda', ['0.412 kg @ 12.90/kg']],
    ]);
    expect(receipt.taxSummary).toEqual({
      heading: 'VAT',
      rows: [
        { rate: '0%', netMinor: 531, taxMinor: 0, grossMinor: 531 },
        { rate: '10%', netMinor: 345, taxMinor: 35, grossMinor: 380 },
        { rate: '20%', netMinor: 125, taxMinor: 25, grossMinor: 150 },
      ],
    });
    expect(receipt).toMatchObject({
      totalMinor: 1061,
      cashRoundingMinor: -1,
      tenders: [{ label: 'Cash', amountMinor: 2000 }],
      changeMinor: 940,
    });
    db.close();
  });

  it('refuses an in-store code whose plu is not in the catalog, and a misread price verifier', () => {
    const { orders, db } = service();
    const unknown = `289999900412${gtinCheckDigit('289999900412')}`;
    expect(orders.addBarcode({ orderType: 'takeout' }, unknown)).toMatchObject({ ok: false, error: { code: 'unknown_barcode' } });
    const badVerifier = `20004282875${gtinCheckDigit('20004282875')}`;
    expect(orders.addBarcode({ orderType: 'takeout' }, badVerifier)).toMatchObject({ ok: false, error: { code: 'invalid_barcode' } });
    db.close();
  });
});
