import { z } from 'zod';
import { CatalogItemId } from './catalog.js';
import { HLC_PATTERN } from './hlc.js';
import { UUID_V7_PATTERN } from './ids.js';
import { CurrencyCode, MinorUnits } from './money.js';

/** A station ("station-counter-1") or a channel ("web", "mobile"): whoever authored an event. */
export const OriginId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'origin: lowercase id like station-1 or web');
export type OriginId = z.infer<typeof OriginId>;

export const EventId = z.string().regex(UUID_V7_PATTERN, 'event id must be a UUIDv7');
export const OrderId = z.string().regex(UUID_V7_PATTERN, 'order id must be a UUIDv7');
export const LineId = z.string().regex(UUID_V7_PATTERN, 'line id must be a UUIDv7');

export const Actor = z.object({
  kind: z.enum(['staff', 'device', 'channel', 'system']),
  id: z.string().min(1).max(64),
});
export type Actor = z.infer<typeof Actor>;

/** Version vector: for each origin, the highest seq of this order's events the author had seen. */
export const VersionVector = z.record(OriginId, z.int().nonnegative());
export type VersionVector = z.infer<typeof VersionVector>;

export const Channel = z.enum(['counter', 'kiosk', 'web', 'mobile']);
export const OrderType = z.enum(['dine_in', 'takeout', 'delivery']);
export type OrderType = z.infer<typeof OrderType>;

const envelope = {
  id: EventId,
  orderId: OrderId,
  origin: OriginId,
  /** Per-origin, gapless, starting at 1: lets the server detect loss and duplicates per origin. */
  seq: z.int().positive(),
  hlc: z.string().regex(HLC_PATTERN, 'hlc must be an encoded hybrid logical clock'),
  vv: VersionVector,
  actor: Actor,
};

function eventSchema<T extends string, V extends number, P extends z.ZodType>(type: T, v: V, payload: P) {
  return z.object({ ...envelope, type: z.literal(type), v: z.literal(v), payload });
}

export const OrderOpened = eventSchema(
  'OrderOpened',
  1,
  z.object({
    channel: Channel,
    orderType: OrderType,
    currency: CurrencyCode,
    /** Short number called out at the pass and printed on tickets. */
    ticketNumber: z.int().min(1).max(9999),
  }),
);

export const LineAdded = eventSchema(
  'LineAdded',
  1,
  z.object({
    lineId: LineId,
    itemId: CatalogItemId,
    name: z.string().min(1).max(80),
    quantity: z.int().min(1).max(999),
    unitPriceMinor: MinorUnits.nonnegative(),
    kitchenStation: z.string().min(1).max(40).optional(),
  }),
);

export const PaymentCaptured = eventSchema(
  'PaymentCaptured',
  1,
  z.object({
    paymentId: z.string().regex(UUID_V7_PATTERN),
    method: z.literal('cash'),
    amountMinor: MinorUnits.positive(),
    tenderedMinor: MinorUnits.positive(),
    changeMinor: MinorUnits.nonnegative(),
  }),
);

export const DomainEvent = z.discriminatedUnion('type', [OrderOpened, LineAdded, PaymentCaptured]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
export type PayloadOf<T extends DomainEventType> = EventOf<T>['payload'];

/** What an author supplies; the envelope (id, seq, hlc, vv) is stamped by the event store. */
export type NewEvent = { [T in DomainEventType]: { type: T; v: EventOf<T>['v']; payload: PayloadOf<T> } }[DomainEventType];

/** Total order of the merge log: (hlc, origin, seq). Identical on every replica. */
export function compareEvents(a: Pick<DomainEvent, 'hlc' | 'origin' | 'seq'>, b: Pick<DomainEvent, 'hlc' | 'origin' | 'seq'>): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  return a.seq - b.seq;
}
