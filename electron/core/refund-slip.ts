import type { ReceiptDocument, ReceiptLine, ReceiptTaxRow } from '../../drivers/escpos/receipt-document.js';
import { formatAmount } from '../../shared/money.js';
import { allocate, mulDivRound } from '../../shared/money/rounding.js';
import type { OrderView, RefundView } from '../../shared/order-view.js';
import { guestLabel, headerOf, percent, receiptFor, refundLine, taxSummaryOf, type ReceiptContext } from './receipt.js';

interface RefundParts {
  /** Money taken beyond the total (tenders that crossed): never a sale, so no VAT goes back with it. */
  overpaidMinor: number;
  goodsMinor: number;
  /** The tip, and cash rounding. */
  extraMinor: number;
  /** Refunded on the order up to and including this refund. */
  upToMinor: number;
}

/**
 * What a refund gives back of what. Refunds, in the order they were made, first return money taken
 * beyond the total, then the goods, then the tip: so the VAT given back over all of an order's
 * refunds never exceeds the VAT charged, and an overpayment returned reverses none.
 */
function refundParts(order: OrderView, refund: RefundView): RefundParts {
  const refunds = order.refunds ?? [];
  const at = refunds.findIndex((r) => r.refundId === refund.refundId);
  const before = refunds.slice(0, at).reduce((sum, r) => sum + r.amountMinor, 0);
  const upToMinor = before + refund.amountMinor;
  /** How much of [from, to) this refund covers. */
  const within = (from: number, to: number) => Math.max(0, Math.min(to, upToMinor) - Math.max(from, before));
  const goodsFrom = order.overpaidMinor;
  const goodsTo = goodsFrom + order.totalMinor;
  const overpaidMinor = within(0, goodsFrom);
  const goodsMinor = within(goodsFrom, goodsTo);
  return { overpaidMinor, goodsMinor, extraMinor: refund.amountMinor - overpaidMinor - goodsMinor, upToMinor };
}

/** The VAT a refund gives back per rate: the goods part spread over the rates in proportion to their gross. */
function refundTaxRows(order: OrderView, goodsMinor: number): ReceiptTaxRow[] {
  const bands = order.taxes;
  const gross = bands.map((t) => (t.included ? t.baseMinor : t.baseMinor + t.taxMinor));
  const shares = allocate(goodsMinor, gross);
  return bands.map((t, i) => {
    const share = shares[i]!;
    const tax = mulDivRound(share, t.ratePpm, 1_000_000 + t.ratePpm);
    return { rate: percent(t.ratePpm), netMinor: -(share - tax), taxMinor: -tax, grossMinor: -share };
  });
}

/**
 * The slip a refund prints, marked REFUND: what was given back (the order's lines when the whole
 * order goes back at once, one line otherwise), the tender it went back to, and the VAT it reverses.
 * Every amount is negative; lines add up to REFUND TOTAL, as does the tender line.
 */
export function refundSlipFor(order: OrderView, refundId: string, context: ReceiptContext): ReceiptDocument {
  const refund = (order.refunds ?? []).find((r) => r.refundId === refundId);
  if (!refund) throw new Error(`order ${order.id} has no refund ${refundId}`);
  const { overpaidMinor, goodsMinor, extraMinor, upToMinor } = refundParts(order, refund);
  const whole = goodsMinor === order.totalMinor && goodsMinor > 0;
  const lines: ReceiptLine[] = overpaidMinor > 0 ? [{ quantity: 1, name: 'Paid beyond the total', amountMinor: -overpaidMinor }] : [];
  if (whole) lines.push(...receiptFor(order, context).lines.map((line) => ({ ...line, amountMinor: -line.amountMinor })));
  else if (goodsMinor > 0) lines.push({ quantity: 1, name: `Part of order #${order.ticketNumber}`, amountMinor: -goodsMinor });
  if (extraMinor > 0) lines.push({ quantity: 1, name: order.tipMinor > 0 ? 'Tip' : 'Cash rounding', amountMinor: -extraMinor });
  const taxSummary = taxSummaryOf(order.taxes);
  const guest = guestLabel(order);
  return {
    kind: 'receipt',
    ...headerOf(context),
    title: 'REFUND',
    orderLabel: `Order #${order.ticketNumber}`,
    timestamp: context.printedAt,
    ...(guest !== undefined ? { guestLine: guest } : {}),
    currency: order.currency,
    lines,
    totalLabel: 'REFUND TOTAL',
    totalMinor: -refund.amountMinor,
    tenders: [refundLine(order, refund)],
    ...(taxSummary && goodsMinor > 0 ? { taxSummary: { heading: taxSummary.heading, rows: refundTaxRows(order, goodsMinor) } } : {}),
    footerLines: [
      `Order total ${formatAmount(order.totalMinor + order.tipMinor, order.currency)}`,
      `Refunded so far ${formatAmount(upToMinor, order.currency)}`,
      ...(refund.approvedBy !== undefined ? [`Approved by ${refund.approvedBy}`] : []),
      'Keep this slip for your records',
    ],
  };
}
