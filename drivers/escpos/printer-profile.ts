/**
 * What the encoder needs to know about a printer model. Later: loaded from escpos-printer-db.
 * Columns are for Font A: 42 on 72 mm / 512-dot heads (TM-T88 class), 48 on 576-dot heads.
 */
export interface PrinterProfile {
  id: string;
  columns: number;
  cut: 'full' | 'partial';
  /** Lines fed before the cut so the last printed line clears the cutter (the cutter sits above the head). */
  feedLinesBeforeCut: number;
}

export const EPSON_42_COLUMNS: PrinterProfile = { id: 'epson-42', columns: 42, cut: 'full', feedLinesBeforeCut: 4 };
export const EPSON_48_COLUMNS: PrinterProfile = { id: 'epson-48', columns: 48, cut: 'full', feedLinesBeforeCut: 4 };

/** escpos-printer-db's "default" profile is 42 columns, the safe choice for an unknown 80 mm printer. */
export const DEFAULT_PRINTER_PROFILE: PrinterProfile = EPSON_42_COLUMNS;
