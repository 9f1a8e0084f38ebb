import type { ConflictView, OrderView } from '../../../shared/order-view.js';
import { stationLabel } from '../kitchen/kds-model.js';

/**
 * The arbiter's outcome as staff read it. The recorded outcome names tickets, lines and payments by
 * the last characters of their ids ("ticket 7e702a"): right for the audit trail, meaningless at the
 * counter. Here a ticket becomes its kitchen station's ("the Bar ticket"), and other ids are dropped.
 */
export function staffOutcome(conflict: Pick<ConflictView, 'outcome'>, order: Pick<OrderView, 'tickets'>): string {
  return (
    conflict.outcome
      // Ids are shortened to their last six hex digits (`short` in the arbiter); plain words do not look like that.
      .replace(/\bticket ([0-9a-f]{6})\b/g, (_whole, id: string) => {
        const ticket = order.tickets.find((t) => t.ticketId.endsWith(id));
        return ticket ? `the ${stationLabel(ticket.station)} ticket` : 'a kitchen ticket';
      })
      .replace(/\b(line|payment) [0-9a-f]{6}\b/g, (_whole, kind: string) => `a ${kind}`)
      .replace(/^./, (first) => first.toUpperCase())
  );
}
