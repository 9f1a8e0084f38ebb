import { formatAmount } from '../../shared/money.js';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from './printer-profile.js';
import type { ReceiptDocument } from './receipt-document.js';
import { fitLeftRight, sanitizeReceiptText, type Row } from './text-layout.js';
import { builtBytes, createThermalBuilder } from './thermal-builder.js';

export const REPRINT_BANNER = '*** REPRINT ***';

const CURRENCY_MARK: Readonly<Record<string, string>> = { EUR: '€', GBP: '£', USD: '$' };

function amount(minor: number, currency: string, field: string): string {
  // Floats would print "12.499999"; amounts are integer minor units end to end.
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${field} must be an integer of minor units, got ${minor}`);
  return formatAmount(minor, currency);
}

function quantityText(quantity: number): string {
  if (!Number.isFinite(quantity)) throw new RangeError(`quantity must be finite, got ${quantity}`);
  return Number.isInteger(quantity) ? String(quantity) : quantity.toFixed(3).replace(/\.?0+$/, '');
}

/** Encodes a receipt to ESC/POS bytes: starts with ESC @ and an explicit code page, ends with feed + cut. */
export function encodeReceipt(doc: ReceiptDocument, profile: PrinterProfile = DEFAULT_PRINTER_PROFILE): Uint8Array {
  const width = profile.columns;
  const text = sanitizeReceiptText;
  const currency = doc.currency;
  const p = createThermalBuilder(width);
  const rows = (rowList: Row[]): void => {
    for (const row of rowList) {
      if (row.right.length > 0) p.leftRight(row.left, row.right);
      else p.println(row.left);
    }
  };

  if (doc.reprint) {
    p.alignCenter();
    p.bold(true);
    p.println(REPRINT_BANNER);
    p.bold(false);
  }

  p.alignCenter();
  p.bold(true);
  // Double height only: double width would halve the columns the library folds text to.
  p.setTextDoubleHeight();
  p.println(text(doc.storeName));
  p.setTextNormal();
  p.bold(false);
  for (const line of doc.headerLines) p.println(text(line));

  p.alignLeft();
  p.newLine();
  rows(fitLeftRight(text(doc.orderLabel), text(doc.timestamp), width));
  p.drawLine();

  for (const line of doc.lines) {
    const prefix = `${quantityText(line.quantity)} x `;
    rows(fitLeftRight(prefix + text(line.name), amount(line.amountMinor, currency, 'line amount'), width, prefix.length));
  }
  p.drawLine();

  p.bold(true);
  const mark = CURRENCY_MARK[currency] ?? currency;
  rows(fitLeftRight('TOTAL', `${amount(doc.totalMinor, currency, 'totalMinor')} ${mark}`, width));
  p.bold(false);

  const method = doc.paymentMethod !== undefined ? text(doc.paymentMethod) : undefined;
  if (doc.tenderedMinor !== undefined) {
    rows(fitLeftRight(method ?? 'Cash', amount(doc.tenderedMinor, currency, 'tenderedMinor'), width));
  } else if (method !== undefined) {
    rows(fitLeftRight('Paid by', method, width));
  }
  if (doc.changeMinor !== undefined) rows(fitLeftRight('Change', amount(doc.changeMinor, currency, 'changeMinor'), width));

  if (doc.footerLines.length > 0) {
    p.newLine();
    p.alignCenter();
    for (const line of doc.footerLines) p.println(text(line));
    p.alignLeft();
  }

  // node-thermal-printer feeds in ESC d 4 steps before GS V.
  const cutOptions = { verticalTabAmount: Math.max(1, Math.ceil(profile.feedLinesBeforeCut / 4)) };
  if (profile.cut === 'partial') p.partialCut(cutOptions);
  else p.cut(cutOptions);
  return builtBytes(p);
}
