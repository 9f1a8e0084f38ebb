import { z } from 'zod';
import { MinorUnits } from '../money.js';
import { EntityId, eventSchema, PaymentId, Reason } from './envelope.js';
import { ApprovedBy } from './order-events.js';

export const PaymentMethod = z.enum(['cash', 'card', 'wallet', 'voucher']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/**
 * What a receipt may show of the card that paid, as the terminal reported it: the scheme, the last
 * four digits and the authorization code. Never the full card number: `lastFour` is four digits only.
 */
export const CardDetails = z.object({
  brand: z.string().min(1).max(20).optional(),
  lastFour: z
    .string()
    .regex(/^\d{4}$/, 'only the last four digits of a card are ever recorded')
    .optional(),
  authCode: z.string().min(1).max(20).optional(),
});
export type CardDetails = z.infer<typeof CardDetails>;

/**
 * Card or wallet funds held by the terminal; the saga captures or voids them. `card` arrived after
 * v1 was in use: optional, so earlier events (and terminals that report nothing) still parse.
 */
export const PaymentAuthorized = eventSchema(
  'PaymentAuthorized',
  1,
  z.object({
    paymentId: PaymentId,
    method: PaymentMethod.exclude(['cash']),
    amountMinor: MinorUnits.positive(),
    tipMinor: MinorUnits.nonnegative(),
    /** One per attempt: the terminal refuses a second charge with the same key. */
    idempotencyKey: z.string().min(8).max(100),
    terminalRef: z.string().min(1).max(100).optional(),
    card: CardDetails.optional(),
  }),
);

/**
 * Current (v2) capture: v1 (cash only) plus other methods, tips, cash rounding and the split part it
 * pays. Money in: amount + tip + rounding; with cash, tendered − that is the change.
 */
export const PaymentCaptured = eventSchema(
  'PaymentCaptured',
  2,
  z
    .object({
      paymentId: PaymentId,
      method: PaymentMethod,
      /** What this payment settles of the order's total. */
      amountMinor: MinorUnits.positive(),
      tipMinor: MinorUnits.nonnegative(),
      /** Cash only: what the customer handed over. */
      tenderedMinor: MinorUnits.positive().optional(),
      changeMinor: MinorUnits.nonnegative(),
      /** Cash rounding to the smallest coin in use: collected − amount (e.g. +2 when 7.23 is paid as 7.25). */
      roundingMinor: z.int().min(-999).max(999),
      splitPartId: EntityId.optional(),
    })
    .refine((p) => p.tenderedMinor === undefined || p.tenderedMinor - p.amountMinor - p.tipMinor - p.roundingMinor === p.changeMinor, {
      message: 'changeMinor must equal tenderedMinor − amountMinor − tipMinor − roundingMinor',
      path: ['changeMinor'],
    })
    .refine((p) => p.method === 'cash' || (p.roundingMinor === 0 && p.changeMinor === 0), {
      message: 'only cash has rounding and change',
      path: ['method'],
    }),
);

export const PaymentFailed = eventSchema('PaymentFailed', 1, z.object({ paymentId: PaymentId, reason: Reason }));

/** Releases an authorization that was never captured; captured money leaves only by refund. */
export const PaymentVoided = eventSchema('PaymentVoided', 1, z.object({ paymentId: PaymentId, reason: Reason }));

export const PaymentRefunded = eventSchema(
  'PaymentRefunded',
  1,
  z.object({
    refundId: EntityId,
    paymentId: PaymentId,
    amountMinor: MinorUnits.positive(),
    reason: Reason,
    approvedBy: ApprovedBy.optional(),
  }),
);

/** Splits what is due into parts paid separately (one per guest); payments name the part they pay. */
export const TenderSplit = eventSchema(
  'TenderSplit',
  1,
  z.object({
    parts: z
      .array(z.object({ partId: EntityId, amountMinor: MinorUnits.positive() }))
      .min(2)
      .max(20),
  }),
);

/**
 * A card payment the terminal approved while its gateway was unreachable (store and forward). For
 * the sale it counts as paid (the kitchen fires, the receipt prints "approved offline"), but no money
 * has moved: it stays `offline_approved` until the station forwards it (OfflinePaymentForwarded) or
 * it is lost (OfflinePaymentDeclined, OfflinePaymentExpired). Written by the station that took it,
 * which is the only one that ever forwards it.
 */
export const PaymentApprovedOffline = eventSchema(
  'PaymentApprovedOffline',
  1,
  z.object({
    paymentId: PaymentId,
    method: z.literal('card'),
    amountMinor: MinorUnits.positive(),
    tipMinor: MinorUnits.nonnegative(),
    /** The key the payment is forwarded under: the gateway charges it once, however often it is sent. */
    idempotencyKey: z.string().min(8).max(100),
    /** The terminal's reference of the stored payment: printed on the receipt. */
    terminalRef: z.string().min(1).max(100),
    card: CardDetails.optional(),
    splitPartId: EntityId.optional(),
  }),
);

/** The gateway accepted a payment approved offline: the money moved, the payment is captured. */
export const OfflinePaymentForwarded = eventSchema(
  'OfflinePaymentForwarded',
  1,
  z.object({ paymentId: PaymentId, authCode: z.string().min(1).max(20).optional() }),
);

/** The gateway declined a payment approved offline: the goods are gone, the money is owed to the store. */
export const OfflinePaymentDeclined = eventSchema('OfflinePaymentDeclined', 1, z.object({ paymentId: PaymentId, reason: Reason }));

/**
 * A manager marked a payment lost after the sale (declined when forwarded, or expired) as dealt with:
 * collected another way or written off, in the note. It stays lost in the books; the shift report
 * counts it as resolved instead of still outstanding. Replicates like every order event.
 */
export const OfflinePaymentLossResolved = eventSchema(
  'OfflinePaymentLossResolved',
  1,
  z.object({ paymentId: PaymentId, note: Reason, approvedBy: ApprovedBy.optional() }),
);

/** A payment approved offline was not forwarded within the maximum age: it is never sent, and is a loss like a decline. */
export const OfflinePaymentExpired = eventSchema('OfflinePaymentExpired', 1, z.object({ paymentId: PaymentId, reason: Reason }));
