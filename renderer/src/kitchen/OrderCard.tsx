import { memo, useId } from 'react';
import { orderTypeLabel } from '../ui/labels.js';
import {
  canMarkLines,
  cardName,
  expoBumpBlocker,
  needsAcknowledge,
  stationLabel,
  ticketCode,
  timerColour,
  type KdsOrderGroup,
  type StationPart,
} from './kds-model.js';
import { cardClass, TicketButtons, type CardProps } from './TicketCard.js';
import { CancelBanner, ChannelBadge, KdsNote, TicketLines, TicketMeta, CardHead } from './TicketParts.js';

type OrderCardProps = CardProps & { group: KdsOrderGroup; expo: boolean };

/** Groups are rebuilt on every change; a group whose tickets are the same objects renders the same. */
function sameOrderCard(a: OrderCardProps, b: OrderCardProps): boolean {
  const { group: ga, ...restA } = a;
  const { group: gb, ...restB } = b;
  const keys = Object.keys(restA) as (keyof typeof restA)[];
  if (keys.some((k) => restA[k] !== restB[k])) return false;
  return (
    ga.allReady === gb.allReady &&
    sameParts(ga.parts, gb.parts) &&
    ga.firedAtMs === gb.firedAtMs &&
    ga.tickets.length === gb.tickets.length &&
    ga.tickets.every((t, i) => t === gb.tickets[i])
  );
}

function sameParts(a: readonly StationPart[], b: readonly StationPart[]): boolean {
  return a.length === b.length && a.every((p, i) => p.station === b[i]!.station && p.state === b[i]!.state && p.ready === b[i]!.ready);
}

/** Expo: each station's part of the order and how far it is ("Grill: Ready", "Bar: Cooking"). */
function StationReadiness({ parts }: { parts: readonly StationPart[] }) {
  return (
    <ul role="list" className="kds-readiness" aria-label="Station readiness">
      {parts.map((p) => (
        <li key={p.station} className={p.ready ? 'kds-part-ready' : 'kds-part-waiting'}>
          {`${stationLabel(p.station)}: ${p.state}`}
        </li>
      ))}
    </ul>
  );
}

/** "All" and expo: one card per order holding each station's part, still named "Ticket N". */
export const OrderCard = memo(function OrderCard({
  group,
  expo,
  index,
  focused,
  now,
  thresholds,
  act,
  toggleLine,
  onFocus,
}: OrderCardProps) {
  const age = Math.max(0, now - group.firedAtMs);
  const colour = timerColour(age, thresholds);
  const cancelled = group.tickets.some(needsAcknowledge);
  const first = group.tickets[0]!;
  const bumpable = group.tickets.filter((t) => t.ticketId !== null && !needsAcknowledge(t));
  // Expo sends the order out whole: the bump waits until every station's part is ready, and says why.
  const blocker = expoBumpBlocker(group);
  const reasonId = useId();
  return (
    <article
      aria-label={cardName(first)}
      aria-current={focused ? 'true' : undefined}
      className={cardClass(colour, cancelled, focused) + (expo && group.allReady ? ' kds-all-ready' : '')}
      tabIndex={focused ? 0 : -1}
      data-kds-index={index}
      onFocus={() => onFocus(index)}
    >
      <CardHead index={index} code={ticketCode(first)} ageMs={age} colour={colour} />
      <div className="kds-meta">
        <ChannelBadge ticket={first} />
        <span>{orderTypeLabel[first.orderType]}</span>
        {first.tableNumber && <span className="kds-table">Table {first.tableNumber}</span>}
        {first.customerName && <span className="kds-customer">{first.customerName}</span>}
      </div>
      {cancelled && <CancelBanner ticket={first} />}
      {first.orderNote && <KdsNote label="Order note" note={first.orderNote} />}
      {expo && <StationReadiness parts={group.parts} />}
      {group.tickets.map((ticket) => (
        <section key={ticket.key} className="kds-part" aria-label={stationLabel(ticket.station)}>
          <TicketMeta ticket={ticket} showStation />
          <TicketLines lines={ticket.lines} {...(!expo && canMarkLines(ticket) ? { ticket, toggle: toggleLine } : {})} />
          {!expo && <TicketButtons ticket={ticket} act={act} suffix={` (${stationLabel(ticket.station)})`} />}
          {expo && needsAcknowledge(ticket) && <TicketButtons ticket={ticket} act={act} suffix={` (${stationLabel(ticket.station)})`} />}
        </section>
      ))}
      {expo && (
        <div className="kds-expo-bump">
          {blocker !== undefined && (
            <p id={reasonId} className="kds-bump-blocked">
              {blocker}
            </p>
          )}
          <div className="kds-actions">
            <button
              type="button"
              className="bump"
              disabled={blocker !== undefined || bumpable.length === 0}
              aria-label={`Bump order ${group.ticketNumber}`}
              aria-describedby={blocker !== undefined ? reasonId : undefined}
              onClick={() => bumpable.forEach((t) => act('ticket.bump', t))}
            >
              {blocker === undefined ? 'Bump order — all ready' : 'Bump order'}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}, sameOrderCard);
