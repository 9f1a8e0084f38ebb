import { z } from 'zod';
import { Channel, LineId, OrderId, OrderType, OriginId } from './events.js';
import { CatalogItemId } from './catalog.js';
import { CurrencyCode, MinorUnits } from './money.js';

export const OrderStatus = z.enum(['open', 'paid']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderLineView = z.object({
  lineId: LineId,
  itemId: CatalogItemId,
  name: z.string(),
  quantity: z.int(),
  unitPriceMinor: MinorUnits,
  totalMinor: MinorUnits,
  kitchenStation: z.string().optional(),
});
export type OrderLineView = z.infer<typeof OrderLineView>;

/** A conflict the fold met and how it was resolved; shown to people, never silently dropped. */
export const ConflictView = z.object({
  rule: z.string(),
  eventIds: z.array(z.string()),
  outcome: z.string(),
});
export type ConflictView = z.infer<typeof ConflictView>;

export const OrderView = z.object({
  id: OrderId,
  status: OrderStatus,
  channel: Channel,
  orderType: OrderType,
  currency: CurrencyCode,
  ticketNumber: z.int(),
  openedBy: OriginId,
  /** HLC of the opening event: when the order started, as every replica agrees. */
  openedAt: z.string(),
  lines: z.array(OrderLineView),
  totalMinor: MinorUnits,
  paidMinor: MinorUnits,
  changeMinor: MinorUnits,
  /** Distinct events folded: two replicas with the same count and lastHlc folded the same log. */
  eventCount: z.int(),
  lastHlc: z.string(),
  conflicts: z.array(ConflictView),
});
export type OrderView = z.infer<typeof OrderView>;
