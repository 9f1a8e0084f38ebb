import type { DomainEvent } from '../../../shared/events.js';
import { decodeHlc } from '../../../shared/hlc.js';
import type { OrderView, TicketView } from '../../../shared/order-view.js';
import type { DevicesConfig } from './device-config.js';

/**
 * Which kitchen stations' tickets this station prints: the ones its own `devices.routing` sends to a
 * printer it has, exactly as the print queue would route them (an explicit `routing.kitchen.<station>`
 * entry first, else `routing.kitchenDefault`). That route is the claim: the station that routes "grill"
 * to its printer owns the grill tickets of the whole store, whichever station fired them, and a station
 * that routes a kitchen station nowhere never prints its tickets. A `kitchenDefault` claims every station
 * without a route of its own, so in a store with several stations give it to one of them at most (or to
 * none): the simulated default set has one, which is what a single station wants.
 */
export function kitchenStationsOwned(config: Pick<DevicesConfig, 'printers' | 'routing'>): (station: string) => boolean {
  const printers = new Set(config.printers.map((p) => p.id));
  const explicit = new Map(
    Object.entries(config.routing.kitchen ?? {}).map(([name, route]) => [name.trim().toLowerCase(), route] as const),
  );
  return (station) => {
    const route = explicit.get(station.trim().toLowerCase()) ?? config.routing.kitchenDefault;
    return route !== undefined && (printers.has(route.printer) || (route.fallback !== undefined && printers.has(route.fallback)));
  };
}

export interface KitchenPrintRules {
  /** Whether this station owns the printer of a kitchen station (see `kitchenStationsOwned`). */
  owns: (station: string) => boolean;
  /** Whether the commit was written here: a page from the server or a peer can be stale. */
  local: boolean;
  now: number;
  /** A page that makes a ticket due longer ago than this prints nothing (see `STALE_TICKET_MS`). */
  staleAfterMs: number;
}

/**
 * Tickets that became due longer ago than this are not printed when a page brings them: a station that
 * joins the store, or comes back after a long time off, replays the store's history and must not print
 * it. The kitchen screens still show such a ticket; the log names it.
 */
export const STALE_TICKET_MS = 30 * 60_000;

/** Tickets still waiting to be made: the others (made, bumped, cancelled) need no paper any more. */
const PRINTABLE_TICKET: ReadonlySet<TicketView['status']> = new Set(['queued', 'in_progress', 'recalled']);
/** A counter sale's tickets print once it is paid, with the receipt; a channel order's as they are fired. */
const COUNTER_PRINTS: ReadonlySet<OrderView['status']> = new Set(['paid', 'completed']);
const CHANNEL_PRINTS: ReadonlySet<OrderView['status']> = new Set(['open', 'placed', 'paid', 'completed']);

/**
 * The kitchen tickets of `order` that one commit (any source: a local write, a pulled page, a peer's
 * page) makes due for printing at this station, given the events it brought for that order:
 * - a ticket fired in it (`TicketFired`), once its order prints: a channel order at once, a counter
 *   sale when it is paid;
 * - every ticket of a counter sale whose payment is in it (the sale was paid, or paid elsewhere);
 * - every ticket of an order whose opening event is in it (a peer's tickets can come before the order).
 * Only tickets of kitchen stations this station owns, and still waiting to be made. Whether a ticket
 * already printed here is not decided here: the print job's key is the ticket id
 * (`kitchen-ticket:<ticketId>`), so the second station to fire it, a re-delivered page or a restart
 * queue nothing more. `stale`: owned tickets a page brought too late to print.
 */
export function kitchenTicketsDue(
  order: OrderView,
  events: readonly DomainEvent[],
  rules: KitchenPrintRules,
): { print: string[]; stale: string[] } {
  const counter = order.channel === 'counter';
  if (!(counter ? COUNTER_PRINTS : CHANNEL_PRINTS).has(order.status)) return { print: [], stale: [] };
  const fired = new Set<string>();
  let everyTicket = false;
  let dueAt = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (event.orderId !== order.id) continue;
    let triggers = false;
    if (event.type === 'TicketFired') {
      fired.add(event.payload.ticketId);
      triggers = true;
    } else if (event.type === 'OrderOpened' || (counter && (event.type === 'PaymentCaptured' || event.type === 'PaymentApprovedOffline'))) {
      everyTicket = true;
      triggers = true;
    }
    if (triggers) dueAt = Math.max(dueAt, wallMs(event.hlc));
  }
  const tickets = order.tickets.filter(
    (t) => (everyTicket || fired.has(t.ticketId)) && PRINTABLE_TICKET.has(t.status) && rules.owns(t.station),
  );
  const ids = tickets.map((t) => t.ticketId);
  if (!rules.local && rules.now - dueAt > rules.staleAfterMs) return { print: [], stale: ids };
  return { print: ids, stale: [] };
}

function wallMs(hlc: string): number {
  try {
    return decodeHlc(hlc).wallMs;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}
