import { z } from 'zod';
import { EntityId, OrderId, PaymentId } from '../../events.js';
import { MinorUnits } from '../../money.js';
import { OrderView } from '../../order-view.js';
import { command } from '../command-spec.js';
import { OfflineFollowUpView, OfflineQueueView } from '../offline-payments.js';

/**
 * Where a card payment attempt stands. In flight: authorizing, unknown_resolving (the terminal's
 * answer was lost; we are asking it by idempotency key), capturing, voiding (releasing a hold).
 * Final: approved (captured), declined, failed (nothing charged), voided (hold released),
 * offline_approved (the gateway was down: the sale stands, the payment waits to be forwarded).
 */
export const PaymentAttemptState = z.enum([
  'authorizing',
  'unknown_resolving',
  'capturing',
  'voiding',
  'approved',
  'declined',
  'failed',
  'voided',
  'offline_approved',
]);
export type PaymentAttemptState = z.infer<typeof PaymentAttemptState>;

export const IN_FLIGHT_ATTEMPT_STATES = [
  'authorizing',
  'unknown_resolving',
  'capturing',
  'voiding',
] as const satisfies readonly PaymentAttemptState[];

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

/**
 * Where a card refund stands. In flight: refunding (asked the terminal), unknown_resolving (its
 * answer was lost; asking it by the refund's idempotency key). Final: refunded, refused (the
 * terminal said no; nothing moved), failed (the terminal never got it; nothing moved).
 */
export const RefundAttemptState = z.enum(['refunding', 'unknown_resolving', 'refunded', 'refused', 'failed']);
export type RefundAttemptState = z.infer<typeof RefundAttemptState>;

export const IN_FLIGHT_REFUND_STATES = ['refunding', 'unknown_resolving'] as const satisfies readonly RefundAttemptState[];

/** One card refund as windows see it. */
export const RefundAttemptView = z.object({
  /** Also the `refundId` of its PaymentRefunded event. */
  refundId: z.string(),
  orderId: OrderId,
  paymentId: PaymentId,
  state: RefundAttemptState,
  amountMinor: MinorUnits,
  currency: z.string(),
  reason: z.string(),
  approvedBy: z.string().optional(),
  refundRef: z.string().optional(),
  /** Why it was refused or failed; or the last transient error while in flight. */
  outcomeReason: z.string().optional(),
  createdAt: z.int(),
  updatedAt: z.int(),
});
export type RefundAttemptView = z.infer<typeof RefundAttemptView>;

/** What the cashier can make the SIMULATED terminal do next (refused for a real terminal). */
export const SimulatedOutcome = z.enum([
  'approve',
  'decline',
  /** The terminal acts (charges / refunds) but its answer is lost: the saga must find out by query. */
  'timeout_after_approving',
  /** The request never reaches the terminal: nothing happens, the saga finds "not found". */
  'timeout_before_reaching',
  /** The card holder takes a few seconds to tap (time to cancel), then it approves. */
  'slow_approve',
]);
export type SimulatedOutcome = z.infer<typeof SimulatedOutcome>;

export const TerminalView = z.object({
  terminalId: z.string(),
  /** No card, no acquirer, no money: windows must say so. */
  simulated: z.boolean(),
  /** Outcomes queued on the simulated terminal, next first; when empty it answers `defaultOutcome`. */
  queued: z.object({ payment: z.array(SimulatedOutcome), refund: z.array(SimulatedOutcome) }),
  /** What the simulated terminal answers a payment when nothing is queued (refunds are refunded). */
  defaultOutcome: SimulatedOutcome,
  /** The terminal's link to its gateway; cut, card payments within the limits are approved offline. */
  gatewayReachable: z.boolean(),
  /** What the simulated gateway does with a forwarded offline payment. */
  forwardOutcome: z.enum(['accept', 'decline']),
});
export type TerminalView = z.infer<typeof TerminalView>;

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
  /**
   * Pays one split part in cash (`order.payCash` settles the whole order). The drawer opens; the part
   * that settles the order prints the receipt and fires the kitchen, as a full cash payment does.
   */
  'payment.payCashPart': command({
    args: z.object({ orderId: OrderId, splitPartId: EntityId, tenderedMinor: MinorUnits.positive() }).strict(),
    result: z.object({ order: OrderView, changeMinor: MinorUnits }),
    roles: ['cashier'],
  }),
  /**
   * Returns money of a captured card payment to the card through the terminal, once: answers at
   * once (state `refunding`); progress arrives as `payment.refundChanged`. The same `requestKey`
   * answers with the first refund. `managerPin` is checked by the core where staff approval exists.
   */
  'payment.refundCard': command({
    args: z
      .object({
        orderId: OrderId,
        paymentId: PaymentId,
        amountMinor: MinorUnits.positive(),
        reason: z.string().trim().min(1).max(200),
        managerPin: z
          .string()
          .regex(/^\d{4,8}$/)
          .optional(),
        requestKey: z.string().min(8).max(100).optional(),
      })
      .strict(),
    result: RefundAttemptView,
    roles: ['cashier'],
  }),
  /** Cancelled orders still owed a refund, or waiting for the kitchen to acknowledge: newest first. */
  'payment.refundsDue': command({ args: z.object({}).strict(), result: z.object({ orders: z.array(OrderView) }), roles: ['cashier'] }),
  /** The order's card refunds, oldest first. */
  'payment.refunds': command({
    args: z.object({ orderId: OrderId }).strict(),
    result: z.object({ refunds: z.array(RefundAttemptView) }),
    roles: ['cashier'],
  }),
  /** Card payments approved offline awaiting forwarding, against this station's limits. */
  'payment.offlineQueue': command({ args: z.object({}).strict(), result: OfflineQueueView, roles: ['cashier', 'diagnostics'] }),
  /** Card payments approved offline then declined when forwarded, or expired: the manager's list to chase, newest first. */
  'payment.followUps': command({
    args: z.object({}).strict(),
    result: z.object({ items: z.array(OfflineFollowUpView) }),
    roles: ['cashier', 'diagnostics'],
  }),
  /**
   * A manager marks a payment on the follow-up list as dealt with (collected another way or written
   * off), with a note: recorded on the order, it leaves the list and counts as resolved in the shift
   * report. Privileged: a manager's PIN every time where staff sign in.
   */
  'payment.resolveFollowUp': command({
    args: z
      .object({
        paymentId: PaymentId,
        note: z.string().trim().min(1, 'say how it was dealt with').max(200),
        managerPin: z
          .string()
          .regex(/^\d{4,8}$/)
          .optional(),
      })
      .strict(),
    result: z.object({ items: z.array(OfflineFollowUpView) }),
    roles: ['cashier'],
  }),
  'terminal.info': command({ args: z.object({}).strict(), result: TerminalView, roles: ['cashier'] }),
  /**
   * Queues what the SIMULATED terminal does on its next payment or refund (`clear` empties the queue),
   * cuts or restores its gateway link, and sets what its gateway does with forwarded offline payments.
   */
  'terminal.simulate': command({
    args: z
      .object({
        operation: z.enum(['payment', 'refund']).default('payment'),
        outcome: SimulatedOutcome.optional(),
        clear: z.boolean().default(false),
        gateway: z.enum(['up', 'down']).optional(),
        forwardOutcome: z.enum(['accept', 'decline']).optional(),
      })
      .strict()
      .refine((a) => a.clear || a.outcome !== undefined || a.gateway !== undefined || a.forwardOutcome !== undefined, {
        message: 'give an outcome, a gateway state or a forwarding outcome, or clear',
        path: ['outcome'],
      }),
    result: TerminalView,
    roles: ['cashier'],
  }),
} as const;
