import { describe, expect, it } from 'vitest';
import type { PaymentAttemptView, RefundAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { PrintJobView } from '../../../shared/ipc/devices.js';
import { encodeHlc } from '../../../shared/hlc.js';
import { BASE_TIME_MS, makeOrder } from '../testing/fake-station.js';
import { orderChanged } from './orders-slice.js';
import { KEPT_PER_KIND, paymentAttemptChanged, paymentsSlice, refundChanged, refundsLoaded, refundsOf } from './payments-slice.js';
import { printJobChanged, printJobsLoaded, printJobsSlice, PRINT_JOBS_SHOWN } from './print-jobs-slice.js';
import { refundsDueFailed, refundsDueLoaded, refundsDueSlice } from './refunds-due-slice.js';
import { routingChanged, routingSlice } from './routing-slice.js';
import { barcodeScanned, scannerSlice, scansAfter, SCANS_KEPT } from './scanner-slice.js';

const hlc = (offsetMs: number) => encodeHlc({ wallMs: BASE_TIME_MS + offsetMs, counter: 0 });

describe('refunds-due slice', () => {
  const due = refundsDueSlice.reducer;

  it('replaces the list on load, keeping a newer pushed view, and clears the error', () => {
    const kept = makeOrder({ status: 'refund_pending', refundDueMinor: 100, eventCount: 5, openedAt: hlc(0) });
    const gone = makeOrder({ status: 'cancel_requested', openedAt: hlc(1) });
    let state = due(undefined, refundsDueFailed('offline'));
    state = due(state, orderChanged(kept));
    state = due(state, orderChanged(gone));
    const fresh = makeOrder({ status: 'cancel_requested', openedAt: hlc(2) });
    state = due(state, refundsDueLoaded([{ ...kept, eventCount: 4 }, fresh]));
    expect(state.orders.map((o) => o.id)).toEqual([fresh.id, kept.id]);
    expect(state.orders[1]?.eventCount).toBe(5);
    expect(state.error).toBeNull();
  });

  it('follows order views: a cancellation joins, a settled order leaves, an unrelated one is ignored', () => {
    const order = makeOrder({ status: 'cancel_requested' });
    let state = due(undefined, orderChanged(makeOrder({ status: 'paid' })));
    expect(state.orders).toEqual([]);
    state = due(state, orderChanged(order));
    expect(state.orders).toEqual([order]);
    state = due(state, orderChanged({ ...order, status: 'cancelled', eventCount: order.eventCount + 1 }));
    expect(state.orders).toEqual([]);
  });
});

describe('payments slice', () => {
  const payments = paymentsSlice.reducer;
  const attempt = (fields: Partial<PaymentAttemptView> = {}): PaymentAttemptView => ({
    attemptId: 'a-1',
    orderId: 'o-1',
    method: 'card',
    state: 'authorizing',
    amountMinor: 500,
    tipMinor: 0,
    currency: 'EUR',
    cancelRequested: false,
    createdAt: 1,
    updatedAt: 1,
    ...fields,
  });
  const refund = (fields: Partial<RefundAttemptView> = {}): RefundAttemptView => ({
    refundId: 'r-1',
    orderId: 'o-1',
    paymentId: 'a-1',
    state: 'refunding',
    amountMinor: 500,
    currency: 'EUR',
    reason: 'cold',
    createdAt: 1,
    updatedAt: 1,
    ...fields,
  });

  it('keeps the latest state of each attempt, never an older one arriving late, and counts movements', () => {
    let state = payments(undefined, paymentAttemptChanged(attempt({ state: 'approved', updatedAt: 3 })));
    state = payments(state, paymentAttemptChanged(attempt({ state: 'authorizing', updatedAt: 2 })));
    expect(state.attempts['a-1']?.state).toBe('approved');
    state = payments(state, refundChanged(refund()));
    expect(state.movements).toBe(3);
  });

  it("lists an order's refunds oldest first; loads do not count as movements", () => {
    let state = payments(
      undefined,
      refundsLoaded([refund({ refundId: 'r-2', createdAt: 5 }), refund({ createdAt: 2 }), refund({ refundId: 'r-3', orderId: 'o-2' })]),
    );
    expect(refundsOf(state.refunds, 'o-1').map((r) => r.refundId)).toEqual(['r-1', 'r-2']);
    expect(state.movements).toBe(0);
    state = payments(state, refundsLoaded([refund({ state: 'refunded', updatedAt: 0 })]));
    expect(state.refunds['r-1']?.state).toBe('refunding');
  });

  it('forgets the oldest entries beyond its bound', () => {
    let state = payments(undefined, paymentAttemptChanged(attempt({ attemptId: 'first', updatedAt: 0 })));
    for (let i = 1; i <= KEPT_PER_KIND; i++) state = payments(state, paymentAttemptChanged(attempt({ attemptId: `a-${i}`, updatedAt: i })));
    expect(Object.keys(state.attempts)).toHaveLength(KEPT_PER_KIND);
    expect(state.attempts.first).toBeUndefined();
  });
});

describe('print jobs slice', () => {
  const job = (id: string, createdAt: number, state: PrintJobView['state'] = 'queued'): PrintJobView => ({
    id,
    kind: 'receipt',
    printerId: 'receipt',
    route: 'receipt',
    state,
    attempts: 0,
    reprintOf: null,
    orderId: null,
    lastError: null,
    createdAt,
    updatedAt: createdAt,
    doneAt: null,
  });

  it('keeps the newest jobs first, replaces a job by id and counts documents that came out', () => {
    let state = printJobsSlice.reducer(undefined, printJobsLoaded([job('b', 2), job('a', 1)]));
    state = printJobsSlice.reducer(state, printJobChanged(job('a', 1, 'done')));
    state = printJobsSlice.reducer(state, printJobChanged(job('c', 3)));
    expect(state.jobs.map((j) => `${j.id}:${j.state}`)).toEqual(['c:queued', 'b:queued', 'a:done']);
    expect(state.printed).toBe(1);
    for (let i = 0; i < PRINT_JOBS_SHOWN; i++) state = printJobsSlice.reducer(state, printJobChanged(job(`n-${i}`, 10 + i)));
    expect(state.jobs).toHaveLength(PRINT_JOBS_SHOWN);
  });
});

describe('routing slice', () => {
  it('takes the whole routing view', () => {
    const view = { routing: { stations: ['grill'], byCategory: {}, byItem: {}, fireChannelOrders: false }, categories: [], items: [] };
    expect(routingSlice.reducer(undefined, routingChanged(view)).view).toEqual(view);
  });
});

describe('scanner slice', () => {
  it('numbers scans and keeps a short tail for consumers that render late', () => {
    let state = scannerSlice.reducer(undefined, barcodeScanned('111'));
    state = scannerSlice.reducer(state, barcodeScanned('222'));
    expect(scansAfter(state, 1)).toEqual([{ seq: 2, barcode: '222' }]);
    for (let i = 0; i < SCANS_KEPT + 5; i++) state = scannerSlice.reducer(state, barcodeScanned(`${i}`));
    expect(state.recent).toHaveLength(SCANS_KEPT);
    expect(state.seq).toBe(SCANS_KEPT + 7);
  });
});
