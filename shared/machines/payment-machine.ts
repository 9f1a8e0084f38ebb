import { setup } from 'xstate';

/**
 * One payment attempt (one idempotency key). Captured money only ever leaves by refund, so a
 * capture can never be voided and a failed attempt never becomes captured: a retry is a new attempt.
 */
export const PAYMENT_STATES = ['none', 'authorized', 'captured', 'failed', 'voided', 'refunded'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export interface PaymentFacts {
  /** This refund and earlier ones stay within what the payment took (amount + tip). */
  refundFits: boolean;
  /** After this refund, everything the payment took is returned. */
  fullyRefunded: boolean;
}

export const PAYMENT_EVENT_TYPES = ['PaymentAuthorized', 'PaymentCaptured', 'PaymentFailed', 'PaymentVoided', 'PaymentRefunded'] as const;
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
  },
});
