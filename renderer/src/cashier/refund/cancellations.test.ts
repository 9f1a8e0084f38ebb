import { describe, expect, it } from 'vitest';
import { makeOrder } from '../../testing/fake-station.js';
import { cancellationSummary, mergeCancellation } from './cancellations.js';

const euros = (minor: number) => `€${(minor / 100).toFixed(2)}`;

describe('cancellations needing the counter', () => {
  it('keeps cancel-requested and refund-pending orders, drops them once settled, ignores older views', () => {
    const requested = makeOrder({ status: 'cancel_requested', channel: 'mobile', eventCount: 5 });
    let list = mergeCancellation([], requested);
    expect(list.map((o) => o.status)).toEqual(['cancel_requested']);
    list = mergeCancellation(list, { ...requested, status: 'refund_pending', refundDueMinor: 250, eventCount: 6 });
    expect(list.map((o) => o.status)).toEqual(['refund_pending']);
    list = mergeCancellation(list, { ...requested, eventCount: 5 });
    expect(list.map((o) => o.status)).toEqual(['refund_pending']);
    list = mergeCancellation(list, { ...requested, status: 'refunded', eventCount: 7 });
    expect(list).toEqual([]);
    expect(mergeCancellation([], makeOrder({ status: 'paid' }))).toEqual([]);
  });

  it('says where the cancellation came from and what is left to do', () => {
    const ticket = {
      ticketId: 't1',
      station: 'bar',
      status: 'cancel_pending' as const,
      lineIds: [],
      voidedLineIds: [],
      doneLineIds: [],
      firedAt: '0',
      flashCancelled: true,
    };
    expect(cancellationSummary(makeOrder({ status: 'cancel_requested', channel: 'mobile', tickets: [ticket] }), euros)).toBe(
      'Cancelled from the mobile app while the kitchen was working on it — waiting for the kitchen to acknowledge',
    );
    expect(cancellationSummary(makeOrder({ status: 'refund_pending', channel: 'mobile', refundDueMinor: 250 }), euros)).toBe(
      'Cancelled from the mobile app — refund of €2.50 due',
    );
  });
});
