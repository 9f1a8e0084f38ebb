import type { AllDayCount, KdsTicket } from './kds-model.js';
import { stationLabel, ticketCode } from './kds-model.js';
import type { Act } from './TicketCard.js';

/** The side column: what to make all day, and (on demand) recently bumped tickets to recall. */
export function KitchenSide({
  counts,
  bumped,
  showRecall,
  act,
}: {
  counts: readonly AllDayCount[];
  bumped: readonly KdsTicket[];
  showRecall: boolean;
  act: Act;
}) {
  return (
    <aside className="kds-side" aria-label="All day">
      <h2>All day</h2>
      {counts.length === 0 ? (
        <p className="empty">Nothing to make</p>
      ) : (
        <ul role="list" className="all-day">
          {counts.map((c) => (
            <li key={c.name}>
              <span className="all-day-qty">{c.quantity}</span> {c.name}
            </li>
          ))}
        </ul>
      )}
      {showRecall && (
        <section id="kds-recall" className="kds-recall" aria-label="Recently bumped">
          <h2>Recently bumped</h2>
          {bumped.length === 0 ? (
            <p className="empty">Nothing bumped yet</p>
          ) : (
            <ul role="list">
              {bumped.map((t) => (
                <li key={t.key}>
                  {/* The name starts with what the button shows, so "Recall #12" works by voice as well as by screen reader. */}
                  <button type="button" onClick={() => act('ticket.recall', t)}>
                    <span className="visually-hidden">Recall ticket {t.ticketNumber} </span>#{ticketCode(t)} · {stationLabel(t.station)} ·{' '}
                    {t.lines
                      .filter((l) => !l.voided)
                      .map((l) => `${l.quantity}× ${l.name}`)
                      .join(', ')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </aside>
  );
}
