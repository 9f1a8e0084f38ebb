import { z } from 'zod';
import { CatalogItemId } from '../../catalog.js';
import { command } from '../command-spec.js';

/** One item's availability as this station sees it: marked sold out, or counted down from a count left. */
export const ItemAvailabilityView = z
  .object({
    itemId: CatalogItemId,
    soldOut: z.boolean(),
    /** Units left; null when no count is kept. */
    left: z.int().nonnegative().nullable(),
    /** Units sold beyond the count (two counters sold the last unit apart): flagged under `oversoldRule`. */
    oversoldUnits: z.int().nonnegative(),
    setBy: z.string().optional(),
  })
  .strict();
export type ItemAvailabilityView = z.infer<typeof ItemAvailabilityView>;

export const AvailabilityView = z
  .object({
    /** Items with an entry; an item not listed sells without limit. */
    items: z.array(ItemAvailabilityView),
    /** The arbiter rule for an oversold count, for the till to show when `oversoldUnits` > 0. */
    oversoldRule: z.object({ name: z.string(), resolution: z.string() }).strict(),
  })
  .strict();
export type AvailabilityView = z.infer<typeof AvailabilityView>;

/** "86": a cashier or a cook marks an item sold out, available again, or sets a count left. */
export const SetAvailabilityArgs = z
  .object({
    itemId: CatalogItemId,
    soldOut: z.boolean(),
    /** Units left from now on; absent: no count kept. 0 is sold out until recounted. */
    count: z.int().min(0).max(100_000).optional(),
  })
  .strict();

export const menuCommands = {
  'menu.availability': command({ args: z.object({}).strict(), result: AvailabilityView, roles: ['cashier', 'kitchen', 'diagnostics'] }),
  'menu.setAvailability': command({ args: SetAvailabilityArgs, result: AvailabilityView, roles: ['cashier', 'kitchen'] }),
} as const;
