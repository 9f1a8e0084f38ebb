import { describe, expect, it } from 'vitest';
import { shiftTotals, type OrderFigures, type ShiftEvent } from './shift-totals.js';

const order = (_id: string, subtotalMinor: number, discountMinor: number, taxMinor: number, totalMinor: number): OrderFigures => ({
  subtotalMinor,
  discountMinor,
  taxMinor,
  totalMinor,
});

const cash = (
  orderId: string,
  paymentId: string,
  amountMinor: number,
  changeMinor: number,
  roundingMinor = 0,
  tipMinor = 0,
): ShiftEvent => ({
  type: 'PaymentCaptured',
  orderId,
  paymentId,
  method: 'cash',
  amountMinor,
  tipMinor,
  roundingMinor,
  changeMinor,
});

describe('shift totals', () => {
  it('expected cash = float + cash kept (tendered − change) − cash refunds, by hand', () => {
    // Float 100.00. Order A: 12.50 paid with 20.00 (change 7.50). Order B: 7.23 paid with 10.00 at
    // 0.05 rounding (collect 7.25, change 2.75). Order C: 30.00 by card with a 3.00 tip.
    // A refund of 5.00 of A's cash; a refund of 10.00 of a card payment from an earlier shift.
    const events: ShiftEvent[] = [
      cash('A', 'pA', 1250, 750),
      cash('B', 'pB', 723, 275, 2),
      {
        type: 'PaymentCaptured',
        orderId: 'C',
        paymentId: 'pC',
        method: 'card',
        amountMinor: 3000,
        tipMinor: 300,
        roundingMinor: 0,
        changeMinor: 0,
      },
      { type: 'LineVoided', orderId: 'A' },
      { type: 'LineVoided', orderId: 'C' },
      { type: 'PaymentRefunded', orderId: 'A', paymentId: 'pA', amountMinor: 500 },
      { type: 'PaymentRefunded', orderId: 'OLD', paymentId: 'pOld', amountMinor: 1000 },
    ];
    const totals = shiftTotals({
      floatMinor: 10_000,
      events,
      settledOrders: [order('A', 1400, 150, 200, 1250), order('B', 723, 0, 66, 723), order('C', 3000, 0, 273, 3000)],
      paymentMethods: new Map([
        ['pA', 'cash'],
        ['pB', 'cash'],
        ['pC', 'card'],
        ['pOld', 'card'],
      ]),
    });
    expect(totals).toEqual({
      orderCount: 3,
      grossSalesMinor: 1400 + 723 + 3000,
      discountsMinor: 150,
      taxMinor: 200 + 66 + 273,
      netSalesMinor: 1250 + 723 + 3000,
      cashTakenMinor: 1250 + 725, // 20.00 − 7.50 and 10.00 − 2.75
      cardTakenMinor: 3300,
      otherTakenMinor: 0,
      tipsMinor: 300,
      changeGivenMinor: 750 + 275,
      refundsMinor: 1500,
      cashRefundsMinor: 500,
      refundCount: 2,
      voidCount: 2,
      expectedCashMinor: 10_000 + 1975 - 500, // 114.75
    });
  });

  it('an empty shift expects exactly its float', () => {
    const totals = shiftTotals({ floatMinor: 15_000, events: [], settledOrders: [], paymentMethods: new Map() });
    expect(totals.expectedCashMinor).toBe(15_000);
    expect(totals.orderCount).toBe(0);
  });

  it('a cash tip stays in the drawer; wallet and voucher are other money', () => {
    const totals = shiftTotals({
      floatMinor: 0,
      events: [
        cash('A', 'pA', 1000, 0, 0, 200),
        {
          type: 'PaymentCaptured',
          orderId: 'B',
          paymentId: 'pB',
          method: 'voucher',
          amountMinor: 500,
          tipMinor: 0,
          roundingMinor: 0,
          changeMinor: 0,
        },
      ],
      settledOrders: [],
      paymentMethods: new Map(),
    });
    expect(totals.cashTakenMinor).toBe(1200);
    expect(totals.otherTakenMinor).toBe(500);
    expect(totals.expectedCashMinor).toBe(1200);
  });

  it('lists card payments approved offline, forwarded and lost, and what is outstanding, without counting them as card taken', () => {
    // pD (20.00 + 1.00 tip) and pE (15.00) approved offline in this shift; pD forwarded, pE declined
    // after the sale; pF (8.00) approved in an earlier shift expires in this one.
    const events: ShiftEvent[] = [
      { type: 'PaymentApprovedOffline', orderId: 'D', paymentId: 'pD', amountMinor: 2000, tipMinor: 100 },
      { type: 'PaymentApprovedOffline', orderId: 'E', paymentId: 'pE', amountMinor: 1500, tipMinor: 0 },
      { type: 'OfflinePaymentForwarded', orderId: 'D', paymentId: 'pD' },
      { type: 'OfflinePaymentDeclined', orderId: 'E', paymentId: 'pE' },
      { type: 'OfflinePaymentExpired', orderId: 'F', paymentId: 'pF' },
    ];
    const totals = shiftTotals({
      floatMinor: 0,
      events,
      settledOrders: [order('D', 2000, 0, 0, 2000), order('E', 1500, 0, 0, 1500)],
      paymentMethods: new Map(),
      paymentTotals: new Map([
        ['pD', 2100],
        ['pE', 1500],
        ['pF', 800],
      ]),
    });
    expect(totals.cardTakenMinor).toBe(0);
    expect(totals.netSalesMinor).toBe(3500);
    expect(totals.offline).toEqual({
      approvedCount: 2,
      approvedMinor: 3600,
      forwardedCount: 1,
      forwardedMinor: 2100,
      declinedCount: 1,
      declinedMinor: 1500,
      expiredCount: 1,
      expiredMinor: 800,
      resolvedCount: 0,
      resolvedMinor: 0,
      outstandingMinor: 2300,
    });
  });

  it('a loss a manager resolved counts as resolved, no longer outstanding; one resolved from an earlier shift too', () => {
    // pE (15.00) declined and pF (8.00) expired in this shift; pF is resolved in it, and pG (5.00), lost
    // in an earlier shift, is resolved in this one.
    const events: ShiftEvent[] = [
      { type: 'OfflinePaymentDeclined', orderId: 'E', paymentId: 'pE' },
      { type: 'OfflinePaymentExpired', orderId: 'F', paymentId: 'pF' },
      { type: 'OfflinePaymentLossResolved', orderId: 'F', paymentId: 'pF' },
      { type: 'OfflinePaymentLossResolved', orderId: 'G', paymentId: 'pG' },
    ];
    const totals = shiftTotals({
      floatMinor: 0,
      events,
      settledOrders: [],
      paymentMethods: new Map(),
      paymentTotals: new Map([
        ['pE', 1500],
        ['pF', 800],
        ['pG', 500],
      ]),
    });
    expect(totals.offline).toMatchObject({
      declinedMinor: 1500,
      expiredMinor: 800,
      resolvedCount: 2,
      resolvedMinor: 1300,
      outstandingMinor: 1500,
    });
  });

  it('has no offline section when nothing was taken offline', () => {
    expect(
      shiftTotals({ floatMinor: 0, events: [cash('A', 'pA', 100, 0)], settledOrders: [], paymentMethods: new Map() }).offline,
    ).toBeUndefined();
  });
});
