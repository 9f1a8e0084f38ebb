import { createSelector } from '@reduxjs/toolkit';
import type { Clock } from '../../../shared/clock.js';
import { useAppSelector } from '../store/hooks.js';
import { kitchenTickets, orderSelectors } from '../store/orders-slice.js';
import type { RootState } from '../store/store.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { StationHeader } from '../ui/StationHeader.js';
import { TicketCard } from './TicketCard.js';
import { useNow } from './use-now.js';

// Memoized so the ticket list is a new array only when the orders changed, not on every render.
const selectTickets = createSelector([(s: RootState) => s.orders], (orders) => kitchenTickets(orderSelectors.selectAll(orders)));

export function KitchenWindow({ clock, tickMs }: { clock?: Clock; tickMs?: number }) {
  const tickets = useAppSelector(selectTickets);
  const now = useNow(clock, tickMs);
  return (
    <div className="window kitchen">
      <StationHeader title="Kitchen">
        <span className="ticket-count">{tickets.length === 1 ? '1 ticket' : `${tickets.length} tickets`}</span>
      </StationHeader>
      <AlertRegion />
      <main className="tickets">
        {tickets.length === 0 ? (
          <p className="empty">No open tickets</p>
        ) : (
          tickets.map((order) => <TicketCard key={order.id} order={order} nowMs={now} />)
        )}
      </main>
    </div>
  );
}
