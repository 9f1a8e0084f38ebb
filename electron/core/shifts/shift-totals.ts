import type { OrderView } from '../../../shared/order-view.js';

/** What the totals read of an order's projection. */
export type OrderFigures = Pick<OrderView, 'subtotalMinor' | 'discountMinor' | 'taxMinor' | 'totalMinor'>;

/** This station's own money events inside a shift's window, as the ledger read them. */
export type ShiftEvent =
  | {
      type: 'PaymentCaptured';
      orderId: string;
      paymentId: string;
      method: string;
      amountMinor: number;
      tipMinor: number;
      roundingMinor: number;
      changeMinor: number;
    }
  | { type: 'PaymentRefunded'; orderId: string; paymentId: string; amountMinor: number }
  | { type: 'LineVoided'; orderId: string }
  | { type: 'PaymentApprovedOffline'; orderId: string; paymentId: string; amountMinor: number; tipMinor: number }
  | {
      type: 'OfflinePaymentForwarded' | 'OfflinePaymentDeclined' | 'OfflinePaymentExpired' | 'OfflinePaymentLossResolved';
      orderId: string;
      paymentId: string;
    };

export interface ShiftTotalsInput {
  floatMinor: number;
  events: readonly ShiftEvent[];
  /** Orders whose first payment on this station was taken in the shift: their sales belong to it. */
  settledOrders: readonly OrderFigures[];
  /** Method of every payment a refund in the window names (it may have been taken in an earlier shift). */
  paymentMethods: ReadonlyMap<string, string>;
  /** Amount + tip of every payment an offline outcome in the window names (approved maybe in an earlier shift). */
  paymentTotals?: ReadonlyMap<string, number>;
}

export interface OfflineShiftTotals {
  approvedCount: number;
  approvedMinor: number;
  forwardedCount: number;
  forwardedMinor: number;
  declinedCount: number;
  declinedMinor: number;
  expiredCount: number;
  expiredMinor: number;
  /** Losses (of any shift) a manager marked as dealt with during this one. */
  resolvedCount: number;
  resolvedMinor: number;
  /** Lost in this shift and not resolved within it. */
  outstandingMinor: number;
}

export interface ShiftTotals {
  orderCount: number;
  grossSalesMinor: number;
  discountsMinor: number;
  taxMinor: number;
  netSalesMinor: number;
  cashTakenMinor: number;
  cardTakenMinor: number;
  otherTakenMinor: number;
  tipsMinor: number;
  changeGivenMinor: number;
  refundsMinor: number;
  cashRefundsMinor: number;
  refundCount: number;
  voidCount: number;
  expectedCashMinor: number;
  /** Present when card payments were approved offline, forwarded or lost in the shift. */
  offline?: OfflineShiftTotals;
}

/**
 * A shift's figures. The rules, which the X and Z reports print:
 * - Sales (orders, gross, discounts, tax, net) count each order once, in the shift where this station
 *   took its first payment; an order paid later in another shift belongs to that one.
 * - Money taken counts every capture written on this station during the shift, by method. Cash taken
 *   is what stayed in the drawer: amount + tip + cash rounding (= tendered − change given).
 * - Refunds count every refund written on this station during the shift; a refund of a cash payment
 *   took cash out of this drawer, whenever the payment was taken.
 * - Expected cash = opening float + cash taken − cash refunds.
 * - Card payments approved offline count as sales (the order was settled) but not as card taken:
 *   no money moved. Each is listed when approved, when forwarded (captured) and when lost (declined
 *   after the sale, or expired), in the shift where that happened; lost ones are outstanding.
 */
export function shiftTotals({ floatMinor, events, settledOrders, paymentMethods, paymentTotals }: ShiftTotalsInput): ShiftTotals {
  const offline: OfflineShiftTotals = {
    approvedCount: 0,
    approvedMinor: 0,
    forwardedCount: 0,
    forwardedMinor: 0,
    declinedCount: 0,
    declinedMinor: 0,
    expiredCount: 0,
    expiredMinor: 0,
    resolvedCount: 0,
    resolvedMinor: 0,
    outstandingMinor: 0,
  };
  let anyOffline = false;
  // Lost in the window, and resolved in the window: outstanding is the first less the second.
  const lostHere = new Map<string, number>();
  const resolvedHere = new Set<string>();
  const totals: ShiftTotals = {
    orderCount: settledOrders.length,
    grossSalesMinor: 0,
    discountsMinor: 0,
    taxMinor: 0,
    netSalesMinor: 0,
    cashTakenMinor: 0,
    cardTakenMinor: 0,
    otherTakenMinor: 0,
    tipsMinor: 0,
    changeGivenMinor: 0,
    refundsMinor: 0,
    cashRefundsMinor: 0,
    refundCount: 0,
    voidCount: 0,
    expectedCashMinor: 0,
  };
  for (const order of settledOrders) {
    totals.grossSalesMinor += order.subtotalMinor;
    totals.discountsMinor += order.discountMinor;
    totals.taxMinor += order.taxMinor;
    totals.netSalesMinor += order.totalMinor;
  }
  for (const event of events) {
    switch (event.type) {
      case 'PaymentCaptured': {
        totals.tipsMinor += event.tipMinor;
        if (event.method === 'cash') {
          totals.cashTakenMinor += event.amountMinor + event.tipMinor + event.roundingMinor;
          totals.changeGivenMinor += event.changeMinor;
        } else if (event.method === 'card') {
          totals.cardTakenMinor += event.amountMinor + event.tipMinor;
        } else {
          totals.otherTakenMinor += event.amountMinor + event.tipMinor;
        }
        break;
      }
      case 'PaymentRefunded': {
        totals.refundsMinor += event.amountMinor;
        totals.refundCount += 1;
        if (paymentMethods.get(event.paymentId) === 'cash') totals.cashRefundsMinor += event.amountMinor;
        break;
      }
      case 'LineVoided':
        totals.voidCount += 1;
        break;
      case 'PaymentApprovedOffline':
        anyOffline = true;
        offline.approvedCount += 1;
        offline.approvedMinor += event.amountMinor + event.tipMinor;
        break;
      case 'OfflinePaymentForwarded':
      case 'OfflinePaymentDeclined':
      case 'OfflinePaymentExpired': {
        anyOffline = true;
        const amount = paymentTotals?.get(event.paymentId) ?? 0;
        const key =
          event.type === 'OfflinePaymentForwarded' ? 'forwarded' : event.type === 'OfflinePaymentDeclined' ? 'declined' : 'expired';
        offline[`${key}Count`] += 1;
        offline[`${key}Minor`] += amount;
        if (key !== 'forwarded') lostHere.set(event.paymentId, amount);
        break;
      }
      case 'OfflinePaymentLossResolved':
        anyOffline = true;
        resolvedHere.add(event.paymentId);
        offline.resolvedCount += 1;
        offline.resolvedMinor += paymentTotals?.get(event.paymentId) ?? 0;
        break;
    }
  }
  totals.expectedCashMinor = floatMinor + totals.cashTakenMinor - totals.cashRefundsMinor;
  for (const [paymentId, amount] of lostHere) if (!resolvedHere.has(paymentId)) offline.outstandingMinor += amount;
  if (anyOffline) totals.offline = offline;
  return totals;
}
