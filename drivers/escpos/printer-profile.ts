/**
 * What the encoder and the device need to know about a printer model family. A small hand-made table
 * in the spirit of escpos-printer-db (CC-BY-4.0), covering the families a till meets in practice.
 * Columns are for Font A (12×24): 576 dots → 48, 512 dots → 42, 384 dots (58 mm) → 32.
 */
export interface PrinterProfile {
  id: string;
  name: string;
  /** Paper width class. */
  paperMm: 58 | 80;
  columns: 32 | 42 | 48;
  /** Printable width of the head in dots: the widest raster image. */
  widthDots: number;
  cut: 'full' | 'partial' | 'none';
  /** Lines fed before the cut so the last printed line clears the cutter (the cutter sits above the head). */
  feedLinesBeforeCut: number;
  /** node-thermal-printer character set used for text; both carry '€'. */
  characterSet: 'PC858_EURO' | 'WPC1252';
  features: PrinterFeatures;
}

export interface PrinterFeatures {
  /** GS ( k QR engine; without it QR data is printed as text. */
  qrCode: boolean;
  /** GS k function B 1D barcodes. */
  barcode: boolean;
  /** GS v 0 raster images. */
  rasterImage: boolean;
  /** Rows per GS v 0 block: some firmware garbles blocks taller than 255 rows (node-thermal-printer #130). */
  imageSliceRows: number;
  /** Answers DLE EOT n real-time status queries. */
  realtimeStatus: boolean;
  /** Automatic Status Back (GS a). */
  asb: boolean;
  /** DLE DC4 1 real-time drawer pulse. */
  realtimeDrawerKick: boolean;
  /**
   * How the end of a job is confirmed: Epson's GS ( H fn 48 job-done ID (newer TM models), GS r 1 (answered
   * after all prior data is processed, nearly universal), or nothing (jobs stay sent-unconfirmed).
   */
  jobDone: 'gs-paren-h' | 'gs-r' | 'none';
}

const EPSON_FULL: PrinterFeatures = {
  qrCode: true,
  barcode: true,
  rasterImage: true,
  imageSliceRows: 255,
  realtimeStatus: true,
  asb: true,
  realtimeDrawerKick: true,
  jobDone: 'gs-paren-h',
};

const CLONE: PrinterFeatures = {
  qrCode: true,
  barcode: true,
  rasterImage: true,
  imageSliceRows: 255,
  realtimeStatus: true,
  asb: false,
  realtimeDrawerKick: false,
  jobDone: 'gs-r',
};

export const PRINTER_PROFILES = {
  /** TM-T88V/VI/VII (80 mm, 512 dots, 180 dpi): job-done IDs supported. */
  'epson-tm-t88': {
    id: 'epson-tm-t88',
    name: 'Epson TM-T88V/VI/VII',
    paperMm: 80,
    columns: 42,
    widthDots: 512,
    cut: 'partial',
    feedLinesBeforeCut: 4,
    characterSet: 'PC858_EURO',
    features: EPSON_FULL,
  },
  /** TM-T20/T20II/T20III, TM-m30 (80 mm, 576 dots, 203 dpi). */
  'epson-tm-t20': {
    id: 'epson-tm-t20',
    name: 'Epson TM-T20 / TM-m30',
    paperMm: 80,
    columns: 48,
    widthDots: 576,
    cut: 'partial',
    feedLinesBeforeCut: 4,
    characterSet: 'PC858_EURO',
    features: EPSON_FULL,
  },
  /** TM-T88III/TM-L60II class: no GS ( H, so completion is confirmed with GS r 1. */
  'epson-legacy': {
    id: 'epson-legacy',
    name: 'Epson TM-T88III / TM-L60II (older firmware)',
    paperMm: 80,
    columns: 42,
    widthDots: 512,
    cut: 'full',
    feedLinesBeforeCut: 4,
    characterSet: 'PC858_EURO',
    features: { ...EPSON_FULL, jobDone: 'gs-r' },
  },
  /** Star TSP100/TSP650 in ESC/POS emulation (80 mm, 576 dots). */
  'star-escpos': {
    id: 'star-escpos',
    name: 'Star TSP100/TSP650 (ESC/POS mode)',
    paperMm: 80,
    columns: 48,
    widthDots: 576,
    cut: 'partial',
    feedLinesBeforeCut: 3,
    characterSet: 'WPC1252',
    features: { ...EPSON_FULL, asb: false, realtimeDrawerKick: false, jobDone: 'gs-r' },
  },
  /** Generic 80 mm clone (Xprinter, POS-80, HPRT...). */
  'generic-80': {
    id: 'generic-80',
    name: 'Generic 80 mm ESC/POS',
    paperMm: 80,
    columns: 48,
    widthDots: 576,
    cut: 'partial',
    feedLinesBeforeCut: 4,
    characterSet: 'PC858_EURO',
    features: CLONE,
  },
  /** Generic 58 mm clone (ZJ-58, POS-58): partial cut only if any, 384 dots. */
  'generic-58': {
    id: 'generic-58',
    name: 'Generic 58 mm ESC/POS',
    paperMm: 58,
    columns: 32,
    widthDots: 384,
    cut: 'partial',
    feedLinesBeforeCut: 3,
    characterSet: 'PC858_EURO',
    features: CLONE,
  },
  /** Unknown printer: text only, no codes, images, cut or status (escpos-printer-db "simple"). */
  simple: {
    id: 'simple',
    name: 'Unknown printer (text only)',
    paperMm: 80,
    columns: 42,
    widthDots: 512,
    cut: 'none',
    feedLinesBeforeCut: 6,
    characterSet: 'PC858_EURO',
    features: {
      qrCode: false,
      barcode: false,
      rasterImage: false,
      imageSliceRows: 24,
      realtimeStatus: false,
      asb: false,
      realtimeDrawerKick: false,
      jobDone: 'none',
    },
  },
} as const satisfies Record<string, PrinterProfile>;

export type PrinterProfileId = keyof typeof PRINTER_PROFILES;

export function printerProfile(id: PrinterProfileId): PrinterProfile {
  return PRINTER_PROFILES[id];
}

/** A profile with a different paper width (columns and head width follow). */
export function withColumns(profile: PrinterProfile, columns: 32 | 42 | 48): PrinterProfile {
  const widthDots = columns === 32 ? 384 : columns === 42 ? 512 : 576;
  return { ...profile, id: `${profile.id}/${columns}`, columns, widthDots, paperMm: columns === 32 ? 58 : 80 };
}

/** Kept for the golden fixture: the 42-column Epson layout with a full cut and no status features. */
export const EPSON_42_COLUMNS: PrinterProfile = { ...PRINTER_PROFILES['epson-legacy'], id: 'epson-42', cut: 'full' };
export const EPSON_48_COLUMNS: PrinterProfile = { ...PRINTER_PROFILES['epson-tm-t20'], id: 'epson-48', cut: 'full' };

/**
 * escpos-printer-db's "default" profile is 42 columns, the safe choice for an unknown 80 mm printer.
 * @alias the same layout as the golden fixture's, under the name callers mean
 */
export const DEFAULT_PRINTER_PROFILE: PrinterProfile = EPSON_42_COLUMNS;
