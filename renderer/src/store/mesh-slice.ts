import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { MeshStatusView } from '../../../shared/ipc/diagnostics.js';

/** The store mesh (stations on the LAN) as the staff windows see it: which peers are connected. */
export interface MeshState {
  /** Null until loaded, or from a station core built before the mesh. */
  status: MeshStatusView | null;
}

const initialState: MeshState = { status: null };

export const meshSlice = createSlice({
  name: 'mesh',
  initialState,
  reducers: {
    meshChanged: (state, action: PayloadAction<MeshStatusView>) => {
      state.status = action.payload;
    },
  },
});

export const { meshChanged } = meshSlice.actions;
