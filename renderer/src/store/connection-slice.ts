import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { initialConnection, type ConnectionState } from '../bridge/connection.js';

export const connectionSlice = createSlice({
  name: 'connection',
  initialState: initialConnection,
  reducers: {
    connectionChanged: (_state, action: PayloadAction<ConnectionState>) => action.payload,
  },
});

export const { connectionChanged } = connectionSlice.actions;
