import { reportReceipt, type ReceiptDocument } from '../../../drivers/escpos/receipt-document.js';
import type { ReportLayout, ReportRow } from '../../../drivers/escpos/report-document.js';
import type { ShiftReportView } from '../../../shared/ipc/commands/staff.js';
import { formatPrintTime } from '../receipt.js';

/** The over/short row: the sign and the word, reversed on paper unless the count is even, so nobody misreads it. */
function overShortRow(overShortMinor: number): ReportRow {
  if (overShortMinor === 0) return { label: 'Over/short', amountMinor: 0, suffix: 'EVEN', emphasis: 'strong' };
  return { label: 'Over/short', amountMinor: overShortMinor, suffix: overShortMinor > 0 ? 'OVER' : 'SHORT', emphasis: 'alert' };
}

/** Money that left the till prints negative ("-1.00"); a plain 0.00 when none did. */
const out = (minor: number) => (minor === 0 ? 0 : -minor);

/**
 * The X or Z report as printed: who, where and when at the top, then sales, payments and the cash
 * drawer, where expected, counted and over/short stand out. An X report says the shift is still
 * open (it is a snapshot, not a close); a Z report leaves a line for the count to be signed.
 */
export function shiftReportLayout(report: ShiftReportView): ReportLayout {
  const z = report.kind === 'z';
  const drawer: ReportRow[] = [
    { label: 'Opening float', amountMinor: report.floatMinor },
    { label: 'Cash taken', amountMinor: report.cashTakenMinor },
    { label: 'Cash refunds', amountMinor: out(report.cashRefundsMinor) },
    { label: 'Expected cash', amountMinor: report.expectedCashMinor, emphasis: 'strong' },
  ];
  if (report.countedCashMinor !== null) drawer.push({ label: 'Counted cash', amountMinor: report.countedCashMinor, emphasis: 'strong' });
  if (report.overShortMinor !== null) drawer.push(overShortRow(report.overShortMinor));
  return {
    title: z ? 'Z REPORT' : 'X REPORT',
    subtitle: z ? 'shift closed' : 'shift still open',
    details: [
      { label: 'Station', value: report.stationId },
      { label: 'Shift', value: report.shiftId.slice(-8) },
      { label: 'Opened', value: `${formatPrintTime(report.openedAt)} ${report.openedBy.name}` },
      z
        ? { label: 'Closed', value: `${formatPrintTime(report.asOf)} ${report.closedBy?.name ?? ''}`.trimEnd() }
        : { label: 'As of', value: formatPrintTime(report.asOf) },
    ],
    sections: [
      {
        heading: 'Sales',
        rows: [
          { label: 'Orders', text: String(report.orderCount) },
          { label: 'Gross sales', amountMinor: report.grossSalesMinor },
          { label: 'Discounts', amountMinor: out(report.discountsMinor) },
          { label: 'Tax', amountMinor: report.taxMinor },
          { label: 'Net sales', amountMinor: report.netSalesMinor, emphasis: 'strong' },
        ],
      },
      {
        heading: 'Payments',
        rows: [
          { label: 'Cash', amountMinor: report.cashTakenMinor },
          { label: 'Card', amountMinor: report.cardTakenMinor },
          ...(report.otherTakenMinor !== 0 ? [{ label: 'Other', amountMinor: report.otherTakenMinor }] : []),
          { label: 'Tips', amountMinor: report.tipsMinor },
          { label: 'Change given', amountMinor: report.changeGivenMinor },
          { label: `Refunds (${report.refundCount})`, amountMinor: out(report.refundsMinor) },
          { label: 'Voided lines', text: String(report.voidCount) },
        ],
      },
      ...(report.offline ? [offlineSection(report.offline)] : []),
      { heading: 'Cash drawer', rows: drawer },
    ],
    notes: report.note !== null ? [`Note: ${report.note}`] : [],
    ...(z ? { signature: 'Counted and signed by' } : {}),
  };
}

/** Card payments taken while the gateway was down: what the store still risks and what it lost. */
function offlineSection(o: NonNullable<ShiftReportView['offline']>): ReportLayout['sections'][number] {
  return {
    heading: 'Card approved offline',
    rows: [
      { label: `Approved offline (${o.approvedCount})`, amountMinor: o.approvedMinor },
      { label: `Forwarded (${o.forwardedCount})`, amountMinor: o.forwardedMinor },
      { label: `Declined after sale (${o.declinedCount})`, amountMinor: o.declinedMinor },
      { label: `Expired (${o.expiredCount})`, amountMinor: o.expiredMinor },
      { label: `Resolved (${o.resolvedCount})`, amountMinor: o.resolvedMinor },
      { label: 'Outstanding', amountMinor: o.outstandingMinor, emphasis: 'strong' },
    ],
  };
}

/** The report as a receipt-route document: the receipt printer, its fallback and the durable queue. */
export function shiftReportDocument(
  report: ShiftReportView,
  storeName: string,
  options: { printedAt: number; reprint?: boolean },
): ReceiptDocument {
  return reportReceipt({
    storeName,
    currency: report.currency,
    timestamp: formatPrintTime(options.printedAt),
    report: shiftReportLayout(report),
    ...(options.reprint ? { reprint: true } : {}),
  });
}
