import type { ReceiptDocument } from '../../drivers/escpos/receipt-document.js';
import type { OrderView } from '../../shared/order-view.js';

export interface ReceiptContext {
  storeName: string;
  stationId: string;
  /** When the receipt is printed, formatted by the caller's clock and locale. */
  printedAt: string;
}

/** The customer receipt for a paid order. */
export function receiptFor(order: OrderView, context: ReceiptContext): ReceiptDocument {
  return {
    kind: 'receipt',
    storeName: context.storeName,
    headerLines: [`Station ${context.stationId}`],
    orderLabel: `Order #${order.ticketNumber}`,
    timestamp: context.printedAt,
    currency: order.currency,
    lines: order.lines.map((line) => ({ quantity: line.quantity, name: line.name, amountMinor: line.totalMinor })),
    totalMinor: order.totalMinor,
    tenderedMinor: order.paidMinor + order.changeMinor,
    changeMinor: order.changeMinor,
    paymentMethod: 'Cash',
    footerLines: ['Thank you!'],
  };
}

/** "2026-11-21 14:05" in UTC; the station's zone is a later setting. */
export function formatPrintTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
