import type { ReportLayout } from './report-document.js';

/** One printed line of an order: `amountMinor` is the line total in integer minor units. */
export interface ReceiptLine {
  quantity: number;
  name: string;
  amountMinor: number;
  /** Printed indented under the line without an amount (modifiers, "0.412 kg @ 12.90/kg"): the amount already includes them. */
  details?: string[];
}

/** One way money moved: a tender of the sale, or money given back on a refund (negative). */
export interface ReceiptTender {
  /** "Cash", "Card". */
  label: string;
  /** What this tender took (cash: what was handed over, the change is its own line); negative when given back. */
  amountMinor: number;
  /** Printed indented under it: "VISA **** 4242", "Auth code 100123", a refund's reason. */
  details?: string[];
}

/** One tax rate's part of the receipt: gross = net + tax, in minor units. */
export interface ReceiptTaxRow {
  /** "10%", "8.875%". */
  rate: string;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
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
  /** Who the order is for, e.g. "Table 12 - Anna": printed under the order label. */
  guestLine?: string;
  /** Preformatted in the store's locale and time zone; the driver never formats dates. */
  timestamp: string;
  currency: string;
  lines: ReceiptLine[];
  totalMinor: number;
  /** "TOTAL" when absent; a refund slip says "REFUND TOTAL". */
  totalLabel?: string;
  /** Printed under the total, then "TOTAL PAID" = total + tip + cash rounding. */
  tipMinor?: number;
  cashRoundingMinor?: number;
  /** One line per tender; with it, `tenderedMinor` and `paymentMethod` are ignored. */
  tenders?: ReceiptTender[];
  /** Legacy single-tender form (documents stored before `tenders`, the test page). */
  tenderedMinor?: number;
  changeMinor?: number;
  paymentMethod?: string;
  /** The tax per rate, as a table under the payment: rate, net, tax, gross. */
  taxSummary?: { heading: string; rows: ReceiptTaxRow[] };
  /** Money given back so far (a copy of a refunded order): one line each, then what the customer paid net. */
  refunds?: { lines: ReceiptTender[]; netPaidMinor: number };
  footerLines: string[];
  /** Printed large and reversed under the store's header, e.g. "REFUND": a slip that is not a sale. */
  title?: string;
  /** Prints a COPY banner: an operator's copy rebuilt from the order as it stands now. */
  copy?: boolean;
  /** Prints a REPRINT banner so a copy can never pass for the original. */
  reprint?: boolean;
  /** Print the station's logo (configured on the printer, not stored per receipt) above the store name. */
  showLogo?: boolean;
  /** e.g. a receipt lookup or feedback URL; printed as text on printers without a QR engine. */
  qrCode?: { data: string; caption?: string };
  /** e.g. the order number for returns; ASCII only. */
  barcode?: { data: string; symbology: 'CODE128' | 'EAN13' | 'CODE39' };
  /**
   * Prints this report instead of a sale: store name, REPRINT banner and timestamp as on a receipt,
   * then the report's own layout (no order lines, TOTAL or payment). Build it with `reportReceipt`.
   */
  report?: ReportLayout;
}

/**
 * A report as a receipt-route document, so it takes the receipt printer, its fallback and the
 * durable print queue like any receipt. `timestamp` is when it was printed, preformatted.
 */
export function reportReceipt(fields: {
  storeName: string;
  currency: string;
  timestamp: string;
  report: ReportLayout;
  reprint?: boolean;
}): ReceiptDocument {
  return {
    kind: 'receipt',
    storeName: fields.storeName,
    headerLines: [],
    orderLabel: fields.report.title,
    timestamp: fields.timestamp,
    currency: fields.currency,
    lines: [],
    totalMinor: 0,
    footerLines: [],
    report: fields.report,
    ...(fields.reprint ? { reprint: true } : {}),
  };
}
