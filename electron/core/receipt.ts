import { ticketCode } from '../../shared/ticket-label.js';
import type { KitchenOrder } from '../../drivers/escpos/kitchen-split.js';
import type { ReceiptDocument, ReceiptLine, ReceiptTender } from '../../drivers/escpos/receipt-document.js';
import { formatAmount } from '../../shared/money.js';
import type { OrderLineView, OrderView, PaymentView, RefundView, TaxBandView } from '../../shared/order-view.js';

/** Who the paper says sold it: the store's name, address and tax id (`store` in station.json). */
export interface StoreHeader {
  name: string;
  addressLines: readonly string[];
  taxId?: string;
}

export interface ReceiptContext {
  store: StoreHeader;
  stationId: string;
  /** When the receipt is printed, formatted by the caller's clock and locale. */
  printedAt: string;
}

/** "10%", "8.875%". */
export const percent = (ratePpm: number) => `${(ratePpm / 10_000).toString()}%`;

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

/** Name, address, tax id and station: the same top on every slip the counter prints. */
export function headerOf(context: ReceiptContext): Pick<ReceiptDocument, 'storeName' | 'headerLines'> {
  const { store } = context;
  return {
    storeName: store.name,
    headerLines: [...store.addressLines, ...(store.taxId !== undefined ? [`Tax ID ${store.taxId}`] : []), `Station ${context.stationId}`],
  };
}

/** Approved offline counts as tendered: the sale was completed on it (the receipt says how it stands). */
const MONEY_TAKEN: ReadonlySet<PaymentView['status']> = new Set([
  'captured',
  'refunded',
  'offline_approved',
  'declined_after_sale',
  'expired',
]);

const methodLabel = (method: PaymentView['method']) => method[0]!.toUpperCase() + method.slice(1);

/** "VISA **** 4242", "Auth code 100123": what the terminal reported, never more. */
function cardLines(payment: PaymentView): string[] {
  const card = payment.card;
  if (!card) return [];
  const mask = [card.brand, card.lastFour !== undefined ? `**** ${card.lastFour}` : undefined].filter((p) => p !== undefined).join(' ');
  return [...(mask.length > 0 ? [mask] : []), ...(card.authCode !== undefined ? [`Auth code ${card.authCode}`] : [])];
}

/** A card taken while the gateway was down: the receipt says so, with the terminal's reference. */
function offlineLines(payment: PaymentView): string[] {
  if (!payment.offline) return [];
  // Two lines: a terminal reference is long enough to wrap on a 42-column roll.
  const approved = ['Approved offline', `Ref ${payment.offline.terminalRef}`];
  if (payment.status === 'declined_after_sale') return [...approved, 'DECLINED AFTER THE SALE: outstanding'];
  if (payment.status === 'expired') return [...approved, 'EXPIRED, NOT FORWARDED: outstanding'];
  return approved;
}

/** One line per payment that took money: cash at what was handed over (change is its own line), a card with its details. */
function tendersOf(order: OrderView): ReceiptTender[] {
  return order.payments
    .filter((p) => MONEY_TAKEN.has(p.status))
    .map((p) => {
      const taken = p.tenderedMinor ?? p.amountMinor + p.tipMinor + p.roundingMinor + p.changeMinor;
      const details = [...cardLines(p), ...offlineLines(p)];
      return { label: methodLabel(p.method), amountMinor: taken, ...(details.length > 0 ? { details } : {}) };
    });
}

/**
 * The tax per rate as the table prints it (gross = net + tax): included tax is inside the band's
 * amount, added tax on top of it. Omitted when nothing is taxed, as on a catalog without tax.
 */
export function taxSummaryOf(taxes: readonly TaxBandView[]): ReceiptDocument['taxSummary'] {
  if (!taxes.some((t) => t.ratePpm > 0)) return undefined;
  return {
    heading: taxes.every((t) => t.included) ? 'VAT' : 'Tax',
    rows: taxes.map((t) => {
      const grossMinor = t.included ? t.baseMinor : t.baseMinor + t.taxMinor;
      return { rate: percent(t.ratePpm), netMinor: grossMinor - t.taxMinor, taxMinor: t.taxMinor, grossMinor };
    }),
  };
}

/** A refund as a tender line: the method it went back by (a card with its brand and last four), negative, and why. */
export function refundLine(order: OrderView, refund: RefundView): ReceiptTender {
  const payment = order.payments.find((p) => p.paymentId === refund.paymentId);
  const card = payment ? cardLines(payment).slice(0, 1) : [];
  return {
    label: payment ? methodLabel(payment.method) : 'Refund',
    amountMinor: -refund.amountMinor,
    details: [...card, refund.reason],
  };
}

/**
 * The customer receipt for a paid order; `copy` for an operator's copy, which also lists what was
 * refunded since. Discounts and tax added on top get their own lines, so lines − discounts + added
 * tax = TOTAL; TOTAL + tip + cash rounding = TOTAL PAID = the tenders − change. The tax table states
 * net, tax and gross per rate.
 */
export function receiptFor(order: OrderView, context: ReceiptContext, options: { copy?: boolean } = {}): ReceiptDocument {
  const lines: ReceiptLine[] = order.lines.map((line) => {
    const details = lineDetails(line, order.currency);
    return { quantity: line.quantity, name: line.name, amountMinor: line.totalMinor, ...(details.length > 0 ? { details } : {}) };
  });
  for (const d of order.discounts)
    if (d.appliedMinor > 0) lines.push({ quantity: 1, name: `Discount: ${d.reason}`, amountMinor: -d.appliedMinor });
  for (const t of order.taxes)
    if (!t.included && t.taxMinor > 0) lines.push({ quantity: 1, name: `Tax ${percent(t.ratePpm)}`, amountMinor: t.taxMinor });
  const guest = guestLabel(order);
  const tenders = tendersOf(order);
  const taxSummary = taxSummaryOf(order.taxes);
  const refunds = order.refunds ?? [];
  // What the customer is out of pocket now: every tender, less the change and what went back.
  const paidNet = tenders.reduce((sum, t) => sum + t.amountMinor, 0) - order.changeMinor - order.refundedMinor;
  return {
    kind: 'receipt',
    ...headerOf(context),
    orderLabel: `Order #${order.ticketNumber}`,
    timestamp: context.printedAt,
    ...(guest !== undefined ? { guestLine: guest } : {}),
    currency: order.currency,
    lines,
    totalMinor: order.totalMinor,
    ...(order.tipMinor !== 0 ? { tipMinor: order.tipMinor } : {}),
    ...(order.cashRoundingMinor !== 0 ? { cashRoundingMinor: order.cashRoundingMinor } : {}),
    tenders,
    ...(order.payments.some((p) => MONEY_TAKEN.has(p.status) && p.method === 'cash') ? { changeMinor: order.changeMinor } : {}),
    ...(taxSummary ? { taxSummary } : {}),
    ...(refunds.length > 0 ? { refunds: { lines: refunds.map((r) => refundLine(order, r)), netPaidMinor: paidNet } } : {}),
    // Two tenders that crossed (two tills at once) can take more than was due: said, never hidden.
    footerLines: [
      ...(order.overpaidMinor > 0 ? [`Paid ${formatAmount(order.overpaidMinor, order.currency)} more than due: to be refunded`] : []),
      'Thank you!',
    ],
    ...(options.copy ? { copy: true } : {}),
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
