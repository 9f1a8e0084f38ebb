import { describe, expect, it } from 'vitest';
import type { CurrentEvent } from '../events.js';
import { foldOrder } from '../order-fold.js';
import { Scenario } from '../scenario.js';

const STATION = 'station-a';

function offlineSale() {
  const sc = new Scenario();
  sc.open(STATION);
  sc.line(STATION, { name: 'Burger', priceMinor: 1200 });
  const paymentId = sc.id();
  const approved = sc.emit(STATION, {
    type: 'PaymentApprovedOffline',
    v: 1,
    payload: {
      paymentId,
      method: 'card',
      amountMinor: 1200,
      tipMinor: 100,
      idempotencyKey: `card-${paymentId}`,
      terminalRef: 'SIM-T-1',
      card: { brand: 'VISA', lastFour: '4242' },
    },
  });
  return { sc, paymentId, approved };
}

describe('store and forward in the fold', () => {
  it('counts an offline approval for the sale but never as captured', () => {
    const { sc } = offlineSale();
    const view = foldOrder(sc.events)!;
    expect(view.status).toBe('paid');
    expect(view.dueMinor).toBe(0);
    expect(view.payments[0]).toMatchObject({ status: 'offline_approved', offline: { terminalRef: 'SIM-T-1' } });
    expect(view.outstandingMinor).toBeUndefined();
  });

  it('captures on forwarding, without counting the money twice', () => {
    const { sc, paymentId } = offlineSale();
    sc.emit(STATION, { type: 'OfflinePaymentForwarded', v: 1, payload: { paymentId, authCode: 'A1' } });
    const view = foldOrder(sc.events)!;
    expect(view.payments[0]).toMatchObject({ status: 'captured', card: { authCode: 'A1', lastFour: '4242' } });
    expect(view.paidMinor).toBe(1300);
    expect(view.outstandingMinor).toBeUndefined();
  });

  it('a full refund before forwarding voids the stored payment; a part of it is refused', () => {
    const { sc, paymentId } = offlineSale();
    const part = sc.emit(STATION, {
      type: 'PaymentRefunded',
      v: 1,
      payload: { refundId: sc.id(), paymentId, amountMinor: 500, reason: 'one item' },
    });
    let view = foldOrder(sc.events)!;
    expect(view.payments[0]).toMatchObject({ status: 'offline_approved', refundedMinor: 0 });
    expect(view.conflicts.map((c) => c.eventIds[0])).toContain(part.id);
    sc.emit(STATION, {
      type: 'PaymentRefunded',
      v: 1,
      payload: { refundId: sc.id(), paymentId, amountMinor: 1300, reason: 'changed mind' },
    });
    view = foldOrder(sc.events)!;
    expect(view.payments[0]).toMatchObject({ status: 'voided', refundedMinor: 1300 });
    expect(view.status).toBe('refunded');
    // Voided: a late forward of it is refused, never counted as money taken.
    const late = sc.emit(STATION, { type: 'OfflinePaymentForwarded', v: 1, payload: { paymentId } });
    expect(foldOrder(sc.events)!.conflicts.map((c) => c.eventIds[0])).toContain(late.id);
  });

  for (const type of ['OfflinePaymentDeclined', 'OfflinePaymentExpired'] as const) {
    it(`${type}: the order stays paid and shows the amount outstanding`, () => {
      const { sc, paymentId } = offlineSale();
      sc.emit(STATION, { type, v: 1, payload: { paymentId, reason: 'insufficient funds' } });
      const view = foldOrder(sc.events)!;
      expect(view.status).toBe('paid');
      expect(view.outstandingMinor).toBe(1300);
      expect(view.payments[0]).toMatchObject({
        status: type === 'OfflinePaymentDeclined' ? 'declined_after_sale' : 'expired',
        offline: { terminalRef: 'SIM-T-1', lostReason: 'insufficient funds' },
      });
    });
  }

  it('a manager resolving a loss: still lost in the books, no longer outstanding; once only, and only a loss', () => {
    const { sc, paymentId } = offlineSale();
    const early = sc.emit(STATION, { type: 'OfflinePaymentLossResolved', v: 1, payload: { paymentId, note: 'too early' } });
    expect(foldOrder(sc.events)!.conflicts.map((c) => c.eventIds[0])).toContain(early.id);
    sc.emit(STATION, { type: 'OfflinePaymentDeclined', v: 1, payload: { paymentId, reason: 'insufficient funds' } });
    sc.emit(STATION, { type: 'OfflinePaymentLossResolved', v: 1, payload: { paymentId, note: 'Paid cash next day', approvedBy: 'Sam' } });
    const again = sc.emit(STATION, { type: 'OfflinePaymentLossResolved', v: 1, payload: { paymentId, note: 'twice' } });
    const view = foldOrder(sc.events)!;
    expect(view.outstandingMinor).toBeUndefined();
    expect(view.payments[0]).toMatchObject({
      status: 'declined_after_sale',
      offline: { lostReason: 'insufficient funds', resolved: { note: 'Paid cash next day', approvedBy: 'Sam' } },
    });
    expect(view.conflicts.map((c) => c.eventIds[0])).toContain(again.id);
  });

  it('refuses a forward of a payment already lost, as a recorded conflict', () => {
    const { sc, paymentId } = offlineSale();
    sc.emit(STATION, { type: 'OfflinePaymentExpired', v: 1, payload: { paymentId, reason: 'older than 24 h' } });
    const late = sc.emit(STATION, { type: 'OfflinePaymentForwarded', v: 1, payload: { paymentId } });
    const view = foldOrder(sc.events)!;
    expect(view.payments[0]!.status).toBe('expired');
    expect(view.conflicts.map((c) => c.eventIds[0])).toContain(late.id);
  });

  it('folds to the same view whatever order the events arrive in', () => {
    const { sc, paymentId } = offlineSale();
    sc.emit(STATION, { type: 'OfflinePaymentDeclined', v: 1, payload: { paymentId, reason: 'card reported stolen' } });
    const expected = foldOrder(sc.events);
    const reversed: CurrentEvent[] = [...sc.events].reverse();
    expect(foldOrder(reversed)).toEqual(expected);
    expect(foldOrder([...sc.events, ...sc.events])).toEqual(expected);
  });

  it('an offline approval concurrent with a cancellation stands (it will be charged) and is owed back', () => {
    const sc = new Scenario();
    sc.open(STATION);
    sc.line(STATION, { name: 'Burger', priceMinor: 1200 });
    const before = sc.snapshot();
    sc.cancel('mobile', 'customer cancelled', { sees: before });
    const paymentId = sc.id();
    sc.emit(
      STATION,
      {
        type: 'PaymentApprovedOffline',
        v: 1,
        payload: { paymentId, method: 'card', amountMinor: 1200, tipMinor: 0, idempotencyKey: `card-${paymentId}`, terminalRef: 'SIM-T-2' },
      },
      { sees: before },
    );
    const view = foldOrder(sc.events)!;
    expect(view.payments[0]!.status).toBe('offline_approved');
    expect(view.refundDueMinor).toBe(1200);
    expect(view.conflicts.map((c) => c.rule)).toContain('cancel-vs-payment');
  });
});
