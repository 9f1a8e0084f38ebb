import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export interface Scan {
  /** Increases by one per scan: a consumer takes every scan above the last one it took. */
  seq: number;
  barcode: string;
}

/**
 * Barcodes from the station's serial/USB scanner. An event, not data: kept as a short tail so a
 * consumer that renders after two quick scans still gets both, and nothing more.
 */
export interface ScannerState {
  recent: Scan[];
  seq: number;
}

export const SCANS_KEPT = 10;

const initialState: ScannerState = { recent: [], seq: 0 };

export const scannerSlice = createSlice({
  name: 'scanner',
  initialState,
  reducers: {
    barcodeScanned: (state, action: PayloadAction<string>) => {
      state.seq++;
      state.recent = [...state.recent, { seq: state.seq, barcode: action.payload }].slice(-SCANS_KEPT);
    },
  },
});

export const { barcodeScanned } = scannerSlice.actions;

/** The scans after `taken`, oldest first. */
export function scansAfter(state: ScannerState, taken: number): Scan[] {
  return state.recent.filter((s) => s.seq > taken);
}
