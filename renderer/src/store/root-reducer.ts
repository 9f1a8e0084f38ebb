import { combineReducers, type ThunkAction, type ThunkDispatch, type UnknownAction } from '@reduxjs/toolkit';
import type { StationBridge } from '../../../shared/ipc/contract.js';
import type { WindowKind } from '../app/select-window.js';
import { availabilitySlice } from './availability-slice.js';
import { catalogSlice } from './catalog-slice.js';
import { connectionSlice } from './connection-slice.js';
import { customerFacingSlice } from './customer-facing-slice.js';
import { meshSlice } from './mesh-slice.js';
import { noticesSlice } from './notices-slice.js';
import { ordersSlice } from './orders-slice.js';
import { paymentsSlice } from './payments-slice.js';
import { printJobsSlice } from './print-jobs-slice.js';
import { refundsDueSlice } from './refunds-due-slice.js';
import { routingSlice } from './routing-slice.js';
import { scannerSlice } from './scanner-slice.js';
import { statusSlice } from './status-slice.js';
import { staffSlice } from './staff-slice.js';

export const rootReducer = combineReducers({
  catalog: catalogSlice.reducer,
  orders: ordersSlice.reducer,
  connection: connectionSlice.reducer,
  notices: noticesSlice.reducer,
  status: statusSlice.reducer,
  mesh: meshSlice.reducer,
  staff: staffSlice.reducer,
  routing: routingSlice.reducer,
  availability: availabilitySlice.reducer,
  refundsDue: refundsDueSlice.reducer,
  payments: paymentsSlice.reducer,
  printJobs: printJobsSlice.reducer,
  scanner: scannerSlice.reducer,
  customerFacing: customerFacingSlice.reducer,
});

/** Side-effect context for thunks and listeners: the bridge lives here, never in state. */
export interface StoreExtra {
  bridge: StationBridge;
  window: WindowKind;
}

export type RootState = ReturnType<typeof rootReducer>;
export type AppDispatch = ThunkDispatch<RootState, StoreExtra, UnknownAction>;
export type AppThunk<R = void> = ThunkAction<R, RootState, StoreExtra, UnknownAction>;
