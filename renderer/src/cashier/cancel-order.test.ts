import { describe, expect, it } from 'vitest';
import type { StaffSessionView } from '../../../shared/ipc/commands/staff.js';
import { formatMoney } from '../../../shared/money.js';
import type { OrderView, PaymentView, TicketView } from '../../../shared/order-view.js';
import { makeOrder } from '../testing/fake-station.js';
import { cancelApproval, cancelConsequences, cancelOutcome, isCancellable, moneyHeldMinor } from './cancel-order.js';

const money = (minor: number) => formatMoney(minor, 'EUR');

function payment(fields: Partial<PaymentView>): PaymentView {
  return {
    paymentId: 'p1',
    method: 'cash',
    status: 'captured',
    amountMinor: 500,
    tipMinor: 0,
    refundedMinor: 0,
    roundingMinor: 0,
    changeMinor: 0,
    ...fields,
  };
}

function ticket(status: TicketView['status']): TicketView {
  return {
    ticketId: 't1',
    station: 'bar',
    status,
    lineIds: ['l1'],
    voidedLineIds: [],
    doneLineIds: [],
    firedAt: 'x',
    flashCancelled: false,
  };
}

const paidOrder = (extra: Partial<OrderView> = {}) =>
  makeOrder({ status: 'paid', totalMinor: 500, paidMinor: 500, payments: [payment({})], ...extra });

const session = (role: 'cashier' | 'manager' | null, requireSignIn = true): StaffSessionView => ({
  requireSignIn,
  signedIn: role === null ? null : { id: role, name: role, role },
  signedInAt: null,
});

describe('isCancellable', () => {
  it('takes open, placed and paid orders, as the order machine accepts OrderCancelRequested', () => {
    for (const status of ['open', 'placed', 'paid'] as const) expect(isCancellable(makeOrder({ status }))).toBe(true);
    for (const status of ['completed', 'cancel_requested', 'cancelled', 'refund_pending', 'refunded'] as const) {
      expect(isCancellable(makeOrder({ status }))).toBe(false);
    }
    expect(isCancellable(null)).toBe(false);
  });

  it('not while a card is being charged', () => {
    expect(isCancellable(makeOrder({ status: 'open', payments: [payment({ method: 'card', status: 'authorized' })] }))).toBe(false);
  });
});

describe('moneyHeldMinor', () => {
  it('counts captured money and tips, less what was refunded; failed and voided payments hold nothing', () => {
    const order = makeOrder({
      payments: [
        payment({ amountMinor: 500, tipMinor: 100, refundedMinor: 200 }),
        payment({ paymentId: 'p2', status: 'failed' }),
        payment({ paymentId: 'p3', status: 'voided' }),
      ],
    });
    expect(moneyHeldMinor(order)).toBe(400);
  });
});

describe('cancelApproval', () => {
  it('asks a manager PIN for an order holding money where staff sign in, even with a manager signed in', () => {
    expect(cancelApproval(paidOrder(), session('cashier'))).toBe('manager-pin');
    expect(cancelApproval(paidOrder(), session(null))).toBe('manager-pin');
    expect(cancelApproval(paidOrder(), session('manager'))).toBe('manager-pin');
    expect(cancelApproval(paidOrder(), session(null, false))).toBe('none');
    expect(cancelApproval(paidOrder(), null)).toBe('none');
    expect(cancelApproval(makeOrder({ status: 'placed' }), session('cashier'))).toBe('none');
  });
});

describe('cancelConsequences', () => {
  it('says a started ticket flashes CANCELLED and the money is refunded next', () => {
    expect(cancelConsequences(paidOrder({ tickets: [ticket('in_progress')] }), money)).toEqual([
      'The kitchen has started it: its ticket shows CANCELLED until a cook acknowledges.',
      '€5.00 was taken: a manager approves, then you refund it.',
    ]);
  });

  it('says a queued ticket is pulled, and that nothing unpaid is refunded', () => {
    expect(cancelConsequences(makeOrder({ status: 'placed', tickets: [ticket('queued')] }), money)).toEqual([
      'Its kitchen ticket is pulled from the kitchen screen.',
      'Nothing was paid: nothing to refund.',
    ]);
    expect(cancelConsequences(makeOrder({ tickets: [ticket('bumped')] }), money)).toEqual(['Nothing was paid: nothing to refund.']);
  });
});

describe('cancelOutcome', () => {
  it('tells where the cancellation landed', () => {
    expect(cancelOutcome(makeOrder({ status: 'cancelled', ticketNumber: 7 }), money)).toBe('Order 7 cancelled');
    expect(cancelOutcome(paidOrder({ status: 'refund_pending', ticketNumber: 7, refundDueMinor: 500 }), money)).toBe(
      'Order 7 cancelled: refund €5.00 due',
    );
    expect(cancelOutcome(paidOrder({ status: 'cancel_requested', ticketNumber: 7 }), money)).toBe(
      'Order 7 cancelled: waiting for the kitchen to acknowledge, then refund it (see Cancellations)',
    );
    expect(cancelOutcome(makeOrder({ status: 'cancel_requested', ticketNumber: 7 }), money)).toBe(
      'Order 7 cancelled: waiting for the kitchen to acknowledge (see Cancellations)',
    );
  });
});
