import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../drivers/escpos/escpos-decoder.js';
import { EPSON_42_COLUMNS } from '../../../drivers/escpos/printer-profile.js';
import { encodeReceipt } from '../../../drivers/escpos/receipt-encoder.js';
import type { ShiftReportView } from '../../../shared/ipc/commands/staff.js';
import { shiftReportDocument } from './shift-report-document.js';

const OPENED = Date.UTC(2026, 10, 22, 8, 0);
const HOUR = 3_600_000;

/** Float 100.00; 4.70 cash sales, 1.00 of it refunded; counted 103.00 against 103.70 expected. */
const zReport: ShiftReportView = {
  kind: 'z',
  shiftId: '019a9a00-0000-7000-8000-00000000abcd',
  stationId: 'station-till',
  currency: 'EUR',
  openedBy: { id: 'alex', name: 'Alex', role: 'cashier' },
  openedAt: OPENED,
  closedBy: { id: 'morgan', name: 'Morgan', role: 'manager' },
  asOf: OPENED + 8 * HOUR,
  orderCount: 2,
  grossSalesMinor: 500,
  discountsMinor: 30,
  taxMinor: 41,
  netSalesMinor: 470,
  cashTakenMinor: 470,
  cardTakenMinor: 0,
  otherTakenMinor: 0,
  tipsMinor: 0,
  changeGivenMinor: 1_030,
  refundsMinor: 100,
  cashRefundsMinor: 100,
  refundCount: 1,
  voidCount: 1,
  floatMinor: 10_000,
  expectedCashMinor: 10_370,
  countedCashMinor: 10_300,
  overShortMinor: -70,
  note: 'coin jar',
};

/** A label–value row as it lands on 42 columns. */
const row = (label: string, value: string) => label + ' '.repeat(42 - label.length - value.length) + value;

const printed = (report: ShiftReportView, options: { printedAt: number; reprint?: boolean }) =>
  decodeEscPos(encodeReceipt(shiftReportDocument(report, 'Corner Café', options), EPSON_42_COLUMNS));

describe('the printed shift report', () => {
  it('prints the card approved offline section with what was resolved and what is still outstanding', () => {
    const offline = {
      approvedCount: 3,
      approvedMinor: 1_200,
      forwardedCount: 1,
      forwardedMinor: 250,
      declinedCount: 1,
      declinedMinor: 220,
      expiredCount: 1,
      expiredMinor: 730,
      resolvedCount: 1,
      resolvedMinor: 220,
      outstandingMinor: 730,
    };
    const lines = printed({ ...zReport, offline }, { printedAt: OPENED + 8 * HOUR }).lines;
    const at = lines.indexOf('CARD APPROVED OFFLINE');
    expect(lines.slice(at, at + 7)).toEqual([
      'CARD APPROVED OFFLINE',
      row('Approved offline (3)', '12.00'),
      row('Forwarded (1)', '2.50'),
      row('Declined after sale (1)', '2.20'),
      row('Expired (1)', '7.30'),
      row('Resolved (1)', '2.20'),
      row('Outstanding', '7.30'),
    ]);
  });

  it('prints a Z report as a report: who and when, sales, payments, the drawer count and a line to sign', () => {
    expect(printed(zReport, { printedAt: OPENED + 8 * HOUR + 60_000 }).lines).toEqual([
      'Corner Café',
      'Z REPORT',
      'shift closed',
      '------------------------------------------',
      'Station                       station-till',
      'Shift                             0000abcd',
      'Opened               2026-11-22 08:00 Alex',
      'Closed             2026-11-22 16:00 Morgan',
      '------------------------------------------',
      'SALES',
      'Orders                                   2',
      'Gross sales                           5.00',
      'Discounts                            -0.30',
      'Tax                                   0.41',
      'Net sales                             4.70',
      '------------------------------------------',
      'PAYMENTS',
      'Cash                                  4.70',
      'Card                                  0.00',
      'Tips                                  0.00',
      'Change given                         10.30',
      'Refunds (1)                          -1.00',
      'Voided lines                             1',
      '------------------------------------------',
      'CASH DRAWER',
      'Opening float                       100.00',
      'Cash taken                            4.70',
      'Cash refunds                         -1.00',
      'Expected cash                       103.70',
      'Counted cash                        103.00',
      'Over/short                     -0.70 SHORT',
      '------------------------------------------',
      'Note: coin jar',
      'Counted and signed by:',
      '',
      '',
      '__________________________________________',
      'Printed 2026-11-22 16:01',
    ]);
  });

  it('says an X report is of a shift still open, without a count or a signature unless one was entered', () => {
    const x: ShiftReportView = {
      ...zReport,
      kind: 'x',
      closedBy: null,
      asOf: OPENED + 3 * HOUR,
      countedCashMinor: null,
      overShortMinor: null,
      note: null,
      otherTakenMinor: 250,
    };
    const lines = printed(x, { printedAt: OPENED + 3 * HOUR }).lines;
    expect(lines.slice(1, 3)).toEqual(['X REPORT', 'shift still open']);
    expect(lines).toContain(row('As of', '2026-11-22 11:00'));
    expect(lines).toContain(row('Other', '2.50'));
    expect(lines.slice(lines.indexOf('CASH DRAWER'))).toEqual([
      'CASH DRAWER',
      'Opening float                       100.00',
      'Cash taken                            4.70',
      'Cash refunds                         -1.00',
      'Expected cash                       103.70',
      '------------------------------------------',
      'Printed 2026-11-22 11:00',
    ]);
    expect(lines.join('\n')).not.toMatch(/Z REPORT|Closed|Counted|signed/);
  });

  it('reverses an over or short count at double height, prints an even one bold, and marks a reprint', () => {
    const overShort = (report: ShiftReportView) => {
      const spans = printed(report, { printedAt: report.asOf }).blocks.flatMap((b) => (b.type === 'text' ? b.spans : []));
      return spans.find((s) => s.text.startsWith('Over/short'))!;
    };
    expect(overShort(zReport)).toMatchObject({ reverse: true, bold: true, height: 2 });
    expect(overShort({ ...zReport, countedCashMinor: 10_400, overShortMinor: 30 })).toMatchObject({
      text: row('Over/short', '0.30 OVER'),
      reverse: true,
    });
    expect(overShort({ ...zReport, countedCashMinor: 10_370, overShortMinor: 0 })).toMatchObject({
      text: row('Over/short', '0.00 EVEN'),
      reverse: false,
      bold: true,
      height: 1,
    });
    const copy = printed(zReport, { printedAt: OPENED + 30 * HOUR, reprint: true }).lines;
    expect(copy[0]).toBe('*** REPRINT ***');
    expect(copy).toContain(row('Closed', '2026-11-22 16:00 Morgan'));
    expect(copy.at(-1)).toBe('Printed 2026-11-23 14:00');
  });
});
