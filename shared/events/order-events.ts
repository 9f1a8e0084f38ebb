import { z } from 'zod';
import { CatalogItemId } from '../catalog.js';
import { CurrencyCode, MinorUnits } from '../money.js';
import { LineTax } from '../money/tax.js';
import { Channel, EntityId, eventSchema, KitchenStation, LineId, OrderType, Reason } from './envelope.js';

/** Current (v2) opening: v1 plus the channel's idempotency key, so a resubmitted web order is recognised. */
export const OrderOpened = eventSchema(
  'OrderOpened',
  2,
  z.object({
    channel: Channel,
    orderType: OrderType,
    currency: CurrencyCode,
    /** Short number called out at the pass and printed on tickets. */
    ticketNumber: z.int().min(1).max(9999),
    /** The web shop's or app's Idempotency-Key for this order; absent at the counter. */
    channelOrderKey: z
      .string()
      .regex(/^[\x21-\x7e]{1,200}$/, 'channelOrderKey: 1-200 printable ASCII characters')
      .optional(),
    customerName: z.string().min(1).max(80).optional(),
  }),
);

export const ChosenModifier = z.object({
  groupId: z.string().min(1).max(40),
  optionId: z.string().min(1).max(40),
  name: z.string().min(1).max(80),
  /** Per unit of the line; negative for "no cheese" style options. */
  priceDeltaMinor: MinorUnits,
});
export type ChosenModifier = z.infer<typeof ChosenModifier>;

/** How a variable-measure item was priced: kept so the receipt can print "0.412 kg × €12.90/kg". */
export const LineMeasure = z.object({
  kind: z.literal('weight'),
  grams: z.int().min(1).max(1_000_000),
  pricePerKgMinor: MinorUnits.positive(),
});
export type LineMeasure = z.infer<typeof LineMeasure>;

/** Current (v2) line: v1 plus modifiers, per-item tax, a note and the weighed measure. */
export const LineAdded = eventSchema(
  'LineAdded',
  2,
  z
    .object({
      lineId: LineId,
      itemId: CatalogItemId,
      name: z.string().min(1).max(80),
      quantity: z.int().min(1).max(999),
      unitPriceMinor: MinorUnits.nonnegative(),
      kitchenStation: KitchenStation.optional(),
      modifiers: z.array(ChosenModifier).max(30),
      tax: LineTax,
      note: z.string().min(1).max(200).optional(),
      measure: LineMeasure.optional(),
    })
    .refine((p) => p.unitPriceMinor + p.modifiers.reduce((sum, m) => sum + m.priceDeltaMinor, 0) >= 0, {
      message: 'modifiers would make the unit price negative',
      path: ['modifiers'],
    }),
);

/** Quantity or note of an existing line; modifiers change by voiding and re-adding (the kitchen needs a new ticket). */
export const LineChanged = eventSchema(
  'LineChanged',
  1,
  z
    .object({
      lineId: LineId,
      quantity: z.int().min(1).max(999).optional(),
      /** null clears the note. */
      note: z.string().min(1).max(200).nullable().optional(),
    })
    .refine((p) => p.quantity !== undefined || p.note !== undefined, { message: 'change quantity or note', path: ['quantity'] }),
);

/**
 * The manager who approved a guarded action (voiding a fired line, a refund, cancelling an order that
 * took money): a staff id, like `actor.id`. Optional and added within v1, so events written before it
 * existed, and actions nobody had to approve, simply lack it.
 */
export const ApprovedBy = z.string().min(1).max(64);

export const LineVoided = eventSchema('LineVoided', 1, z.object({ lineId: LineId, reason: Reason, approvedBy: ApprovedBy.optional() }));

export const OrderNoteSet = eventSchema('OrderNoteSet', 1, z.object({ note: z.string().max(500) }));

export const OrderTypeChanged = eventSchema('OrderTypeChanged', 1, z.object({ orderType: OrderType }));

/**
 * Who the order is for: the table it is served at and the name called out or written on the bag.
 * Each field is independent: absent leaves it as it was, `null` clears it, a string replaces it.
 * Concurrent sets resolve field by field, the later in merge order winning.
 */
export const OrderGuestSet = eventSchema(
  'OrderGuestSet',
  1,
  z
    .object({
      tableNumber: z.string().min(1).max(12).nullable().optional(),
      customerName: z.string().min(1).max(80).nullable().optional(),
    })
    .refine((p) => p.tableNumber !== undefined || p.customerName !== undefined, {
      message: 'set tableNumber or customerName',
      path: ['tableNumber'],
    }),
);

export const DiscountTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order') }),
  z.object({ kind: z.literal('line'), lineId: LineId }),
]);
export type DiscountTarget = z.infer<typeof DiscountTarget>;

export const DiscountAmount = z.discriminatedUnion('kind', [
  /** Basis points of what it applies to: 1000 = 10 %. */
  z.object({ kind: z.literal('percent'), bp: z.int().min(1).max(10_000) }),
  z.object({ kind: z.literal('fixed'), amountMinor: MinorUnits.positive() }),
]);
export type DiscountAmount = z.infer<typeof DiscountAmount>;

export const DiscountApplied = eventSchema(
  'DiscountApplied',
  1,
  z.object({ discountId: EntityId, target: DiscountTarget, amount: DiscountAmount, reason: Reason }),
);

export const DiscountRemoved = eventSchema('DiscountRemoved', 1, z.object({ discountId: EntityId, reason: Reason.optional() }));

/** The order is sent (to the kitchen, or confirmed for a channel); lines may still be added for another round. */
export const OrderPlaced = eventSchema('OrderPlaced', 1, z.object({}));

export const OrderCancelRequested = eventSchema('OrderCancelRequested', 1, z.object({ reason: Reason, approvedBy: ApprovedBy.optional() }));

/** The store accepts the cancellation without waiting for every kitchen acknowledgement. */
export const OrderCancelConfirmed = eventSchema('OrderCancelConfirmed', 1, z.object({}));

export const OrderCompleted = eventSchema('OrderCompleted', 1, z.object({}));
