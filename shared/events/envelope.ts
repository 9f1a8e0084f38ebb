import { z } from 'zod';
import { HLC_PATTERN } from '../hlc.js';
import { UUID_V7_PATTERN } from '../ids.js';

/** A station ("station-counter-1") or a channel ("web", "mobile"): whoever authored an event. */
export const OriginId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'origin: lowercase id like station-1 or web');
export type OriginId = z.infer<typeof OriginId>;

export const EventId = z.string().regex(UUID_V7_PATTERN, 'event id must be a UUIDv7');
export const OrderId = z.string().regex(UUID_V7_PATTERN, 'order id must be a UUIDv7');
export type OrderId = z.infer<typeof OrderId>;
export const LineId = z.string().regex(UUID_V7_PATTERN, 'line id must be a UUIDv7');
export const TicketId = z.string().regex(UUID_V7_PATTERN, 'ticket id must be a UUIDv7');
export const PaymentId = z.string().regex(UUID_V7_PATTERN, 'payment id must be a UUIDv7');
/** Discounts, refunds and split parts are created by people at a till: UUIDv7 like everything else. */
export const EntityId = z.string().regex(UUID_V7_PATTERN, 'id must be a UUIDv7');

export const Actor = z.object({
  kind: z.enum(['staff', 'device', 'channel', 'system']),
  id: z.string().min(1).max(64),
});
export type Actor = z.infer<typeof Actor>;

/** Version vector: for each origin, the highest seq of this order's events the author had seen. */
export const VersionVector = z.record(OriginId, z.int().nonnegative());
export type VersionVector = z.infer<typeof VersionVector>;

export const Channel = z.enum(['counter', 'kiosk', 'web', 'mobile']);
export type Channel = z.infer<typeof Channel>;
export const OrderType = z.enum(['dine_in', 'takeout', 'delivery']);
export type OrderType = z.infer<typeof OrderType>;

export const Reason = z.string().min(1).max(200);
export const KitchenStation = z.string().min(1).max(40);

export const envelope = {
  id: EventId,
  orderId: OrderId,
  origin: OriginId,
  /** Per-origin, gapless, starting at 1: lets the server detect loss and duplicates per origin. */
  seq: z.int().positive(),
  hlc: z.string().regex(HLC_PATTERN, 'hlc must be an encoded hybrid logical clock'),
  vv: VersionVector,
  actor: Actor,
};

/** One version of one event type: the shared envelope plus a literal type, a literal version and its payload. */
export function eventSchema<T extends string, V extends number, P extends z.ZodType>(type: T, v: V, payload: P) {
  return z.object({ ...envelope, type: z.literal(type), v: z.literal(v), payload });
}
