import { z } from 'zod';
import { CatalogItemId } from '../catalog.js';
import { UUID_V7_PATTERN } from '../ids.js';
import { CurrencyCode, MinorUnits } from '../money.js';
import { Channel, eventSchema, LineId, OrderType } from './envelope.js';

/**
 * Superseded versions, frozen exactly as first shipped: they are in stations' and the server's logs
 * and are upcast on read, never rewritten. Never edit one; add a version instead.
 */
export const OrderOpenedV1 = eventSchema(
  'OrderOpened',
  1,
  z.object({
    channel: Channel,
    orderType: OrderType,
    currency: CurrencyCode,
    ticketNumber: z.int().min(1).max(9999),
  }),
);

export const LineAddedV1 = eventSchema(
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

export const PaymentCapturedV1 = eventSchema(
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
