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
