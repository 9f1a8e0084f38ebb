import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ShiftView, StaffSessionView } from '../../../shared/ipc/commands/staff.js';

/** Who is signed in at the till and the station's open shift, as the cashier window knows them. */
export interface StaffState {
  /** Null until the core answered: the gate shows nothing rather than a sign-in screen it may not need. */
  session: StaffSessionView | null;
  shift: ShiftView | null;
  shiftLoaded: boolean;
}

const initialState: StaffState = { session: null, shift: null, shiftLoaded: false };

export const staffSlice = createSlice({
  name: 'staff',
  initialState,
  reducers: {
    sessionChanged: (state, action: PayloadAction<StaffSessionView>) => {
      state.session = action.payload;
    },
    shiftChanged: (state, action: PayloadAction<ShiftView | null>) => {
      state.shift = action.payload;
      state.shiftLoaded = true;
    },
  },
});

export const { sessionChanged, shiftChanged } = staffSlice.actions;

/** Signed in, or not required: the till may be used. */
export function tillUnlocked(session: StaffSessionView | null): boolean {
  return session !== null && (!session.requireSignIn || session.signedIn !== null);
}
