import type { ReceiptDocument, ReceiptLine } from '../../drivers/escpos/receipt-document.js';
import { formatAmount } from '../../shared/money.js';
import type { OrderLineView, OrderView } from '../../shared/order-view.js';

export interface ReceiptContext {
  storeName: string;
  stationId: string;
  /** When the receipt is printed, formatted by the caller's clock and locale. */
  printedAt: string;
}

const percent = (ratePpm: number) => `${(ratePpm / 10_000).toString()}%`;

function lineName(line: OrderLineView, currency: string): string {
  const modifiers = line.modifiers.map((m) => ` + ${m.name}`).join('');
  const measure = line.measure ? ` ${(line.measure.grams / 1000).toFixed(3)} kg @ ${formatAmount(line.measure.pricePerKgMinor, currency)}/kg` : '';
  return `${line.name}${modifiers}${measure}`;
}

/**
 * The customer receipt for a paid order. Discounts and tax added on top get their own lines so the
 * printed lines add up to the total; tax already included in prices is stated below it.
 */
export function receiptFor(order: OrderView, context: ReceiptContext): ReceiptDocument {
  const lines: ReceiptLine[] = order.lines.map((line) => ({ quantity: line.quantity, name: lineName(line, order.currency), amountMinor: line.totalMinor }));
  for (const d of order.discounts) if (d.appliedMinor > 0) lines.push({ quantity: 1, name: `Discount: ${d.reason}`, amountMinor: -d.appliedMinor });
  for (const t of order.taxes) if (!t.included && t.taxMinor > 0) lines.push({ quantity: 1, name: `Tax ${percent(t.ratePpm)}`, amountMinor: t.taxMinor });
  const included = order.taxes
    .filter((t) => t.included && t.taxMinor > 0)
    .map((t) => `incl. tax ${percent(t.ratePpm)} on ${formatAmount(t.baseMinor, order.currency)}: ${formatAmount(t.taxMinor, order.currency)}`);
  const rounding = order.cashRoundingMinor !== 0 ? [`Cash rounding: ${formatAmount(order.cashRoundingMinor, order.currency)}`] : [];
  const methods = [...new Set(order.payments.filter((p) => p.status === 'captured' || p.status === 'refunded').map((p) => p.method))];
  return {
    kind: 'receipt',
    storeName: context.storeName,
    headerLines: [`Station ${context.stationId}`],
    orderLabel: `Order #${order.ticketNumber}`,
    timestamp: context.printedAt,
    currency: order.currency,
    lines,
    totalMinor: order.totalMinor,
    tenderedMinor: order.paidMinor + order.cashRoundingMinor + order.changeMinor,
    changeMinor: order.changeMinor,
    paymentMethod: methods.length === 0 ? 'Cash' : methods.map((m) => m[0]!.toUpperCase() + m.slice(1)).join(' + '),
    footerLines: [...included, ...rounding, 'Thank you!'],
  };
}

/** "2026-11-21 14:05" in UTC; the station's zone is a later setting. */
export function formatPrintTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
