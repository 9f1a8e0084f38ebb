import { currencyMark, formatMinorUnits } from '../util/minor-units.js';
import { COPY_BANNER, finishDocument, REPRINT_BANNER } from './document-parts.js';
import { encodeBarcode, encodeQr } from './escpos-codes.js';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from './printer-profile.js';
import { encodeRasterImage, type MonochromeImage } from './raster-image.js';
import { encodeReport } from './report-encoder.js';
import type { ReceiptDocument } from './receipt-document.js';
import { fitLeftRight, sanitizeReceiptText, wrapText, type Row } from './text-layout.js';
import { builtBytes, createThermalBuilder } from './thermal-builder.js';

// Shared by every document the station prints; kept exported here, where callers have always found them.
export { COPY_BANNER, finishDocument, REPRINT_BANNER } from './document-parts.js';

export interface ReceiptEncodeOptions {
  /** The store logo, printed when the document asks for it and the printer can print images. */
  logo?: MonochromeImage;
}

function quantityText(quantity: number): string {
  if (!Number.isFinite(quantity)) throw new RangeError(`quantity must be finite, got ${quantity}`);
  return Number.isInteger(quantity) ? String(quantity) : quantity.toFixed(3).replace(/\.?0+$/, '');
}

/**
 * The tax table's columns: the rate left, net / tax / gross right-aligned, so each row reads across
 * and each column adds down; 42 columns give 12 + 3 × 10, 32 give 8 + 3 × 8.
 */
function taxTable(width: number): (cells: [string, string, string, string]) => string {
  const amountWidth = Math.min(10, Math.floor((width - 6) / 3));
  const rateWidth = width - 3 * amountWidth;
  return ([rate, net, tax, gross]) =>
    rate.slice(0, rateWidth).padEnd(rateWidth) + [net, tax, gross].map((cell) => cell.slice(0, amountWidth).padStart(amountWidth)).join('');
}

/** Encodes a receipt to ESC/POS bytes: starts with ESC @ and an explicit code page, ends with feed + cut. */
export function encodeReceipt(
  doc: ReceiptDocument,
  profile: PrinterProfile = DEFAULT_PRINTER_PROFILE,
  options: ReceiptEncodeOptions = {},
): Uint8Array {
  if (doc.report) return encodeReport(doc, doc.report, profile);
  const width = profile.columns;
  const text = sanitizeReceiptText;
  const currency = doc.currency;
  const amount = (minor: number, field: string): string => formatMinorUnits(minor, currency, field);
  const p = createThermalBuilder(width, profile.characterSet);
  const rows = (rowList: Row[]): void => {
    for (const row of rowList) {
      if (row.right.length > 0) p.leftRight(row.left, row.right);
      else p.println(row.left);
    }
  };
  /** Indented lines without an amount, further in when they wrap. */
  const details = (lines: readonly string[], indent: string): void => {
    for (const detail of lines) {
      const [first = '', ...rest] = wrapText(text(detail), width - indent.length - 2);
      p.println(indent + first);
      for (const more of rest) p.println(`${indent}  ${more}`);
    }
  };

  for (const banner of [doc.reprint ? REPRINT_BANNER : undefined, doc.copy ? COPY_BANNER : undefined]) {
    if (banner === undefined) continue;
    p.alignCenter();
    p.bold(true);
    p.println(banner);
    p.bold(false);
  }

  p.alignCenter();
  if (doc.showLogo && options.logo && profile.features.rasterImage) {
    p.add(Buffer.from(encodeRasterImage(options.logo, { sliceRows: profile.features.imageSliceRows, maxWidthDots: profile.widthDots })));
  }
  // Double height only: double width would halve the columns the library folds text to. The size
  // comes before bold because ESC ! also rewrites the emphasis bit (bold first printed the name plain).
  p.setTextDoubleHeight();
  p.bold(true);
  p.println(text(doc.storeName));
  p.setTextNormal();
  for (const line of doc.headerLines) p.println(text(line));
  if (doc.title !== undefined) {
    // Reversed and double height: a refund slip can never be mistaken for a sale at a glance.
    p.setTextDoubleHeight();
    p.bold(true);
    p.invert(true);
    p.println(` ${text(doc.title)} `);
    p.invert(false);
    p.setTextNormal();
    p.bold(false);
  }

  p.alignLeft();
  p.newLine();
  rows(fitLeftRight(text(doc.orderLabel), text(doc.timestamp), width));
  if (doc.guestLine !== undefined) for (const line of wrapText(text(doc.guestLine), width)) p.println(line);
  p.drawLine();

  for (const line of doc.lines) {
    const prefix = `${quantityText(line.quantity)} x `;
    rows(fitLeftRight(prefix + text(line.name), amount(line.amountMinor, 'line amount'), width, prefix.length));
    // Details sit under the dish name (past the quantity), further in when they wrap.
    details(line.details ?? [], ' '.repeat(prefix.length));
  }
  p.drawLine();

  p.bold(true);
  rows(fitLeftRight(text(doc.totalLabel ?? 'TOTAL'), `${amount(doc.totalMinor, 'totalMinor')} ${currencyMark(currency)}`, width));
  p.bold(false);
  const tip = doc.tipMinor ?? 0;
  const rounding = doc.cashRoundingMinor ?? 0;
  if (tip !== 0) rows(fitLeftRight('Tip', amount(tip, 'tipMinor'), width));
  if (rounding !== 0) rows(fitLeftRight('Cash rounding', amount(rounding, 'cashRoundingMinor'), width));
  if (tip !== 0 || rounding !== 0) {
    p.bold(true);
    rows(fitLeftRight('TOTAL PAID', `${amount(doc.totalMinor + tip + rounding, 'total paid')} ${currencyMark(currency)}`, width));
    p.bold(false);
  }

  if (doc.tenders !== undefined) {
    for (const tender of doc.tenders) {
      rows(fitLeftRight(text(tender.label), amount(tender.amountMinor, 'tender amount'), width, 2));
      details(tender.details ?? [], '  ');
    }
  } else {
    const method = doc.paymentMethod !== undefined ? text(doc.paymentMethod) : undefined;
    if (doc.tenderedMinor !== undefined) {
      rows(fitLeftRight(method ?? 'Cash', amount(doc.tenderedMinor, 'tenderedMinor'), width));
    } else if (method !== undefined) {
      rows(fitLeftRight('Paid by', method, width));
    }
  }
  if (doc.changeMinor !== undefined) rows(fitLeftRight('Change', amount(doc.changeMinor, 'changeMinor'), width));

  if (doc.taxSummary !== undefined && doc.taxSummary.rows.length > 0) {
    p.drawLine();
    const table = taxTable(width);
    p.println(table([text(doc.taxSummary.heading), 'Net', 'Tax', 'Gross']));
    for (const row of doc.taxSummary.rows) {
      p.println(
        table([text(row.rate), amount(row.netMinor, 'tax net'), amount(row.taxMinor, 'tax amount'), amount(row.grossMinor, 'tax gross')]),
      );
    }
  }

  if (doc.refunds !== undefined && doc.refunds.lines.length > 0) {
    p.drawLine();
    p.bold(true);
    p.println('REFUNDS');
    p.bold(false);
    for (const refund of doc.refunds.lines) {
      rows(fitLeftRight(text(refund.label), amount(refund.amountMinor, 'refund amount'), width, 2));
      details(refund.details ?? [], '  ');
    }
    p.bold(true);
    rows(fitLeftRight('NET PAID', `${amount(doc.refunds.netPaidMinor, 'netPaidMinor')} ${currencyMark(currency)}`, width));
    p.bold(false);
  }

  if (doc.footerLines.length > 0) {
    p.newLine();
    p.alignCenter();
    for (const line of doc.footerLines) p.println(text(line));
    p.alignLeft();
  }

  if (doc.barcode) {
    p.alignCenter();
    if (profile.features.barcode)
      p.add(Buffer.from(encodeBarcode(doc.barcode.data, doc.barcode.symbology, { height: 80, moduleWidth: 2 })));
    else p.println(text(doc.barcode.data));
    p.alignLeft();
  }
  if (doc.qrCode) {
    p.alignCenter();
    if (doc.qrCode.caption) p.println(text(doc.qrCode.caption));
    // A clone without a QR engine would print the command bytes as gibberish: give it the text instead.
    if (profile.features.qrCode) p.add(Buffer.from(encodeQr(doc.qrCode.data, { moduleSize: profile.paperMm === 58 ? 4 : 6 })));
    else p.println(text(doc.qrCode.data));
    p.newLine();
    p.alignLeft();
  }

  finishDocument(p, profile);
  return builtBytes(p);
}
