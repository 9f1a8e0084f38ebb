import { z } from 'zod';
import { eventSchema, KitchenStation, LineId, TicketId } from './envelope.js';

/** Lines sent to one kitchen station; the KDS shows one card per ticket. */
export const TicketFired = eventSchema(
  'TicketFired',
  1,
  z.object({ ticketId: TicketId, station: KitchenStation, lineIds: z.array(LineId).min(1).max(200) }),
);

const ticketOnly = z.object({ ticketId: TicketId });
export const TicketStarted = eventSchema('TicketStarted', 1, ticketOnly);
export const TicketReady = eventSchema('TicketReady', 1, ticketOnly);
export const TicketBumped = eventSchema('TicketBumped', 1, ticketOnly);
export const TicketRecalled = eventSchema('TicketRecalled', 1, ticketOnly);
/** A cook saw the flashing CANCELLED ticket; anything already made is recorded as waste. */
export const TicketCancelAcknowledged = eventSchema('TicketCancelAcknowledged', 1, ticketOnly);

const ticketLine = z.object({ ticketId: TicketId, lineId: LineId });
/**
 * A cook finished one item of a started (or ready, or recalled) ticket: the KDS strikes it through.
 * Bumping the ticket counts every item as done, so a bump needs no TicketLineDone per line.
 */
export const TicketLineDone = eventSchema('TicketLineDone', 1, ticketLine);
/** A done mark taken back (tapped by mistake, or the dish has to be redone) while the ticket is on the screen. */
export const TicketLineUndone = eventSchema('TicketLineUndone', 1, ticketLine);
