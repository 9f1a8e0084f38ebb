import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode } from '../../../shared/ipc/contract.js';

export type NoticeSeverity = 'info' | 'warning' | 'error';

export interface Notice {
  /** One notice per source ("cart", "catalog", ...): a newer problem replaces the older one it supersedes. */
  key: string;
  severity: NoticeSeverity;
  message: string;
  code?: ErrorCode;
}

export const noticesSlice = createSlice({
  name: 'notices',
  initialState: [] as Notice[],
  reducers: {
    noticeShown: (state, action: PayloadAction<Notice>) => [...state.filter((n) => n.key !== action.payload.key), action.payload],
    noticeDismissed: (state, action: PayloadAction<string>) => state.filter((n) => n.key !== action.payload),
  },
});

export const { noticeShown, noticeDismissed } = noticesSlice.actions;
