import type { CurrentNewEvent } from '../../../shared/events.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';

/**
 * One TicketFired per kitchen station for the lines not yet on a ticket, in the order the lines were
 * rung up. Lines without a station are handed over at the counter and never fired. The caller puts
 * these after the event that makes firing legal (OrderPlaced or the settling payment): the order
 * machine accepts TicketFired only in `placed` and `paid`.
 */
export function ticketsToFire(lines: readonly OrderLineView[], newId: () => string): CurrentNewEvent[] {
  const byStation = new Map<string, string[]>();
  for (const line of lines) {
    if (line.ticketId !== undefined || line.kitchenStation === undefined) continue;
    const ids = byStation.get(line.kitchenStation) ?? [];
    ids.push(line.lineId);
    byStation.set(line.kitchenStation, ids);
  }
  const events: CurrentNewEvent[] = [];
  for (const [station, lineIds] of byStation) {
    // TicketFired carries at most 200 lines; a bigger round goes out as several tickets for the station.
    for (let i = 0; i < lineIds.length; i += 200) {
      events.push({ type: 'TicketFired', v: 1, payload: { ticketId: newId(), station, lineIds: lineIds.slice(i, i + 200) } });
    }
  }
  return events;
}

export const hasUnfiredKitchenLines = (view: OrderView): boolean =>
  view.lines.some((l) => l.ticketId === undefined && l.kitchenStation !== undefined);
