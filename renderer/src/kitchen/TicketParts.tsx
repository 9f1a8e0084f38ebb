import type { KdsLine, KdsTicket, TimerColour } from './kds-model.js';
import { channelLabel, formatTimer, stationLabel, statusLabel } from './kds-model.js';
import { orderTypeLabel } from '../ui/labels.js';

export function ChannelBadge({ ticket }: { ticket: Pick<KdsTicket, 'channel'> }) {
  return <span className={`badge badge-${ticket.channel}`}>{channelLabel[ticket.channel]}</span>;
}

export function TicketTimer({ ageMs, colour }: { ageMs: number; colour: TimerColour }) {
  return (
    <span className={`timer timer-${colour}`} aria-label={`Waiting ${formatTimer(ageMs)}`}>
      {formatTimer(ageMs)}
    </span>
  );
}

export function TicketLines({ lines }: { lines: readonly KdsLine[] }) {
  return (
    <ul role="list" className="kds-lines">
      {lines.map((line) => (
        <li key={line.lineId} className={line.voided ? 'kds-line voided' : 'kds-line'}>
          {line.voided ? (
            <>
              <s>{`${line.quantity} × ${line.name}`}</s> <span className="void-tag">VOID</span>
            </>
          ) : (
            <span className="kds-item">{`${line.quantity} × ${line.name}`}</span>
          )}
          {line.modifiers.length > 0 && (
            <ul role="list" className="kds-mods">
              {line.modifiers.map((m, i) => (
                <li key={i}>
                  <strong>{m}</strong>
                </li>
              ))}
            </ul>
          )}
          {line.note && <p className="kds-note">Note: {line.note}</p>}
        </li>
      ))}
    </ul>
  );
}

export function TicketMeta({ ticket, showStation }: { ticket: KdsTicket; showStation: boolean }) {
  return (
    <div className="kds-meta">
      {!showStation && <ChannelBadge ticket={ticket} />}
      {!showStation && <span>{orderTypeLabel[ticket.orderType]}</span>}
      {ticket.customerName && <span className="kds-customer">{ticket.customerName}</span>}
      {showStation && <span className="kds-station">{stationLabel(ticket.station)}</span>}
      <span className={`kds-status kds-status-${ticket.status}`}>{ticket.ticketId === null ? 'Not fired' : statusLabel[ticket.status]}</span>
    </div>
  );
}
