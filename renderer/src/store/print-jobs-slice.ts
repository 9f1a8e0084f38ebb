import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { PrintJobView } from '../../../shared/ipc/devices.js';

/** The diagnostics window's recent print jobs: loaded with `print.jobs`, kept live from pushes. */
export interface PrintJobsState {
  /** Newest first. */
  jobs: PrintJobView[];
  /** Counts jobs pushed as done: each is a document that came out (the virtual printers re-read). */
  printed: number;
}

export const PRINT_JOBS_SHOWN = 50;

const initialState: PrintJobsState = { jobs: [], printed: 0 };

export const printJobsSlice = createSlice({
  name: 'printJobs',
  initialState,
  reducers: {
    printJobsLoaded: (state, action: PayloadAction<PrintJobView[]>) => {
      state.jobs = action.payload;
    },
    printJobChanged: (state, action: PayloadAction<PrintJobView>) => {
      const job = action.payload;
      const rest = state.jobs.filter((j) => j.id !== job.id);
      state.jobs = [job, ...rest].sort((a, b) => b.createdAt - a.createdAt).slice(0, PRINT_JOBS_SHOWN);
      if (job.state === 'done') state.printed++;
    },
  },
});

export const { printJobsLoaded, printJobChanged } = printJobsSlice.actions;
