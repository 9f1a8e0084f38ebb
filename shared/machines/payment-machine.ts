import { setup } from 'xstate';

/**
 * One payment attempt (one idempotency key). Captured money only ever leaves by refund, so a
 * capture can never be voided and a failed attempt never becomes captured: a retry is a new attempt.
 */
export const PAYMENT_STATES = [
  'none',
  'authorized',
  'captured',
  'failed',
  'voided',
  'refunded',
  /** Approved by the terminal while its gateway was down: the sale stands, no money has moved yet. */
  'offline_approved',
  /** Approved offline, then declined when forwarded: the store is owed the money. */
  'declined_after_sale',
  /** Approved offline and never forwarded within the maximum age: a loss like a decline. */
  'expired',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export interface PaymentFacts {
  /** This refund and earlier ones stay within what the payment took (amount + tip). */
  refundFits: boolean;
  /** After this refund, everything the payment took is returned. */
  fullyRefunded: boolean;
}

export const PAYMENT_EVENT_TYPES = [
  'PaymentAuthorized',
  'PaymentCaptured',
  'PaymentFailed',
  'PaymentVoided',
  'PaymentRefunded',
  'PaymentApprovedOffline',
  'OfflinePaymentForwarded',
  'OfflinePaymentDeclined',
  'OfflinePaymentExpired',
] as const;
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];
export type PaymentMachineEvent = { type: PaymentEventType; facts: PaymentFacts };

type Args = { event: PaymentMachineEvent };
export const paymentGuards = {
  refundFitsAll: ({ event }: Args) => event.facts.refundFits && event.facts.fullyRefunded,
  refundFits: ({ event }: Args) => event.facts.refundFits,
};

export const paymentMachine = setup({
  types: { events: {} as PaymentMachineEvent },
  guards: paymentGuards,
}).createMachine({
  id: 'payment',
  initial: 'none',
  states: {
    none: {
      on: {
        PaymentAuthorized: { target: 'authorized' },
        PaymentCaptured: { target: 'captured', description: 'cash, or a card captured in one step' },
        PaymentFailed: { target: 'failed' },
        PaymentApprovedOffline: { target: 'offline_approved', description: 'the gateway was down: stored for forwarding' },
      },
    },
    authorized: {
      description: 'funds held by the terminal',
      on: { PaymentCaptured: { target: 'captured' }, PaymentFailed: { target: 'failed' }, PaymentVoided: { target: 'voided' } },
    },
    captured: {
      on: {
        PaymentRefunded: [
          { guard: 'refundFitsAll', target: 'refunded' },
          { guard: 'refundFits', target: 'captured' },
        ],
      },
    },
    failed: {},
    voided: {},
    refunded: {},
    offline_approved: {
      description: 'counts for the sale; money moves only when forwarded',
      on: {
        OfflinePaymentForwarded: { target: 'captured' },
        OfflinePaymentDeclined: { target: 'declined_after_sale' },
        OfflinePaymentExpired: { target: 'expired' },
        // Refunded in full before it was forwarded: the stored payment is voided and never sent (only in
        // full, as a terminal voids a stored payment whole; part of it is refunded once forwarded).
        PaymentRefunded: { guard: 'refundFitsAll', target: 'voided' },
      },
    },
    declined_after_sale: {},
    expired: {},
  },
});
