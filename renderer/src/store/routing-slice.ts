import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';

/**
 * The kitchen routing as the core last told it: which stations exist (so a screen can pick its
 * station before its first ticket) and where lines not yet on a ticket will go.
 */
export interface RoutingState {
  /** Null until loaded; without routing, lines only show where they name a station. */
  view: KitchenRoutingView | null;
}

const initialState: RoutingState = { view: null };

export const routingSlice = createSlice({
  name: 'routing',
  initialState,
  reducers: {
    /** A load answer or a `kitchen.routingChanged` push: either is the whole current routing. */
    routingChanged: (state, action: PayloadAction<KitchenRoutingView>) => {
      state.view = action.payload;
    },
  },
});

export const { routingChanged } = routingSlice.actions;
