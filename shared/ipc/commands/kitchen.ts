import { z } from 'zod';
import { OrderId } from '../../events.js';
import { OrderView } from '../../order-view.js';
import { command } from '../command-spec.js';

const TicketTarget = z.object({ orderId: OrderId, ticketId: z.string().min(1).max(64) }).strict();

/** What a cook does to a ticket on the kitchen display; each answers the order as folded after it. */
export const kitchenCommands = {
  'ticket.start': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  'ticket.ready': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  'ticket.bump': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  /** Brings a bumped ticket back onto the screen. */
  'ticket.recall': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  /** The cook saw the flashing CANCELLED ticket; anything already made is recorded as waste. */
  'ticket.acknowledgeCancel': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
} as const;
