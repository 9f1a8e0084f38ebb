import type { CurrentNewEvent } from '../../../shared/events.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';
import { ticketIdFor } from '../../../shared/ticket-id.js';

/** The kitchen station a line goes to, or undefined for lines handed over at the counter. */
export type LineRouter = (line: OrderLineView) => string | undefined;

/** Without routing settings: the station the catalog gave the line when it was rung up. */
export const catalogStation: LineRouter = (line) => line.kitchenStation;

/**
 * One TicketFired per kitchen station for the lines not yet on a ticket, in the order the lines were
 * rung up. Lines the router sends nowhere are handed over at the counter and never fired. The caller
 * puts these after the event that makes firing legal (OrderPlaced or the settling payment): the order
 * machine accepts TicketFired only in `placed` and `paid`. Ticket ids come from the order, the station
 * and the lines (`ticketIdFor`), never from this station's random source: any station firing the same
 * lines writes the same ticket, and the fold keeps it once.
 */
export function ticketsToFire(order: Pick<OrderView, 'id' | 'lines'>, route: LineRouter = catalogStation): CurrentNewEvent[] {
  const byStation = new Map<string, string[]>();
  for (const line of order.lines) {
    if (line.ticketId !== undefined) continue;
    const station = route(line);
    if (station === undefined) continue;
    const ids = byStation.get(station) ?? [];
    ids.push(line.lineId);
    byStation.set(station, ids);
  }
  const events: CurrentNewEvent[] = [];
  for (const [station, lineIds] of byStation) {
    // TicketFired carries at most 200 lines; a bigger round goes out as several tickets for the station.
    for (let i = 0; i < lineIds.length; i += 200) {
      const chunk = lineIds.slice(i, i + 200);
      events.push({ type: 'TicketFired', v: 1, payload: { ticketId: ticketIdFor(order.id, station, chunk), station, lineIds: chunk } });
    }
  }
  return events;
}

export const hasUnfiredKitchenLines = (view: OrderView, route: LineRouter = catalogStation): boolean =>
  view.lines.some((l) => l.ticketId === undefined && route(l) !== undefined);
