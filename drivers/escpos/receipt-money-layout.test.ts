import { describe, expect, it } from 'vitest';
import { decodeEscPos } from './escpos-decoder.js';
import { PRINTER_PROFILES, type PrinterProfile } from './printer-profile.js';
import type { ReceiptDocument } from './receipt-document.js';
import { COPY_BANNER, encodeReceipt, REPRINT_BANNER } from './receipt-encoder.js';
import { renderReceiptHtml } from './receipt-html.js';
import { testPageReceipt } from './test-receipt.js';

/** A refund slip as the core builds one: negative amounts, a card tender with its details, VAT given back. */
const slip: ReceiptDocument = testPageReceipt({
  title: 'REFUND',
  lines: [{ quantity: 1, name: 'Crème brûlée', amountMinor: -450 }],
  totalLabel: 'REFUND TOTAL',
  totalMinor: -450,
  tenders: [{ label: 'Card', amountMinor: -450, details: ['VISA **** 4242', 'Dessert was cold'] }],
  taxSummary: { heading: 'VAT', rows: [{ rate: '10%', netMinor: -409, taxMinor: -41, grossMinor: -450 }] },
  footerLines: ['Keep this slip'],
});
delete slip.tenderedMinor;
delete slip.changeMinor;
delete slip.paymentMethod;

const rowsOf = (doc: ReceiptDocument, profile: PrinterProfile = PRINTER_PROFILES['epson-tm-t88']) =>
  decodeEscPos(encodeReceipt(doc, profile)).lines.map((l) => l.trimEnd());

describe('money on the receipt layout', () => {
  it('marks a refund slip with a reversed, double-height REFUND that cannot be skimmed past', () => {
    const decoded = decodeEscPos(encodeReceipt(slip, PRINTER_PROFILES['epson-tm-t88']));
    const title = decoded.blocks.find((b) => b.type === 'text' && b.spans.some((s) => s.text.includes('REFUND') && s.reverse));
    expect(title).toMatchObject({ type: 'text', align: 'center', spans: [{ text: ' REFUND ', bold: true, reverse: true, height: 2 }] });
    // And the diagnostics preview shows it reversed too.
    expect(renderReceiptHtml(decoded.blocks)).toContain('<span class="b rev h2">&nbsp;REFUND&nbsp;</span>');
  });

  it('prints negative amounts, the tender with its details indented, and the tax table, at 48 columns', () => {
    const rows = rowsOf(slip, PRINTER_PROFILES['epson-tm-t20']);
    const row = (left: string, right: string) => left + ' '.repeat(48 - left.length - right.length) + right;
    const total = rows.indexOf(row('REFUND TOTAL', '-4.50 €'));
    expect(rows.slice(total - 2, total + 8)).toEqual([
      row('1 x Crème brûlée', '-4.50'),
      '-'.repeat(48),
      row('REFUND TOTAL', '-4.50 €'),
      row('Card', '-4.50'),
      '  VISA **** 4242',
      '  Dessert was cold',
      '-'.repeat(48),
      // 48 columns: the rate in 18, then 10 per amount.
      'VAT'.padEnd(18) + '       Net       Tax     Gross',
      '10%'.padEnd(18) + '     -4.09     -0.41     -4.50',
      '',
    ]);
  });

  it('wraps a long tender detail under the tender, never into the amount column', () => {
    const rows = rowsOf({
      ...slip,
      tenders: [{ label: 'Card', amountMinor: -450, details: ['The guest found a hair in the dessert and left'] }],
    });
    const card = rows.findIndex((r) => r.startsWith('Card'));
    expect(rows.slice(card + 1, card + 3)).toEqual(['  The guest found a hair in the dessert', '    and left']);
  });

  it('prints COPY for an operator’s copy, REPRINT for a queue reprint, both when both', () => {
    expect(rowsOf({ ...slip, copy: true })[0]!.trim()).toBe(COPY_BANNER);
    expect(rowsOf({ ...slip, reprint: true })[0]!.trim()).toBe(REPRINT_BANNER);
    expect(
      rowsOf({ ...slip, copy: true, reprint: true })
        .slice(0, 2)
        .map((r) => r.trim()),
    ).toEqual([REPRINT_BANNER, COPY_BANNER]);
    expect(rowsOf(slip).map((r) => r.trim())).not.toContain(COPY_BANNER);
  });

  it('prints the tip and cash rounding between TOTAL and TOTAL PAID; none of them when there is no tip or rounding', () => {
    const sale = testPageReceipt({
      tipMinor: 200,
      cashRoundingMinor: -2,
      tenders: [{ label: 'Cash', amountMinor: 2000 }],
      changeMinor: 552,
    });
    const rows = rowsOf(sale);
    const row = (left: string, right: string) => left + ' '.repeat(42 - left.length - right.length) + right;
    const total = rows.indexOf(row('TOTAL', '12.50 €'));
    expect(rows.slice(total, total + 6)).toEqual([
      row('TOTAL', '12.50 €'),
      row('Tip', '2.00'),
      row('Cash rounding', '-0.02'),
      row('TOTAL PAID', '14.48 €'),
      row('Cash', '20.00'),
      row('Change', '5.52'),
    ]);
    expect(rowsOf(testPageReceipt()).join('\n')).not.toMatch(/TOTAL PAID|Tip/);
  });
});
