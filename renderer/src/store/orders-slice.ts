import { createEntityAdapter, createSlice, type EntityState, type PayloadAction } from '@reduxjs/toolkit';
import type { OrderView } from '../../../shared/order-view.js';
import { isNewerView } from '../order-version.js';

const adapter = createEntityAdapter<OrderView>();

export type OrdersState = EntityState<OrderView, string>;

function upsertIfNewer(state: OrdersState, order: OrderView): void {
  const current = state.entities[order.id];
  // A reload answer can cross a push in flight; whichever view is newer wins, never the later arrival.
  if (!current || isNewerView(order, current)) adapter.setOne(state, order);
}

export const ordersSlice = createSlice({
  name: 'orders',
  initialState: adapter.getInitialState(),
  reducers: {
    orderChanged: (state, action: PayloadAction<OrderView>) => upsertIfNewer(state, action.payload),
    /** The full active set: orders missing from it are no longer active and leave the read model. */
    activeOrdersLoaded: (state, action: PayloadAction<OrderView[]>) => {
      const active = new Set(action.payload.map((o) => o.id));
      adapter.removeMany(
        state,
        state.ids.filter((id) => !active.has(id)),
      );
      for (const order of action.payload) upsertIfNewer(state, order);
    },
  },
});

export const { orderChanged, activeOrdersLoaded } = ordersSlice.actions;
export const orderSelectors = adapter.getSelectors();

/** The kitchen prepares what is paid for, oldest first so nothing waits behind newer tickets. */
export function kitchenTickets(orders: readonly OrderView[]): OrderView[] {
  return orders
    .filter((o) => o.status === 'paid')
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.ticketNumber - b.ticketNumber));
}
