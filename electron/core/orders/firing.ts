import { fnv1a64 } from '../../../shared/canonical.js';
import type { CurrentNewEvent } from '../../../shared/events.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';

/** The kitchen station a line goes to, or undefined for lines handed over at the counter. */
export type LineRouter = (line: OrderLineView) => string | undefined;

/** Without routing settings: the station the catalog gave the line when it was rung up. */
export const catalogStation: LineRouter = (line) => line.kitchenStation;

/**
 * One TicketFired per kitchen station for the lines not yet on a ticket, in the order the lines were
 * rung up. Lines the router sends nowhere are handed over at the counter and never fired. The caller
 * puts these after the event that makes firing legal (OrderPlaced or the settling payment): the order
 * machine accepts TicketFired only in `placed` and `paid`. `ticketId` names each new ticket from its
 * station and lines (random ids by default; see `deterministicTicketId` for channel orders).
 */
export function ticketsToFire(
  lines: readonly OrderLineView[],
  newId: () => string,
  route: LineRouter = catalogStation,
  ticketId: (station: string, lineIds: readonly string[]) => string = () => newId(),
): CurrentNewEvent[] {
  const byStation = new Map<string, string[]>();
  for (const line of lines) {
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
      events.push({ type: 'TicketFired', v: 1, payload: { ticketId: ticketId(station, chunk), station, lineIds: chunk } });
    }
  }
  return events;
}

export const hasUnfiredKitchenLines = (view: OrderView, route: LineRouter = catalogStation): boolean =>
  view.lines.some((l) => l.ticketId === undefined && route(l) !== undefined);

/**
 * A UUIDv7 that every station computes alike for the same order, station and lines. When two stations
 * both fire a web order they pulled, their TicketFired events carry the same ticket id, so the merge
 * log keeps one ticket and records the other as "already fired" instead of showing the dish twice.
 * The time part is the order's opening; the rest is a hash of what the ticket holds.
 */
export function deterministicTicketId(orderId: string, station: string, lineIds: readonly string[], atMs: number): string {
  const key = `${orderId}|${station}|${lineIds.join(',')}`;
  const hash = fnv1a64(key) + fnv1a64(`${key}#2`);
  const time = Math.max(0, Math.min(atMs, 2 ** 48 - 1))
    .toString(16)
    .padStart(12, '0');
  const variant = ((parseInt(hash[3]!, 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hash.slice(0, 3)}-${variant}${hash.slice(4, 7)}-${hash.slice(7, 19)}`;
}
