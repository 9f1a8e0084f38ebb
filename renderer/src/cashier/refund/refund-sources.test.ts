import { describe, expect, it } from 'vitest';
import type { RefundAttemptView } from '../../../../shared/ipc/commands/payments.js';
import type { PaymentView } from '../../../../shared/order-view.js';
import { makeOrder, testId } from '../../testing/fake-station.js';
import { refundSources, suggestedRefund } from './refund-sources.js';

const payment = (fields: Partial<PaymentView> & Pick<PaymentView, 'method' | 'amountMinor'>): PaymentView => ({
  paymentId: testId(),
  status: 'captured',
  tipMinor: 0,
  refundedMinor: 0,
  roundingMinor: 0,
  changeMinor: 0,
  ...fields,
});
const euros = (minor: number) => `€${(minor / 100).toFixed(2)}`;

describe('refund sources', () => {
  it('one source per card payment (tips included), cash pooled, nothing for spent or failed payments', () => {
    const card = payment({ method: 'card', amountMinor: 500, tipMinor: 100 });
    const order = makeOrder({
      status: 'paid',
      payments: [
        card,
        payment({ method: 'card', amountMinor: 300, status: 'failed' }),
        payment({ method: 'cash', amountMinor: 200 }),
        payment({ method: 'cash', amountMinor: 100, refundedMinor: 100, status: 'refunded' }),
        payment({ method: 'cash', amountMinor: 150, refundedMinor: 50, status: 'refunded' }),
      ],
    });
    const sources = refundSources(order, euros);
    expect(sources).toEqual([
      { kind: 'card', paymentId: card.paymentId, refundableMinor: 600, label: 'Card — €6.00 refundable' },
      { kind: 'cash', refundableMinor: 300, label: 'Cash — €3.00 refundable' },
    ]);
    expect(suggestedRefund(order, sources[0]!)).toBe(600);
  });

  it('a card payment approved offline and not forwarded is refundable in full (voided); one lost after the sale is not', () => {
    const stored = payment({ method: 'card', amountMinor: 760, status: 'offline_approved' });
    const order = makeOrder({
      status: 'paid',
      payments: [stored, payment({ method: 'card', amountMinor: 300, status: 'declined_after_sale' })],
    });
    expect(refundSources(order, euros)).toEqual([
      {
        kind: 'card',
        paymentId: stored.paymentId,
        refundableMinor: 760,
        label: 'Card — €7.60 refundable in full (approved offline, not forwarded yet: it is voided)',
      },
    ]);
  });

  it('a cancelled paid order suggests what the store owes', () => {
    const order = makeOrder({ status: 'refund_pending', refundDueMinor: 250, payments: [payment({ method: 'card', amountMinor: 760 })] });
    expect(suggestedRefund(order, refundSources(order, euros)[0]!)).toBe(250);
  });

  it('a card refund still in flight is not refundable again; settled ones are already in the view', () => {
    const card = payment({ method: 'card', amountMinor: 600, refundedMinor: 100 });
    const order = makeOrder({ status: 'paid', payments: [card] });
    const attempt = (state: RefundAttemptView['state'], amountMinor: number, paymentId = card.paymentId): RefundAttemptView => ({
      refundId: testId(),
      orderId: order.id,
      paymentId,
      state,
      amountMinor,
      currency: 'EUR',
      reason: 'Cold',
      createdAt: 1,
      updatedAt: 1,
    });
    const refunds = [
      attempt('refunded', 100),
      attempt('refunding', 200),
      attempt('unknown_resolving', 50),
      attempt('refunding', 90, 'other'),
    ];
    expect(refundSources(order, euros, refunds)).toEqual([
      { kind: 'card', paymentId: card.paymentId, refundableMinor: 250, label: 'Card — €2.50 refundable' },
    ]);
    // Everything given back or on its way: nothing is offered.
    expect(refundSources(order, euros, [attempt('refunding', 500)])).toEqual([]);
  });
});
