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
});
