import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { PaymentAttemptView, RefundAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { OfflineQueueView } from '../../../shared/ipc/offline-payments.js';

/**
 * Card payment attempts and card refunds as the core pushed (or answered) them, by id. The tender
 * and refund machines take the ones of their order from here; the simulated terminal control
 * re-reads its queue whenever one moved.
 */
export interface PaymentsState {
  attempts: Record<string, PaymentAttemptView>;
  refunds: Record<string, RefundAttemptView>;
  /** Counts pushed movements of either kind: a terminal outcome was consumed. */
  movements: number;
  /** Card payments approved offline awaiting forwarding, as last pushed or loaded; null before either. */
  offlineQueue: OfflineQueueView | null;
  /** Counts pushed offline-queue changes: the follow-up list re-reads on each. */
  offlineChanges: number;
}

const initialState: PaymentsState = { attempts: {}, refunds: {}, movements: 0, offlineQueue: null, offlineChanges: 0 };

/** A till open for a week sees thousands of payments; only recent ones can still move. */
export const KEPT_PER_KIND = 200;

function keepNewer<T extends { updatedAt: number }>(byId: Record<string, T>, id: string, next: T): void {
  const current = byId[id];
  // A poll answer can cross a push in flight: the later state wins, never the later arrival.
  if (current && current.updatedAt > next.updatedAt) return;
  byId[id] = next;
  const ids = Object.keys(byId);
  if (ids.length <= KEPT_PER_KIND) return;
  const oldest = ids.sort((a, b) => byId[a]!.updatedAt - byId[b]!.updatedAt).slice(0, ids.length - KEPT_PER_KIND);
  for (const stale of oldest) delete byId[stale];
}

export const paymentsSlice = createSlice({
  name: 'payments',
  initialState,
  reducers: {
    paymentAttemptChanged: (state, action: PayloadAction<PaymentAttemptView>) => {
      keepNewer(state.attempts, action.payload.attemptId, action.payload);
      state.movements++;
    },
    refundChanged: (state, action: PayloadAction<RefundAttemptView>) => {
      keepNewer(state.refunds, action.payload.refundId, action.payload);
      state.movements++;
    },
    offlineQueueChanged: (state, action: PayloadAction<OfflineQueueView>) => {
      state.offlineQueue = action.payload;
      state.offlineChanges++;
    },
    /** An order's card refunds as `payment.refunds` answered them. */
    refundsLoaded: (state, action: PayloadAction<RefundAttemptView[]>) => {
      for (const refund of action.payload) keepNewer(state.refunds, refund.refundId, refund);
    },
  },
});

export const { paymentAttemptChanged, refundChanged, refundsLoaded, offlineQueueChanged } = paymentsSlice.actions;

/** One order's card refunds, oldest first, as the refund dialog lists them. */
export function refundsOf(refunds: Record<string, RefundAttemptView>, orderId: string): RefundAttemptView[] {
  return Object.values(refunds)
    .filter((r) => r.orderId === orderId)
    .sort((a, b) => a.createdAt - b.createdAt);
}
