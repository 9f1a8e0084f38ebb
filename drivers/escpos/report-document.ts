/**
 * A management report (X/Z shift report and the like) as plain data: a titled header, label–value
 * details, then sections of label–amount rows. It prints on the receipt printer through the same
 * durable queue as receipts (see `reportReceipt`), with its own layout; amounts are integer minor
 * units of the document's currency.
 */

/** How strongly a row stands out: `strong` is bold; `alert` is bold, double height and reversed (white on black). */
export type ReportEmphasis = 'strong' | 'alert';

export type ReportRow =
  | {
      label: string;
      /** Signed: money that left prints "-1.00". */
      amountMinor: number;
      /** Printed after the amount: "SHORT", "OVER". */
      suffix?: string;
      emphasis?: ReportEmphasis;
    }
  | { label: string; text: string; emphasis?: ReportEmphasis };

export interface ReportSection {
  /** Printed bold in capitals above the rows: "CASH DRAWER". */
  heading: string;
  rows: ReportRow[];
}

export interface ReportDetail {
  label: string;
  value: string;
}

export interface ReportLayout {
  /** Printed large: "Z REPORT". */
  title: string;
  /** Under the title: "shift closed", "shift still open". */
  subtitle: string;
  /** Where, who and when: "Station", "Shift", "Opened", ... */
  details: ReportDetail[];
  sections: ReportSection[];
  /** Free text after the sections (a closing note), word-wrapped. */
  notes: string[];
  /** A line to sign on paper under this caption, e.g. "Counted and signed by". */
  signature?: string;
}
