import type { ShiftReportView } from '../../../shared/ipc/commands/staff.js';
import { formatMoney } from '../../../shared/money.js';

const time = (ms: number) => new Date(ms).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

/** "+€1.50 over", "−€0.70 short", "even": a sign and a word, so a count is never misread. */
export function overShortLabel(overShortMinor: number, currency: string): string {
  if (overShortMinor === 0) return `${formatMoney(0, currency)} (even)`;
  const amount = formatMoney(Math.abs(overShortMinor), currency);
  return overShortMinor > 0 ? `+${amount} over` : `−${amount} short`;
}

/** An X or Z report on screen, with the same figures the printer gets. */
export function ShiftReport({ report }: { report: ShiftReportView }) {
  const money = (minor: number) => formatMoney(minor, report.currency);
  const rows: [string, string][] = [
    ['Opened', `${time(report.openedAt)} by ${report.openedBy.name}`],
    [report.kind === 'z' ? 'Closed' : 'As of', `${time(report.asOf)}${report.closedBy ? ` by ${report.closedBy.name}` : ''}`],
    ['Orders', String(report.orderCount)],
    ['Gross sales', money(report.grossSalesMinor)],
    ['Discounts', money(-report.discountsMinor)],
    ['Tax', money(report.taxMinor)],
    ['Net sales', money(report.netSalesMinor)],
    ['Cash taken', money(report.cashTakenMinor)],
    ['Card taken', money(report.cardTakenMinor)],
    ...(report.otherTakenMinor !== 0 ? ([['Other taken', money(report.otherTakenMinor)]] as [string, string][]) : []),
    // As the printed report has it: tips are money taken on top of sales, owed to the staff.
    ['Tips', money(report.tipsMinor)],
    ['Change given', money(report.changeGivenMinor)],
    ['Refunds', `${money(-report.refundsMinor)} (${report.refundCount})`],
    ['Voided lines', String(report.voidCount)],
    ['Opening float', money(report.floatMinor)],
    ['Expected cash', money(report.expectedCashMinor)],
  ];
  if (report.countedCashMinor !== null) rows.push(['Counted cash', money(report.countedCashMinor)]);
  if (report.overShortMinor !== null) rows.push(['Over/short', overShortLabel(report.overShortMinor, report.currency)]);
  if (report.note !== null) rows.push(['Note', report.note]);
  const os = report.overShortMinor;
  const tone = os === null || os === 0 ? 'even' : os < 0 ? 'short' : 'over';
  return (
    <section className="shift-report" aria-label={report.kind === 'z' ? 'Z report' : 'X report'}>
      <h3>{report.kind === 'z' ? 'Z report: shift closed' : 'X report: shift still open'}</h3>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label} className={label === 'Over/short' ? `over-short ${tone}` : undefined}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {report.offline && <OfflineCardSection offline={report.offline} money={money} />}
    </section>
  );
}

/**
 * The printed report's "Card approved offline" section, from the same shift totals: what was taken
 * while the gateway was down, what reached the bank, and what the store is still owed.
 */
function OfflineCardSection({ offline: o, money }: { offline: NonNullable<ShiftReportView['offline']>; money: (minor: number) => string }) {
  const rows: [string, string][] = [
    [`Approved offline (${o.approvedCount})`, money(o.approvedMinor)],
    [`Forwarded (${o.forwardedCount})`, money(o.forwardedMinor)],
    [`Declined after sale (${o.declinedCount})`, money(o.declinedMinor)],
    [`Expired (${o.expiredCount})`, money(o.expiredMinor)],
    [`Resolved (${o.resolvedCount})`, money(o.resolvedMinor)],
    ['Outstanding', money(o.outstandingMinor)],
  ];
  return (
    <section className="shift-report-offline" aria-label="Card approved offline">
      <h4>Card approved offline</h4>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label} className={label === 'Outstanding' && o.outstandingMinor > 0 ? 'outstanding owed' : undefined}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
