import { z } from 'zod';
import { CatalogItemId } from '../catalog.js';
import { Channel } from '../events/envelope.js';
import { StaffId, StaffRole } from '../ipc/commands/staff.js';
import { LineTax } from '../money/tax.js';
import { OVERSOLD_RULE } from '../menu/availability.js';
import { ItemModifierGroup, MenuCategory, MenuDocument, MenuModifierGroup } from '../menu/menu.js';

/**
 * The menu's HTTP API: publishing and availability for the back office (admin token), the public menu
 * for channels and stations, staff and kitchen routing as store data written by the server.
 */

/** `POST /v1/admin/stores/:store/menu`. `baseVersion`: the version the editor read (0 when the store has none): a newer one answers 409. */
export const PublishMenu = z.strictObject({
  baseVersion: z.int().nonnegative(),
  publishedBy: z.string().trim().min(1).max(80),
  /** Checked whole by `checkMenu`: 422 lists every problem with its path. */
  menu: z.unknown(),
});
export type PublishMenu = z.infer<typeof PublishMenu>;

export const MenuVersionResponse = MenuDocument;

/** `PUT /v1/admin/stores/:store/menu/availability/:itemId`: sold out, or a count left (0 = sold out until recounted); neither: available. */
export const SetItemAvailability = z.strictObject({
  soldOut: z.boolean().default(false),
  count: z.int().min(0).max(100_000).optional(),
  setBy: z.string().trim().min(1).max(80).optional(),
});
export type SetItemAvailability = z.output<typeof SetItemAvailability>;

export const ItemAvailabilityView = z.object({
  itemId: CatalogItemId,
  soldOut: z.boolean(),
  /** Units left now (derived from the sales since the count was set); null: not counted. */
  left: z.int().nullable(),
  count: z.int().optional(),
  setAt: z.string(),
  setBy: z.string().optional(),
  /** Lines sold beyond the count by partitioned counters: both sales stood (rule `availability.oversold-last-unit`). */
  oversold: z.array(z.object({ orderId: z.string(), lineId: z.string(), units: z.int() })),
  rule: z.literal(OVERSOLD_RULE.name).optional(),
});
export type ItemAvailabilityView = z.infer<typeof ItemAvailabilityView>;
export const AvailabilityResponse = z.object({ items: z.array(ItemAvailabilityView) });

/** One item as a channel shows it: its channel price and whether it can be ordered now. */
export const PublicMenuItem = z.object({
  id: CatalogItemId,
  name: z.string(),
  category: z.string(),
  priceMinor: z.int(),
  tax: LineTax,
  modifierGroups: z.array(ItemModifierGroup),
  available: z.boolean(),
  /** Units left when the store counts this item; null otherwise. */
  left: z.int().nullable(),
});

/** `GET /v1/stores/:store/menu`: the menu for the caller's channel (stations: `counter`), with an ETag. */
export const PublicMenu = z.object({
  storeId: z.string(),
  channel: Channel,
  version: z.int(),
  publishedAtMs: z.int(),
  currency: z.string(),
  categories: z.array(MenuCategory),
  modifierGroups: z.array(MenuModifierGroup),
  items: z.array(PublicMenuItem),
});
export type PublicMenu = z.infer<typeof PublicMenu>;

/** Webhook body when an item's availability changes (marked, counted down to zero, recounted). */
export const MenuAvailabilityChanged = z.object({
  type: z.literal('menu.availability_changed'),
  storeId: z.string(),
  itemId: z.string(),
  available: z.boolean(),
  left: z.int().nullable(),
  /** Units sold beyond the count (rule `availability.oversold-last-unit`); 0 normally. */
  oversoldUnits: z.int(),
  /** Grows with every change of the store's availability: a receiver keeps the greatest it saw per item. */
  stateSeq: z.int(),
});
export type MenuAvailabilityChanged = z.infer<typeof MenuAvailabilityChanged>;

/** `PUT /v1/admin/stores/:store/staff`: the PIN goes in once and is hashed on the server; omit it to keep a member's current one. */
export const SetStaff = z.strictObject({
  members: z
    .array(
      z.strictObject({
        id: StaffId,
        name: z.string().trim().min(1).max(60),
        role: StaffRole,
        pin: z
          .string()
          .regex(/^\d{4,8}$/, 'pin: 4 to 8 digits')
          .optional(),
      }),
    )
    .max(200),
  requireSignIn: z.boolean().default(true),
});
export type SetStaff = z.output<typeof SetStaff>;

export const StaffView = z.object({
  version: z.int(),
  requireSignIn: z.boolean(),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: StaffRole })),
});
export type StaffView = z.infer<typeof StaffView>;
