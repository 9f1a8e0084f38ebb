import { z } from 'zod';
import { OrderId } from '../../events.js';
import { OrderView } from '../../order-view.js';
import { command } from '../command-spec.js';
import { Pin } from './staff.js';

const TicketTarget = z.object({ orderId: OrderId, ticketId: z.string().min(1).max(64) }).strict();
const TicketLineTarget = z.object({ orderId: OrderId, ticketId: z.string().min(1).max(64), lineId: z.string().min(1).max(64) }).strict();

/** What a cook does to a ticket on the kitchen display; each answers the order as folded after it. */
const ticketCommands = {
  'ticket.start': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  'ticket.ready': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  'ticket.bump': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  /** Brings a bumped ticket back onto the screen. */
  'ticket.recall': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  /** The cook saw the flashing CANCELLED ticket; anything already made is recorded as waste. */
  'ticket.acknowledgeCancel': command({ args: TicketTarget, result: OrderView, roles: ['kitchen'] }),
  /** Ticks one item off; on a ticket nobody started yet, starts it on the way. */
  'ticket.lineDone': command({ args: TicketLineTarget, result: OrderView, roles: ['kitchen'] }),
  /** Takes an item's tick back, until the ticket is bumped. */
  'ticket.lineUndone': command({ args: TicketLineTarget, result: OrderView, roles: ['kitchen'] }),
} as const;

/** A kitchen station's name as routing settings write it: "grill", "cold-side". */
export const KitchenStationName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'station: lowercase letters, digits, _ and -, up to 40');

/** Where a category's or item's lines go: a station, or null for "handed over at the counter, never fired". */
const RouteTarget = KitchenStationName.nullable();

/**
 * Which kitchen station prepares what, kept in the station's database. An item's own entry wins over
 * its category's, which wins over the station the catalog names. `fireChannelOrders`: this station sends
 * web and mobile orders, which arrive without tickets, to the kitchen as soon as it pulls them.
 */
export const KitchenRouting = z
  .object({
    stations: z.array(KitchenStationName).max(20),
    byCategory: z.record(z.string().min(1).max(40), RouteTarget),
    byItem: z.record(z.string().min(1).max(64), RouteTarget),
    fireChannelOrders: z.boolean(),
  })
  .strict()
  .superRefine((routing, ctx) => {
    if (new Set(routing.stations).size !== routing.stations.length)
      ctx.addIssue({ code: 'custom', message: 'a station is listed twice', path: ['stations'] });
    for (const [field, table] of [
      ['byCategory', routing.byCategory],
      ['byItem', routing.byItem],
    ] as const) {
      for (const [key, station] of Object.entries(table)) {
        if (station !== null && !routing.stations.includes(station)) {
          ctx.addIssue({ code: 'custom', message: `${key} goes to "${station}", which is not in the station list`, path: [field, key] });
        }
      }
    }
  });
export type KitchenRouting = z.infer<typeof KitchenRouting>;

export const KitchenRoutingView = z.object({
  routing: KitchenRouting,
  /** The catalog's categories and items, with the station each one's lines go to now (null: counter). */
  categories: z.array(z.object({ name: z.string(), station: KitchenStationName.nullable() })),
  items: z.array(z.object({ id: z.string(), name: z.string(), category: z.string(), station: z.string().nullable() })),
  /**
   * The store routing document followed (routing is store data, the same at every station): its
   * version, the station it was edited at and when. Null: no one has saved routing for the store
   * yet, the catalog's defaults apply.
   */
  source: z.object({ version: z.int().positive(), author: z.string(), editedAtMs: z.number() }).nullable().optional(),
});
export type KitchenRoutingView = z.infer<typeof KitchenRoutingView>;

/** Kitchen stations and routing: read by every kitchen screen (its station list), changed in settings. */
const kitchenRoutingCommands = {
  'kitchen.routing': command({ args: z.object({}).strict(), result: KitchenRoutingView, roles: ['cashier', 'kitchen', 'diagnostics'] }),
  'kitchen.setRouting': command({
    args: z.object({ routing: KitchenRouting, managerPin: Pin.optional() }).strict(),
    result: KitchenRoutingView,
    roles: ['cashier', 'diagnostics'],
  }),
} as const;

export const kitchenCommands = { ...ticketCommands, ...kitchenRoutingCommands } as const;
