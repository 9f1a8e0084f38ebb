import {
  stepOrder,
  stepTicket,
  type OrderEventType,
  type OrderFacts,
  type OrderState,
  type TicketEventType,
  type TicketState,
} from '../../../shared/machines/index.js';
import type { OrderLineView, OrderView, TicketView } from '../../../shared/order-view.js';
import { fail, NO_SUCH_ORDER, type Refusal } from './result.js';

/**
 * Checks a command against the committed order with the same machine definitions the fold steps,
 * so the station never writes an event its own fold would refuse and hand to the arbiter. Every
 * refusal is a typed error with a sentence a cashier or cook can act on.
 */

const BUSY: ReadonlySet<TicketState> = new Set(['in_progress', 'ready', 'recalled']);

export const statusText = (status: string): string => status.replace('_', ' ');

/** Captured money (amounts and tips) not yet refunded, as the fold's `moneyHeld`. */
export function moneyHeldMinor(view: OrderView): number {
  let held = 0;
  for (const p of view.payments)
    if (p.status === 'captured' || p.status === 'refunded') held += p.amountMinor + p.tipMinor - p.refundedMinor;
  return held;
}

/**
 * The order facts as they stand in the view. Guards that depend on the event's effect (an edit
 * settling the order, a refund emptying the till) are passed as `patch` by the caller; where a
 * guard only picks between two legal targets it does not matter for legality.
 */
export function factsOf(view: OrderView, patch: Partial<OrderFacts> = {}): OrderFacts {
  const hasLines = view.lines.length > 0;
  return {
    hasLines,
    settled: hasLines && view.payments.some((p) => p.status === 'captured') && view.dueMinor === 0,
    nothingDue: hasLines && view.totalMinor === 0,
    kitchenBusy: view.tickets.some((t) => BUSY.has(t.status)),
    moneyHeld: moneyHeldMinor(view) > 0,
    awaitingKitchen: view.tickets.some((t) => t.status === 'cancel_pending'),
    splitMatchesDue: false,
    ...patch,
  };
}

/** The order's next status after `type`, or an `invalid_state` refusal naming what stands in the way. */
export function orderStep(
  view: OrderView,
  type: OrderEventType,
  action: string,
  patch: Partial<OrderFacts> = {},
): { ok: true; next: OrderState } | Refusal {
  const next = stepOrder(view.status, { type, facts: factsOf(view, patch) });
  if (next !== undefined) return { ok: true, next };
  return fail('invalid_state', `Cannot ${action}: order #${view.ticketNumber} is ${statusText(view.status)}`);
}

export function ticketStep(ticket: TicketView, type: TicketEventType, action: string): { ok: true; next: TicketState } | Refusal {
  const next = stepTicket(ticket.status, { type });
  if (next !== undefined) return { ok: true, next };
  return fail('invalid_state', `Cannot ${action}: it is ${statusText(ticket.status)}`);
}

export function requireOrder(view: OrderView | undefined): { ok: true; view: OrderView } | Refusal {
  return view ? { ok: true, view } : fail('not_found', NO_SUCH_ORDER);
}

/** An active line, or `not_found` / `invalid_state` (already voided) with the reason. */
export function requireLine(view: OrderView, lineId: string): { ok: true; line: OrderLineView } | Refusal {
  const line = view.lines.find((l) => l.lineId === lineId);
  if (line) return { ok: true, line };
  const voided = view.voidedLines.find((l) => l.lineId === lineId);
  if (voided) return fail('invalid_state', `${voided.name} is already voided`);
  return fail('not_found', `That line is no longer on order #${view.ticketNumber}: it was voided or changed elsewhere`);
}

export function requireTicket(view: OrderView, ticketId: string): { ok: true; ticket: TicketView } | Refusal {
  const ticket = view.tickets.find((t) => t.ticketId === ticketId);
  return ticket ? { ok: true, ticket } : fail('not_found', `That kitchen ticket is not on order #${view.ticketNumber}`);
}
