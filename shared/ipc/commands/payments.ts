import { z } from 'zod';
import { EntityId, OrderId, PaymentId } from '../../events.js';
import { MinorUnits } from '../../money.js';
import { command } from '../command-spec.js';

/**
 * Where a card payment attempt stands. In flight: authorizing, unknown_resolving (the terminal's
 * answer was lost; we are asking it by idempotency key), capturing, voiding (releasing a hold).
 * Final: approved (captured), declined, failed (nothing charged), voided (hold released).
 */
export const PaymentAttemptState = z.enum(['authorizing', 'unknown_resolving', 'capturing', 'voiding', 'approved', 'declined', 'failed', 'voided']);
export type PaymentAttemptState = z.infer<typeof PaymentAttemptState>;

export const IN_FLIGHT_ATTEMPT_STATES = ['authorizing', 'unknown_resolving', 'capturing', 'voiding'] as const satisfies readonly PaymentAttemptState[];

/** One card payment attempt as windows see it (the terminal's idempotency key stays in the core). */
export const PaymentAttemptView = z.object({
  /** Also the `paymentId` of the attempt's Payment* events. */
  attemptId: PaymentId,
  orderId: OrderId,
  method: z.literal('card'),
  state: PaymentAttemptState,
  amountMinor: MinorUnits,
  tipMinor: MinorUnits,
  currency: z.string(),
  splitPartId: z.string().optional(),
  terminalRef: z.string().optional(),
  authCode: z.string().optional(),
  /** Why it was declined, failed or voided; or the last transient error while in flight. */
  reason: z.string().optional(),
  /** The cashier cancelled: an approval that still arrives is voided, never captured. */
  cancelRequested: z.boolean(),
  createdAt: z.int(),
  updatedAt: z.int(),
});
export type PaymentAttemptView = z.infer<typeof PaymentAttemptView>;

const AttemptArgs = z.object({ attemptId: PaymentId }).strict();

/** Card payments through the payment terminal, driven by the station's card payment saga. */
export const paymentCommands = {
  /**
   * Starts an attempt and answers at once (state `authorizing`); progress arrives as
   * `payment.changed`. The same `requestKey` sent twice returns the first attempt instead of
   * charging again (a double tap, or a retry after a lost answer).
   */
  'payment.startCard': command({
    args: z
      .object({
        orderId: OrderId,
        /** What this payment settles of the order: at most what is due (less for a split). */
        amountMinor: MinorUnits.positive(),
        tipMinor: MinorUnits.nonnegative().default(0),
        splitPartId: EntityId.optional(),
        requestKey: z.string().min(8).max(100).optional(),
      })
      .strict(),
    result: PaymentAttemptView,
    roles: ['cashier'],
  }),
  /** Cancels an attempt not yet captured: a held authorization is voided. Cancelling a finished attempt is a no-op. */
  'payment.cancelCard': command({ args: AttemptArgs, result: PaymentAttemptView, roles: ['cashier'] }),
  'payment.status': command({ args: AttemptArgs, result: PaymentAttemptView, roles: ['cashier'] }),
  /** The order's card attempts, oldest first: a window that reconnects picks up where it was. */
  'payment.attempts': command({
    args: z.object({ orderId: OrderId }).strict(),
    result: z.object({ attempts: z.array(PaymentAttemptView) }),
    roles: ['cashier'],
  }),
  /** Splits what is due into parts (e.g. a cash part and a card part); payments then name their part. */
  'payment.splitTender': command({
    args: z.object({ orderId: OrderId, partsMinor: z.array(MinorUnits.positive()).min(2).max(20) }).strict(),
    result: z.object({ parts: z.array(z.object({ partId: z.string(), amountMinor: MinorUnits })) }),
    roles: ['cashier'],
  }),
} as const;
