import { describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../../drivers/escpos/receipt-document.js';
import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import { ManualClock } from '../../../shared/clock.js';
import type { CurrentEvent } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import { foldOrder } from '../../../shared/order-fold.js';
import type { OrderView } from '../../../shared/order-view.js';
import { Scenario } from '../../../shared/scenario.js';
import type { Commit } from '../store/commit-notice.js';
import { commitEffect } from './commit-effects.js';
import { createOrderPeripherals } from './order-peripherals.js';

/** An order rung up at a counter (or arrived from the web): 2 × 250 of espresso for the bar. */
function sale(channel: 'counter' | 'web' = 'counter') {
  const sc = new Scenario();
  sc.open('till', { channel, ticketNumber: 3 });
  const lineId = sc.line('till', { name: 'Espresso', priceMinor: 250, quantity: 2, station: 'bar' }).payload.lineId;
  /** Appends what one write would, and answers the order after it with those events. */
  const write = (emit: () => void): { order: OrderView; events: CurrentEvent[] } => {
    const from = sc.events.length;
    emit();
    return { order: foldOrder(sc.events)!, events: sc.events.slice(from) };
  };
  const card = (amountMinor: number) =>
    sc.emit('till', {
      type: 'PaymentCaptured',
      v: 2,
      payload: { paymentId: sc.id(), method: 'card', amountMinor, tipMinor: 0, changeMinor: 0, roundingMinor: 0 },
    });
  return { sc, lineId, write, card };
}

describe('what the hardware does after a commit, from its events', () => {
  it('cash that settles: a sale (receipt, drawer); cash for a part: the drawer only', () => {
    const part = sale();
    const first = part.write(() => part.sc.cash('till', 200));
    expect(commitEffect(first.order, first.events)).toEqual({ kind: 'cash_part' });
    const last = part.write(() => {
      part.sc.cash('till', 300);
      part.sc.fire('till', 'bar', [part.lineId]);
    });
    expect(commitEffect(last.order, last.events)).toEqual({ kind: 'cash_sale' });
  });

  it('a card capture that settles is a sale; one that does not, and holds or declines, do nothing', () => {
    const s = sale();
    const partly = s.write(() => s.card(100));
    expect(commitEffect(partly.order, partly.events)).toEqual({ kind: 'none' });
    const rest = s.write(() => s.card(400));
    expect(commitEffect(rest.order, rest.events)).toEqual({ kind: 'card_sale' });
    const held = sale();
    const failed = held.write(() =>
      held.sc.emit('till', { type: 'PaymentFailed', v: 1, payload: { paymentId: held.sc.id(), reason: 'declined' } }),
    );
    expect(commitEffect(failed.order, failed.events)).toEqual({ kind: 'none' });
  });

  it('an open counter order that changed is being rung up; firing it prints nothing until it is paid', () => {
    const s = sale();
    const added = s.write(() => s.sc.line('till', { name: 'Croissant', priceMinor: 220 }));
    expect(commitEffect(added.order, added.events)).toEqual({ kind: 'ring_up' });
    const fired = s.write(() => {
      s.sc.place('till');
      s.sc.fire('till', 'bar', [s.lineId]);
    });
    expect(commitEffect(fired.order, fired.events)).toEqual({ kind: 'none' });
  });

  it('a refund, cash or card, alone or with others in one write, is a refund slip each', () => {
    const s = sale();
    const paymentId = s.sc.cash('till', 500).payload.paymentId;
    const refund = (amountMinor: number) =>
      s.sc.emit('till', { type: 'PaymentRefunded', v: 1, payload: { refundId: s.sc.id(), paymentId, amountMinor, reason: 'cold' } });
    let refundId = '';
    const one = s.write(() => (refundId = refund(100).payload.refundId));
    expect(commitEffect(one.order, one.events)).toEqual({ kind: 'refunded', refundIds: [refundId] });
    const two = s.write(() => {
      refund(100);
      refund(300);
    });
    expect(commitEffect(two.order, two.events)).toEqual({
      kind: 'refunded',
      refundIds: two.events.map((e) => (e.type === 'PaymentRefunded' ? e.payload.refundId : '')),
    });
  });

  it('a web order fired by this station prints the fired tickets', () => {
    const s = sale('web');
    s.sc.place('till');
    const fired = s.write(() => s.sc.fire('till', 'bar', [s.lineId], { ticketId: TICKET }));
    expect(commitEffect(fired.order, fired.events)).toEqual({ kind: 'channel_fired', ticketIds: [TICKET] });
  });
});
const TICKET = '0190b1e2-0000-7000-8000-000000000001';

describe('peripherals after commits', () => {
  function devices() {
    const done = { receipts: 0, drawers: 0, kitchen: 0 };
    const printed: { title: string | undefined; key: string | undefined }[] = [];
    const manager = {
      printReceipt: (doc: ReceiptDocument, options: { idempotencyKey?: string }) => (
        done.receipts++,
        printed.push({ title: doc.title, key: options.idempotencyKey }),
        { id: 'receipt-job' }
      ),
      printKitchen: () => (done.kitchen++, { jobs: [], errors: [] }),
      openDrawer: () => (done.drawers++, Promise.resolve({ id: 'kick', state: 'sent' })),
      display: () => undefined,
    } as unknown as DeviceManager;
    const peripherals = createOrderPeripherals({
      devices: manager,
      store: { name: 'Test', addressLines: [] },
      stationId: 's1',
      clock: new ManualClock(0),
      logger: silentLogger,
      hasKitchenRoutes: true,
    });
    return { done, printed, peripherals };
  }

  it('a cash sale prints one receipt and opens the drawer once; a part opens the drawer only', () => {
    const { done, peripherals } = devices();
    const s = sale();
    const part = s.write(() => s.sc.cash('till', 200));
    peripherals.committed({ source: 'local', ...part });
    expect(done).toEqual({ receipts: 0, drawers: 1, kitchen: 0 });
    const last = s.write(() => {
      s.sc.cash('till', 300);
      s.sc.fire('till', 'bar', [s.lineId]);
    });
    peripherals.committed({ source: 'local', ...last });
    expect(done).toEqual({ receipts: 1, drawers: 2, kitchen: 1 });
    peripherals.stop();
  });

  it('a refund made here prints a REFUND slip keyed on the refund, and opens no drawer by itself', () => {
    const { done, printed, peripherals } = devices();
    const s = sale();
    const paid = s.write(() => s.sc.cash('till', 500));
    peripherals.committed({ source: 'local', ...paid });
    const refundId = s.sc.id();
    const refunded = s.write(() =>
      s.sc.emit('till', {
        type: 'PaymentRefunded',
        v: 1,
        payload: { refundId, paymentId: paid.order.payments[0]!.paymentId, amountMinor: 200, reason: 'cold' },
      }),
    );
    peripherals.committed({ source: 'local', ...refunded });
    expect(done).toEqual({ receipts: 2, drawers: 1, kitchen: 0 });
    expect(printed.at(-1)).toEqual({ title: 'REFUND', key: `refund-slip:${refundId}` });
    // The same refund pulled from elsewhere prints nothing here.
    peripherals.committed({ source: 'remote', via: 'server', orders: [refunded.order], events: refunded.events });
    expect(done.receipts).toBe(2);
    peripherals.stop();
  });

  it('the same sale pulled from another station prints nothing here', () => {
    const { done, peripherals } = devices();
    const s = sale();
    const paid = s.write(() => s.sc.cash('till', 500));
    const pulled: Commit = { source: 'remote', via: 'server', orders: [paid.order], events: paid.events };
    peripherals.committed(pulled);
    expect(done).toEqual({ receipts: 0, drawers: 0, kitchen: 0 });
  });
});
