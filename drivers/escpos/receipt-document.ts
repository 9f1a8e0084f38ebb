/** One printed line of an order: `amountMinor` is the line total in integer minor units. */
export interface ReceiptLine {
  quantity: number;
  name: string;
  amountMinor: number;
}

/**
 * A customer receipt as plain data. It is stored with each print job so the job can be re-rendered
 * for another printer; all amounts are integer minor units of `currency`.
 */
export interface ReceiptDocument {
  kind: 'receipt';
  storeName: string;
  headerLines: string[];
  /** Already human-readable, e.g. "Order #42". */
  orderLabel: string;
  /** Preformatted in the store's locale and time zone; the driver never formats dates. */
  timestamp: string;
  currency: string;
  lines: ReceiptLine[];
  totalMinor: number;
  tenderedMinor?: number;
  changeMinor?: number;
  paymentMethod?: string;
  footerLines: string[];
  /** Prints a REPRINT banner so a copy can never pass for the original. */
  reprint?: boolean;
  /** Print the station's logo (configured on the printer, not stored per receipt) above the store name. */
  showLogo?: boolean;
  /** e.g. a receipt lookup or feedback URL; printed as text on printers without a QR engine. */
  qrCode?: { data: string; caption?: string };
  /** e.g. the order number for returns; ASCII only. */
  barcode?: { data: string; symbology: 'CODE128' | 'EAN13' | 'CODE39' };
}
