import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { OrderView } from '../../../shared/order-view.js';
import { mergeCancellation } from '../cashier/refund/cancellations.js';
import { isNewerView } from '../order-version.js';
import { orderChanged } from './orders-slice.js';

/**
 * Cancelled orders that still need the counter (the kitchen's acknowledgement, or a refund owed).
 * Loaded with `payment.refundsDue` because refund-pending orders are not "active", then kept live
 * from every order view the window sees.
 */
export interface RefundsDueState {
  orders: OrderView[];
  error: string | null;
}

const initialState: RefundsDueState = { orders: [], error: null };

export const refundsDueSlice = createSlice({
  name: 'refundsDue',
  initialState,
  reducers: {
    /**
     * The full list as the core has it now: orders settled while this window was offline leave. A
     * push that crossed the answer in flight keeps its newer view.
     */
    refundsDueLoaded: (state, action: PayloadAction<OrderView[]>) => {
      const current = new Map(state.orders.map((o) => [o.id, o]));
      const freshest = action.payload.map((loaded) => {
        const held = current.get(loaded.id);
        return held && isNewerView(held, loaded) ? held : loaded;
      });
      state.orders = freshest.reduce(mergeCancellation, []);
      state.error = null;
    },
    refundsDueFailed: (state, action: PayloadAction<string | null>) => {
      state.error = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(orderChanged, (state, action) => {
      state.orders = mergeCancellation(state.orders, action.payload);
    });
  },
});

export const { refundsDueLoaded, refundsDueFailed } = refundsDueSlice.actions;
