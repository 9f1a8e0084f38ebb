import { memo } from 'react';
import type { TicketCommand } from './kds-actions-machine.js';
import {
  allLinesDone,
  canMarkLines,
  cardName,
  needsAcknowledge,
  ticketAge,
  ticketCode,
  timerColour,
  type KdsTicket,
  type TimerThresholds,
} from './kds-model.js';
import { CancelBanner, KdsNote, TicketLines, TicketMeta, CardHead, type ToggleLine } from './TicketParts.js';

export type Act = (command: TicketCommand, ticket: KdsTicket) => void;

export function TicketButtons({ ticket, act, suffix }: { ticket: KdsTicket; act: Act; suffix: string }) {
  if (ticket.ticketId === null) return <p className="kds-unfired">Waiting for the station to fire this ticket</p>;
  const name = `ticket ${ticket.ticketNumber}${suffix}`;
  const allDone = allLinesDone(ticket);
  if (needsAcknowledge(ticket)) {
    return (
      <div className="kds-actions">
        <button type="button" className="ack" aria-label={`Acknowledge ${name}`} onClick={() => act('ticket.acknowledgeCancel', ticket)}>
          Acknowledge
        </button>
      </div>
    );
  }
  const canStart = ticket.status === 'queued' || ticket.status === 'recalled';
  return (
    <div className="kds-actions">
      {canStart && (
        <button type="button" aria-label={`Start ${name}`} onClick={() => act('ticket.start', ticket)}>
          Start
        </button>
      )}
      {ticket.status === 'in_progress' && (
        <button type="button" aria-label={`Ready ${name}`} onClick={() => act('ticket.ready', ticket)}>
          Ready
        </button>
      )}
      <button
        type="button"
        className={allDone ? 'bump all-done' : 'bump'}
        aria-label={`Bump ${name}`}
        onClick={() => act('ticket.bump', ticket)}
      >
        {allDone ? 'All done — Bump' : 'Bump'}
      </button>
    </div>
  );
}

export function cardClass(colour: string, cancelled: boolean, focused: boolean): string {
  return `kds-card timer-border-${colour}${cancelled ? ' kds-cancelled' : ''}${focused ? ' kds-focused' : ''}`;
}

export interface CardProps {
  index: number;
  focused: boolean;
  now: number;
  thresholds: TimerThresholds;
  act: Act;
  toggleLine: ToggleLine;
  onFocus: (index: number) => void;
}

/**
 * One kitchen ticket of one station. Named "Ticket N" for people and tests alike. Memoized: with 200
 * tickets on screen a push for one order must re-render one card (the ticket objects of unchanged
 * orders are reused by the model).
 */
export const TicketCard = memo(function TicketCard({
  ticket,
  index,
  focused,
  now,
  thresholds,
  act,
  toggleLine,
  onFocus,
}: CardProps & { ticket: KdsTicket }) {
  const age = ticketAge(ticket, now);
  const colour = timerColour(age, thresholds);
  const cancelled = needsAcknowledge(ticket);
  return (
    <article
      aria-label={cardName(ticket)}
      aria-current={focused ? 'true' : undefined}
      className={cardClass(colour, cancelled, focused)}
      tabIndex={focused ? 0 : -1}
      data-kds-index={index}
      onFocus={() => onFocus(index)}
    >
      <CardHead index={index} code={ticketCode(ticket)} ageMs={age} colour={colour} />
      {cancelled && <CancelBanner ticket={ticket} />}
      <TicketMeta ticket={ticket} showStation={false} />
      {ticket.orderNote && <KdsNote label="Order note" note={ticket.orderNote} />}
      <TicketLines lines={ticket.lines} {...(canMarkLines(ticket) ? { ticket, toggle: toggleLine } : {})} />
      <TicketButtons ticket={ticket} act={act} suffix="" />
    </article>
  );
});
