import type { OrderView } from '../../../shared/order-view.js';
import { orderTypeLabel, summarizeLines } from '../ui/labels.js';
import { formatAge, ticketAgeMs, urgency } from './ticket-age.js';

export function TicketCard({ order, nowMs }: { order: OrderView; nowMs: number }) {
  const age = ticketAgeMs(order.openedAt, nowMs);
  return (
    <article aria-label={`Ticket ${order.ticketNumber}`} className={`ticket ticket-${urgency(age)}`}>
      <header className="ticket-head">
        <span className="ticket-number" aria-hidden="true">
          {order.ticketNumber}
        </span>
        <span className="ticket-type">{orderTypeLabel[order.orderType]}</span>
        <span className="ticket-age">{formatAge(age)}</span>
      </header>
      <ul role="list" className="ticket-lines">
        {summarizeLines(order.lines).map((line) => (
          <li key={line.key}>{`${line.quantity} × ${line.name}`}</li>
        ))}
      </ul>
      {/* Conflicts are shown, never silently resolved: the kitchen may be about to cook a voided line. */}
      {order.conflicts.map((conflict, index) => (
        <p key={index} className="ticket-conflict">
          ⚠ {conflict.outcome}
        </p>
      ))}
    </article>
  );
}
