import type { ThermalPrinter } from 'node-thermal-printer';
import { formatMinorUnits } from '../util/minor-units.js';
import { finishDocument, REPRINT_BANNER } from './document-parts.js';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from './printer-profile.js';
import type { ReceiptDocument } from './receipt-document.js';
import type { ReportLayout, ReportRow } from './report-document.js';
import { fitLeftRight, sanitizeReceiptText, wrapText, type Row } from './text-layout.js';
import { builtBytes, createThermalBuilder } from './thermal-builder.js';

type ReportFrame = Pick<ReceiptDocument, 'storeName' | 'timestamp' | 'currency' | 'reprint'>;

/**
 * Encodes a report to ESC/POS bytes: REPRINT banner, store name and a large title, label–value
 * details, then each section's label–amount rows with the amounts right-aligned in one column, so
 * a manager reads them down like a ledger. Starts with ESC @ and an explicit code page, ends with feed + cut.
 */
export function encodeReport(frame: ReportFrame, report: ReportLayout, profile: PrinterProfile = DEFAULT_PRINTER_PROFILE): Uint8Array {
  const width = profile.columns;
  const text = sanitizeReceiptText;
  const p = createThermalBuilder(width, profile.characterSet);
  const rows = (rowList: Row[]): void => {
    for (const row of rowList) {
      if (row.right.length > 0) p.leftRight(row.left, row.right);
      else p.println(row.left);
    }
  };

  if (frame.reprint) {
    p.alignCenter();
    p.bold(true);
    p.println(REPRINT_BANNER);
    p.bold(false);
  }

  p.alignCenter();
  // Size before bold: ESC ! rewrites the emphasis bit (see the receipt encoder).
  p.setTextDoubleHeight();
  p.bold(true);
  p.println(text(frame.storeName));
  // Double width too: the title is short, and half the columns still fit it.
  p.setTextQuadArea();
  p.bold(true);
  for (const line of wrapText(text(report.title), Math.max(1, Math.floor(width / 2)))) p.println(line);
  p.setTextNormal();
  p.bold(false);
  p.println(text(report.subtitle));

  p.alignLeft();
  p.drawLine();
  for (const detail of report.details) rows(fitLeftRight(text(detail.label), text(detail.value), width));

  for (const section of report.sections) {
    p.drawLine();
    p.bold(true);
    p.println(text(section.heading.toUpperCase()));
    p.bold(false);
    for (const row of section.rows) printRow(p, row, frame.currency, width, rows);
  }
  p.drawLine();

  for (const note of report.notes) for (const line of wrapText(text(note), width)) p.println(line);
  if (report.signature !== undefined) {
    // Room to sign by hand, then a rule to sign on.
    p.println(text(`${report.signature}:`));
    p.newLine();
    p.newLine();
    p.println('_'.repeat(width));
  }

  p.alignCenter();
  p.println(text(`Printed ${frame.timestamp}`));
  p.alignLeft();

  finishDocument(p, profile);
  return builtBytes(p);
}

function printRow(p: ThermalPrinter, row: ReportRow, currency: string, width: number, rows: (list: Row[]) => void): void {
  const value =
    'amountMinor' in row ? `${formatMinorUnits(row.amountMinor, currency, row.label)}${row.suffix ? ` ${row.suffix}` : ''}` : row.text;
  const laidOut = fitLeftRight(sanitizeReceiptText(row.label), sanitizeReceiptText(value), width, 2);
  switch (row.emphasis) {
    case undefined:
      rows(laidOut);
      return;
    case 'strong':
      p.bold(true);
      rows(laidOut);
      p.bold(false);
      return;
    case 'alert':
      // Reversed across the full width: a black bar nobody skims past. Double height keeps the columns.
      p.setTextDoubleHeight();
      p.bold(true);
      p.invert(true);
      rows(laidOut);
      p.invert(false);
      p.setTextNormal();
      p.bold(false);
      return;
  }
}
