import type { CurrentEvent } from '../events.js';
import { Scenario } from '../scenario.js';

/**
 * A realistic order of exactly `size` events: a dine-in table rung up over several rounds, with
 * changes, voids, notes and a discount, tickets fired per round and worked by the kitchen.
 * Deterministic for a given seed.
 */
export function realisticOrder(size: number, seed: number): CurrentEvent[] {
  const sc = new Scenario({ seed, startMs: 1_700_000_000_000 + seed * 10_000 });
  sc.open('station-a', { orderType: 'dine_in', ticketNumber: 1 + (seed % 9999) });
  let round: string[] = [];
  let placed = false;
  const tax = { ratePpm: 100_000, included: true };
  // The last event is the discount.
  while (sc.events.length < size - 1) {
    const i = sc.events.length;
    const room = size - 1 - i;
    const kind = i % 10;
    if (kind < 5 || round.length === 0 || ((kind === 7 || kind === 8) && room < 4)) {
      const line = sc.line('station-a', { name: `Dish ${i % 12}`, priceMinor: 450 + (i % 7) * 110, station: i % 2 ? 'grill' : 'bar', tax });
      round.push(line.payload.lineId);
    } else if (kind === 5) {
      sc.emit('station-a', { type: 'LineChanged', v: 1, payload: { lineId: round[round.length - 1]!, quantity: 2 } });
    } else if (kind === 6 && round.length > 1) {
      sc.emit('station-a', { type: 'LineVoided', v: 1, payload: { lineId: round.pop()!, reason: 'guest changed mind' } });
    } else if (kind === 7 && !placed) {
      sc.place('station-a');
      placed = true;
    } else if (kind === 7 || kind === 8) {
      if (!placed) {
        sc.place('station-a');
        placed = true;
      }
      const ticket = sc.fire('station-a', 'grill', round);
      round = [];
      sc.kitchen('kds-grill', 'TicketStarted', ticket.payload.ticketId);
      sc.kitchen('kds-grill', 'TicketBumped', ticket.payload.ticketId);
    } else {
      sc.emit('station-a', { type: 'OrderNoteSet', v: 1, payload: { note: `round ${i}` } });
    }
  }
  sc.emit('station-a', {
    type: 'DiscountApplied',
    v: 1,
    payload: { discountId: sc.id(), target: { kind: 'order' }, amount: { kind: 'percent', bp: 1000 }, reason: 'regular guest' },
  });
  return sc.events;
}
