import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CustomerFacingView } from '../../../shared/ipc/commands/display.js';

/** The order the cashier has on screen, as the core relays it to the customer display. */
export interface CustomerFacingState {
  /** Null until the core has told this window (a load or a `display.changed` push). */
  view: CustomerFacingView | null;
}

const initialState: CustomerFacingState = { view: null };

export const customerFacingSlice = createSlice({
  name: 'customerFacing',
  initialState,
  reducers: {
    customerFacingChanged: (state, action: PayloadAction<CustomerFacingView>) => {
      state.view = action.payload;
    },
  },
});

export const { customerFacingChanged } = customerFacingSlice.actions;
