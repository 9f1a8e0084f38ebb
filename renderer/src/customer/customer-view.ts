import { IN_FLIGHT_ATTEMPT_STATES, type PaymentAttemptState, type PaymentAttemptView } from '../../../shared/ipc/commands/payments.js';
import { formatMoney } from '../../../shared/money.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';

/** What the guest reads under a line: an option with its price, or a discount on that line. */
export interface CustomerDetail {
  key: string;
  text: string;
  /** Signed and formatted ("+€0.50", "−€1.00"); empty for a free option. */
  amount: string;
}

export interface CustomerLine {
  key: string;
  text: string;
  amount: string;
  details: CustomerDetail[];
}

/** One row of the totals; `name` is its accessible name, which tests and screen readers use. */
export interface CustomerRow {
  key: string;
  label: string;
  name: string;
  amount: string;
  tone?: 'total' | 'due' | 'change';
}

export interface CustomerScreen {
  heading: string;
  lines: CustomerLine[];
  totals: CustomerRow[];
  /** What the card terminal asks of the guest (with its amount), or what became of the card. */
  prompt: { text: string; amount: string; tone: 'ask' | 'refused' } | null;
}

const PROMPTS: Partial<Record<PaymentAttemptState, string>> = {
  authorizing: 'Tap or insert card',
  // The terminal's answer was lost and is being asked for: from the guest's side the card is still in play.
  unknown_resolving: 'Tap or insert card',
  capturing: 'Card approved, one moment…',
  voiding: 'Card payment cancelled',
};

const plus = (minor: number, currency: string) => `+${formatMoney(minor, currency)}`;
const minus = (minor: number, currency: string) => `−${formatMoney(minor, currency)}`;

function lineDetails(order: OrderView, line: OrderLineView): CustomerDetail[] {
  const { currency } = order;
  const each = line.quantity > 1 ? ' each' : '';
  const details: CustomerDetail[] = line.modifiers.map((m) => ({
    key: `${m.groupId}:${m.optionId}`,
    text: m.name,
    amount:
      m.priceDeltaMinor === 0
        ? ''
        : `${m.priceDeltaMinor > 0 ? plus(m.priceDeltaMinor, currency) : minus(-m.priceDeltaMinor, currency)}${each}`,
  }));
  for (const d of order.discounts) {
    if (d.target.kind !== 'line' || d.target.lineId !== line.lineId) continue;
    details.push({ key: d.discountId, text: `Discount · ${d.reason}`, amount: minus(d.appliedMinor, currency) });
  }
  return details;
}

/** The card attempt of this order the terminal is working on, if any (the newest). */
function cardInFlight(order: OrderView, attempts: readonly PaymentAttemptView[]): PaymentAttemptView | null {
  let found: PaymentAttemptView | null = null;
  for (const a of attempts) {
    if (a.orderId !== order.id || !(IN_FLIGHT_ATTEMPT_STATES as readonly string[]).includes(a.state)) continue;
    if (found === null || a.createdAt > found.createdAt) found = a;
  }
  return found;
}

/**
 * The customer display's view of an order and its tender: every line with its options and line
 * discounts, the order discounts, tax, tip, what a split has paid and what is still due, the card
 * terminal's prompt while a card is in play, and the change after cash. Pure, so each state is testable.
 */
export function customerScreen(order: OrderView, phase: 'ordering' | 'paid', attempts: readonly PaymentAttemptView[]): CustomerScreen {
  const { currency } = order;
  const money = (minor: number) => formatMoney(minor, currency);
  // Two taps on Espresso are two lines to the core but "2 × Espresso" to a guest; a line with its own
  // discount stays apart so the discount sits under the line it was given on.
  const merged = new Map<string, { line: OrderLineView; quantity: number; totalMinor: number }>();
  for (const line of order.lines) {
    const own = order.discounts.some((d) => d.target.kind === 'line' && d.target.lineId === line.lineId);
    const key = own ? line.lineId : `${line.itemId}|${line.name}|${line.unitPriceMinor}|${line.modifiers.map((m) => m.optionId).join(',')}`;
    const existing = merged.get(key);
    if (existing) {
      existing.quantity += line.quantity;
      existing.totalMinor += line.totalMinor;
    } else merged.set(key, { line, quantity: line.quantity, totalMinor: line.totalMinor });
  }
  const lines = [...merged.values()].map(({ line, quantity, totalMinor }) => ({
    key: line.lineId,
    text: `${quantity} × ${line.name}`,
    amount: money(totalMinor),
    details: lineDetails(order, { ...line, quantity }),
  }));

  const totals: CustomerRow[] = [];
  if (order.discountMinor > 0) totals.push({ key: 'subtotal', label: 'Subtotal', name: 'Subtotal', amount: money(order.subtotalMinor) });
  for (const d of order.discounts) {
    if (d.target.kind !== 'order') continue;
    totals.push({ key: d.discountId, label: `Discount · ${d.reason}`, name: 'Discount', amount: minus(d.appliedMinor, currency) });
  }
  if (order.taxMinor > 0) {
    const included = order.taxes.every((t) => t.included);
    totals.push({ key: 'tax', label: included ? 'Incl. tax' : 'Tax', name: 'Tax', amount: money(order.taxMinor) });
  }
  totals.push({ key: 'total', label: 'Total', name: 'Order total', amount: money(order.totalMinor), tone: 'total' });

  const card = phase === 'ordering' ? cardInFlight(order, attempts) : null;
  // A tip being charged right now is not in the order yet; the guest still sees what the card will take.
  const tipMinor = order.tipMinor + (card?.tipMinor ?? 0);
  if (tipMinor > 0) totals.push({ key: 'tip', label: 'Tip', name: 'Tip', amount: money(tipMinor) });

  const captured = order.payments.filter((p) => p.status === 'captured' || p.status === 'refunded');
  const last = captured.at(-1);
  if (phase === 'paid') {
    totals.push({ key: 'paid', label: 'Paid', name: 'Paid', amount: money(order.paidMinor) });
  } else if (order.paidMinor > 0) {
    // A split part (or a partial tender) went through: what is settled and what the next guest pays.
    totals.push({ key: 'paid', label: 'Paid so far', name: 'Paid so far', amount: money(order.paidMinor) });
    totals.push({ key: 'due', label: 'Still due', name: 'Still due', amount: money(order.dueMinor), tone: 'due' });
  }
  // The change of the cash just taken: after the last part (even €0.00), or after a split part that had
  // some, until the next guest's card is in play.
  if (last?.method === 'cash' && (phase === 'paid' || (last.changeMinor > 0 && card === null))) {
    totals.push({ key: 'change', label: 'Change', name: 'Change due', amount: money(last.changeMinor), tone: 'change' });
  }

  return {
    heading: phase === 'paid' ? 'Thank you!' : `Order ${order.ticketNumber}`,
    lines,
    totals,
    prompt: cardPrompt(order, phase, card),
  };
}

function cardPrompt(order: OrderView, phase: 'ordering' | 'paid', card: PaymentAttemptView | null): CustomerScreen['prompt'] {
  const text = card ? PROMPTS[card.state] : undefined;
  if (card && text) return { text, amount: formatMoney(card.amountMinor + card.tipMinor, order.currency), tone: 'ask' };
  // The fold lists payments in the order they happened: a declined card last means nothing was paid since.
  const last = order.payments.at(-1);
  if (phase === 'ordering' && last?.method === 'card' && last.status === 'failed')
    return { text: 'Card declined', amount: '', tone: 'refused' };
  return null;
}
