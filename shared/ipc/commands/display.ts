import { z } from 'zod';
import { OrderId } from '../../events.js';
import { command } from '../command-spec.js';

/**
 * Which order the cashier has on screen, as the customer display follows it. Recalling an order, parking
 * one or starting the next writes no event, so the display cannot infer it from the order log alone.
 */
export const CustomerFacingView = z.object({ orderId: OrderId.nullable() });
export type CustomerFacingView = z.infer<typeof CustomerFacingView>;

export const displayCommands = {
  /** The cashier window names the order it shows (null: none, the next guest is welcome). */
  'display.show': command({ args: z.object({ orderId: OrderId.nullable() }).strict(), result: CustomerFacingView, roles: ['cashier'] }),
  /** What the cashier shows now: a customer display that (re)connects starts from here. */
  'display.current': command({ args: z.object({}).strict(), result: CustomerFacingView, roles: ['customer'] }),
} as const;
