import { describe, expect, it } from 'vitest';
import { decodeEscPos, type PrintedBlock, type TextSpan } from './escpos-decoder.js';
import { EPSON_42_COLUMNS, EPSON_48_COLUMNS, withColumns } from './printer-profile.js';
import { reportReceipt } from './receipt-document.js';
import { encodeReceipt, REPRINT_BANNER } from './receipt-encoder.js';
import type { ReportLayout } from './report-document.js';
import { encodeReport } from './report-encoder.js';

const layout: ReportLayout = {
  title: 'Z REPORT',
  subtitle: 'shift closed',
  details: [
    { label: 'Station', value: 'station-till' },
    { label: 'Opened', value: '2026-11-22 08:00 Alex' },
  ],
  sections: [
    {
      heading: 'Cash drawer',
      rows: [
        { label: 'Opening float', amountMinor: 10_000 },
        { label: 'Cash refunds', amountMinor: -100 },
        { label: 'Expected cash', amountMinor: 10_370, emphasis: 'strong' },
        { label: 'Over/short', amountMinor: -70, suffix: 'SHORT', emphasis: 'alert' },
        { label: 'Voided lines', text: '1' },
      ],
    },
  ],
  notes: ['Note: coin jar'],
  signature: 'Counted and signed by',
};

const doc = reportReceipt({ storeName: 'Crème Café', currency: 'EUR', timestamp: '2026-11-22 16:01', report: layout });

/** The one text block whose text starts with `prefix`: its spans carry what the paper shows. */
function spanOf(blocks: PrintedBlock[], prefix: string): TextSpan {
  const found = blocks.flatMap((b) => (b.type === 'text' ? b.spans : [])).filter((s) => s.text.startsWith(prefix));
  expect(found, `one span starting "${prefix}"`).toHaveLength(1);
  return found[0]!;
}

describe('encodeReport', () => {
  it('prints the header, then label–amount rows aligned to the paper width, at every width', () => {
    for (const profile of [withColumns(EPSON_42_COLUMNS, 32), EPSON_42_COLUMNS, EPSON_48_COLUMNS]) {
      const width = profile.columns;
      const row = (label: string, value: string) => label + ' '.repeat(width - label.length - value.length) + value;
      const paper = decodeEscPos(encodeReport(doc, layout, profile));
      expect(paper.lines).toEqual([
        'Crème Café',
        'Z REPORT',
        'shift closed',
        '-'.repeat(width),
        row('Station', 'station-till'),
        row('Opened', '2026-11-22 08:00 Alex'),
        '-'.repeat(width),
        'CASH DRAWER',
        row('Opening float', '100.00'),
        row('Cash refunds', '-1.00'),
        row('Expected cash', '103.70'),
        row('Over/short', '-0.70 SHORT'),
        row('Voided lines', '1'),
        '-'.repeat(width),
        'Note: coin jar',
        'Counted and signed by:',
        '',
        '',
        '_'.repeat(width),
        'Printed 2026-11-22 16:01',
      ]);
      expect(paper.cuts).toBe(1);
      expect(paper.drawerKicks).toEqual([]);
      expect(paper.unknownCommands).toEqual([]);
    }
  });

  it('makes the title large and the emphasised rows stand out: bold, or reversed at double height', () => {
    const { blocks } = decodeEscPos(encodeReport(doc, layout, EPSON_42_COLUMNS));
    expect(spanOf(blocks, 'Z REPORT')).toMatchObject({ bold: true, width: 2, height: 2 });
    expect(spanOf(blocks, 'CASH DRAWER')).toMatchObject({ bold: true, reverse: false, height: 1 });
    expect(spanOf(blocks, 'Expected cash')).toMatchObject({ bold: true, reverse: false, height: 1 });
    expect(spanOf(blocks, 'Over/short')).toMatchObject({ bold: true, reverse: true, height: 2, width: 1 });
    // Emphasis ends with its row.
    expect(spanOf(blocks, 'Opening float')).toMatchObject({ bold: false, reverse: false, height: 1 });
    expect(spanOf(blocks, 'Voided lines')).toMatchObject({ bold: false, reverse: false, height: 1 });
  });

  it('rides the receipt route: encodeReceipt prints a report document with the report layout, REPRINT first on a copy', () => {
    expect(encodeReceipt(doc, EPSON_42_COLUMNS)).toEqual(encodeReport(doc, layout, EPSON_42_COLUMNS));
    expect(doc).toMatchObject({ kind: 'receipt', lines: [], report: layout });
    const copy = decodeEscPos(encodeReceipt({ ...doc, reprint: true }, EPSON_42_COLUMNS)).lines;
    expect(copy[0]).toBe(REPRINT_BANNER);
    expect(copy).not.toContain(expect.stringMatching(/^TOTAL/));
  });

  it('keeps a long label from pushing its amount off the line, and never lets text inject commands', () => {
    const hostile: ReportLayout = {
      ...layout,
      details: [{ label: 'Station', value: 'till\x1bp\x00\x19\xfa' }],
      sections: [{ heading: 'Payments', rows: [{ label: 'Refunds for the whole afternoon shift (12)', amountMinor: -123_456 }] }],
      notes: [],
    };
    const paper = decodeEscPos(encodeReport(doc, hostile, withColumns(EPSON_42_COLUMNS, 32)));
    expect(paper.drawerKicks).toEqual([]);
    expect(paper.lines).toContain('Station                till p  ú');
    expect(paper.lines).toContain('Refunds for the whole   -1234.56');
    expect(paper.lines).toContain('  afternoon shift (12)');
  });
});
