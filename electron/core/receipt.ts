import { ticketCode } from '../../shared/ticket-label.js';
import type { KitchenOrder } from '../../drivers/escpos/kitchen-split.js';
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

function signedAmount(minor: number, currency: string): string {
  return minor < 0 ? `-${formatAmount(-minor, currency)}` : `+${formatAmount(minor, currency)}`;
}

/** Modifiers and the weighed measure, one printed line each under the dish; the dish line carries the price. */
function lineDetails(line: OrderLineView, currency: string): string[] {
  const details = line.modifiers.map((m) =>
    m.priceDeltaMinor === 0 ? `+ ${m.name}` : `+ ${m.name} (${signedAmount(m.priceDeltaMinor, currency)})`,
  );
  if (line.measure)
    details.push(`${(line.measure.grams / 1000).toFixed(3)} kg @ ${formatAmount(line.measure.pricePerKgMinor, currency)}/kg`);
  return details;
}

/** "Table 12 - Anna", "Table 12", "Anna", or nothing. */
export function guestLabel(order: Pick<OrderView, 'tableNumber' | 'customerName'>): string | undefined {
  const parts = [order.tableNumber !== undefined ? `Table ${order.tableNumber}` : undefined, order.customerName].filter(
    (p) => p !== undefined,
  );
  return parts.length === 0 ? undefined : parts.join(' - ');
}

/**
 * The customer receipt for a paid order. Discounts and tax added on top get their own lines so the
 * printed lines add up to the total; tax already included in prices is stated below it.
 */
export function receiptFor(order: OrderView, context: ReceiptContext): ReceiptDocument {
  const lines: ReceiptLine[] = order.lines.map((line) => {
    const details = lineDetails(line, order.currency);
    return { quantity: line.quantity, name: line.name, amountMinor: line.totalMinor, ...(details.length > 0 ? { details } : {}) };
  });
  for (const d of order.discounts)
    if (d.appliedMinor > 0) lines.push({ quantity: 1, name: `Discount: ${d.reason}`, amountMinor: -d.appliedMinor });
  for (const t of order.taxes)
    if (!t.included && t.taxMinor > 0) lines.push({ quantity: 1, name: `Tax ${percent(t.ratePpm)}`, amountMinor: t.taxMinor });
  const included = order.taxes
    .filter((t) => t.included && t.taxMinor > 0)
    .map(
      (t) => `incl. tax ${percent(t.ratePpm)} on ${formatAmount(t.baseMinor, order.currency)}: ${formatAmount(t.taxMinor, order.currency)}`,
    );
  const rounding = order.cashRoundingMinor !== 0 ? [`Cash rounding: ${formatAmount(order.cashRoundingMinor, order.currency)}`] : [];
  const guest = guestLabel(order);
  const methods = [...new Set(order.payments.filter((p) => p.status === 'captured' || p.status === 'refunded').map((p) => p.method))];
  return {
    kind: 'receipt',
    storeName: context.storeName,
    headerLines: [`Station ${context.stationId}`],
    orderLabel: `Order #${order.ticketNumber}`,
    timestamp: context.printedAt,
    ...(guest !== undefined ? { guestLine: guest } : {}),
    currency: order.currency,
    lines,
    totalMinor: order.totalMinor,
    tenderedMinor: order.paidMinor + order.cashRoundingMinor + order.changeMinor,
    changeMinor: order.changeMinor,
    paymentMethod: methods.length === 0 ? 'Cash' : methods.map((m) => m[0]!.toUpperCase() + m.slice(1)).join(' + '),
    footerLines: [...included, ...rounding, 'Thank you!'],
  };
}

/**
 * What the kitchen printers print for an order: the lines of its fired tickets (of `ticketIds` only,
 * when given), each at its ticket's station, since routing decided the station when the line was
 * fired; with table, guest, modifiers and notes. Channel orders carry their letter ("W-12").
 */
export function kitchenOrderFor(order: OrderView, printedAt: string, ticketIds?: readonly string[]): KitchenOrder {
  const lines = new Map(order.lines.map((l) => [l.lineId, l] as const));
  return {
    ticketNumber: ticketCode(order.channel, order.ticketNumber),
    orderType: order.channel === 'counter' ? order.orderType.replace('_', ' ') : `${order.channel} ${order.orderType.replace('_', ' ')}`,
    timestamp: printedAt,
    ...(order.tableNumber !== undefined ? { table: order.tableNumber } : {}),
    ...(order.customerName !== undefined ? { guest: order.customerName } : {}),
    ...(order.note !== undefined ? { note: order.note } : {}),
    items: order.tickets
      .filter((t) => t.status !== 'cancelled' && (ticketIds === undefined || ticketIds.includes(t.ticketId)))
      .flatMap((ticket) =>
        ticket.lineIds.flatMap((id) => {
          const line = lines.get(id);
          // Voided lines leave `lines`: the kitchen never prints them.
          if (!line) return [];
          return [
            {
              quantity: line.quantity,
              name: line.name,
              ...(line.modifiers.length > 0 ? { modifiers: line.modifiers.map((m) => m.name) } : {}),
              ...(line.note !== undefined ? { note: line.note } : {}),
              station: ticket.station,
            },
          ];
        }),
      ),
  };
}

/** "2026-11-21 14:05" in UTC; the station's zone is a later setting. */
export function formatPrintTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
