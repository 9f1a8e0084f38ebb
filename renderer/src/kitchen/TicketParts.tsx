import { memo } from 'react';
import type { KdsLine, KdsModifier, KdsTicket, TimerColour } from './kds-model.js';
import { channelLabel, formatTimer, isAllergyNote, stationLabel, statusLabel } from './kds-model.js';
import { orderTypeLabel } from '../ui/labels.js';

export function ChannelBadge({ ticket }: { ticket: Pick<KdsTicket, 'channel'> }) {
  return <span className={`badge badge-${ticket.channel}`}>{channelLabel[ticket.channel]}</span>;
}

/** A card's head: its bump-bar position (1–9), the ticket code and how long it has waited. */
export function CardHead({ index, code, ageMs, colour }: { index: number; code: string; ageMs: number; colour: TimerColour }) {
  return (
    <header className="kds-card-head">
      <span className="kds-position" aria-hidden="true">
        {index < 9 ? index + 1 : ''}
      </span>
      <span className="kds-number">#{code}</span>
      <TicketTimer ageMs={ageMs} colour={colour} />
    </header>
  );
}

export function TicketTimer({ ageMs, colour }: { ageMs: number; colour: TimerColour }) {
  return (
    <span className={`timer timer-${colour}`} aria-label={`Waiting ${formatTimer(ageMs)}`}>
      {formatTimer(ageMs)}
    </span>
  );
}

/** A cook ticks an item off (or back): the window sends ticket.lineDone / ticket.lineUndone. */
export type ToggleLine = (ticket: KdsTicket, line: KdsLine) => void;

function lineClass(line: KdsLine): string {
  return `kds-line${line.voided ? ' voided' : line.done ? ' done' : ''}`;
}

/** Done reads "✓ DONE" (dimmed, not struck); voided reads "VOID" (struck in red): never confused. */
function DoneTag() {
  return <span className="done-tag"> ✓ DONE</span>;
}

/**
 * A removal reads "− onion" and a paid extra "+ Cheddar", each named in words for screen readers
 * ("Without onion", "Extra: Cheddar"); a plain choice ("Medium rare") is just its name.
 */
function Modifier({ modifier: m }: { modifier: KdsModifier }) {
  if (m.kind === 'remove')
    return (
      <li className="kds-mod kds-mod-remove" aria-label={`Without ${m.label}`}>
        <strong>{`− ${m.label}`}</strong>
      </li>
    );
  if (m.kind === 'add')
    return (
      <li className="kds-mod kds-mod-add" aria-label={`Extra: ${m.label}`}>
        <strong>{`+ ${m.label}`}</strong>
      </li>
    );
  return (
    <li className="kds-mod kds-mod-choice">
      <strong>{m.label}</strong>
    </li>
  );
}

/** A line's or the order's note; one with allergy words is a loud warning named "Allergy note". */
export function KdsNote({ label, note }: { label: string; note: string }) {
  if (!isAllergyNote(note))
    return (
      <p className="kds-note">
        {label}: {note}
      </p>
    );
  return (
    <p className="kds-note kds-allergy" role="note" aria-label="Allergy note">
      <span className="kds-allergy-tag">⚠ ALLERGY</span> {label}: {note}
    </p>
  );
}

/**
 * Memoized: the lines of an unchanged ticket are the same array, so the clock's tick skips them.
 * With `toggle`, each item still to make is a toggle button: tap (or Tab and Enter) ticks it off.
 */
export const TicketLines = memo(function TicketLines({
  lines,
  ticket,
  toggle,
}: {
  lines: readonly KdsLine[];
  ticket?: KdsTicket;
  toggle?: ToggleLine;
}) {
  return (
    <ul role="list" className="kds-lines">
      {lines.map((line) => (
        <li key={line.lineId} className={lineClass(line)}>
          {line.voided ? (
            <>
              <s>{`${line.quantity} × ${line.name}`}</s> <span className="void-tag">VOID</span>
            </>
          ) : ticket && toggle ? (
            <button
              type="button"
              className="kds-item kds-item-toggle"
              aria-pressed={line.done}
              title={line.done ? 'Done: tap to take back' : 'Tap when done'}
              onClick={() => toggle(ticket, line)}
            >
              {`${line.quantity} × ${line.name}`}
              {line.done && <DoneTag />}
            </button>
          ) : (
            <span className="kds-item">
              {`${line.quantity} × ${line.name}`}
              {line.done && <DoneTag />}
            </span>
          )}
          {line.modifiers.length > 0 && (
            <ul role="list" className="kds-mods">
              {line.modifiers.map((m, i) => (
                <Modifier key={i} modifier={m} />
              ))}
            </ul>
          )}
          {line.note && <KdsNote label="Note" note={line.note} />}
        </li>
      ))}
    </ul>
  );
});

export function TicketMeta({ ticket, showStation }: { ticket: KdsTicket; showStation: boolean }) {
  return (
    <div className="kds-meta">
      {!showStation && <ChannelBadge ticket={ticket} />}
      {!showStation && <span>{orderTypeLabel[ticket.orderType]}</span>}
      {!showStation && ticket.tableNumber && <span className="kds-table">Table {ticket.tableNumber}</span>}
      {!showStation && ticket.customerName && <span className="kds-customer">{ticket.customerName}</span>}
      {showStation && <span className="kds-station">{stationLabel(ticket.station)}</span>}
      <span className={`kds-status kds-status-${ticket.status}`}>
        {ticket.ticketId === null ? 'Not fired' : statusLabel[ticket.status]}
      </span>
    </div>
  );
}

/**
 * The flashing CANCELLED banner, with who asked and why. A ticket only flashes when the kitchen had
 * already started it (a queued one is simply cancelled): the arbiter's outcome, in the cook's words.
 */
export function CancelBanner({ ticket }: { ticket: Pick<KdsTicket, 'cancelNote'> }) {
  return (
    <div className="kds-cancel-banner">
      <p>CANCELLED — stop and acknowledge</p>
      {ticket.cancelNote && <p className="kds-cancel-why">{ticket.cancelNote}</p>}
      <p className="kds-cancel-why">Already in the works: anything made is logged as waste</p>
    </div>
  );
}
