import { setup } from 'xstate';

/**
 * The order lifecycle. `open` is the draft being rung up; `placed` is sent (kitchen or channel
 * confirmed) and may still take another round of lines; `paid` → `completed` is the happy path;
 * cancellation and refunds branch off. Legal transitions always name a target (a self-target when
 * nothing changes), so "handled" and "refused" are never confused.
 */
export const ORDER_STATES = ['open', 'placed', 'paid', 'completed', 'cancel_requested', 'cancelled', 'refund_pending', 'refunded'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * Facts the fold computes before each step; guards read only these. Amount-related facts describe
 * the order after the event, kitchen facts the tickets before a cancel and after an acknowledgement.
 */
export interface OrderFacts {
  hasLines: boolean;
  /** Captured money covers the total after this event. */
  settled: boolean;
  /** The total is zero with lines present: nothing to collect. */
  nothingDue: boolean;
  /** A ticket is being prepared (started, ready or recalled). */
  kitchenBusy: boolean;
  /** Captured money not yet refunded. */
  moneyHeld: boolean;
  /** A ticket still flashes CANCELLED, waiting for a cook. */
  awaitingKitchen: boolean;
  /** A tender split's parts add up to what is due. */
  splitMatchesDue: boolean;
}

export const ORDER_EVENT_TYPES = [
  'LineAdded',
  'LineChanged',
  'LineVoided',
  'DiscountApplied',
  'DiscountRemoved',
  'OrderNoteSet',
  'OrderTypeChanged',
  'OrderGuestSet',
  'OrderPlaced',
  'TenderSplit',
  'PaymentAuthorized',
  'PaymentCaptured',
  'PaymentFailed',
  'PaymentVoided',
  'PaymentRefunded',
  'TicketFired',
  'TicketCancelAcknowledged',
  'OrderCancelRequested',
  'OrderCancelConfirmed',
  'OrderCompleted',
  /** Arbiter: money arrived for an order being or already cancelled. */
  'arbiter.refundOwed',
  /** Arbiter: the kitchen started a ticket concurrently with the cancellation. */
  'arbiter.kitchenStartedLate',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];
export type OrderMachineEvent = { type: OrderEventType; facts: OrderFacts };

type Args = { event: OrderMachineEvent };
export const orderGuards = {
  hasLines: ({ event }: Args) => event.facts.hasLines,
  settled: ({ event }: Args) => event.facts.settled,
  nothingDue: ({ event }: Args) => event.facts.nothingDue,
  kitchenBusy: ({ event }: Args) => event.facts.kitchenBusy,
  moneyHeld: ({ event }: Args) => event.facts.moneyHeld,
  fullyRefunded: ({ event }: Args) => !event.facts.moneyHeld,
  kitchenSettled: ({ event }: Args) => !event.facts.awaitingKitchen,
  kitchenSettledMoneyHeld: ({ event }: Args) => !event.facts.awaitingKitchen && event.facts.moneyHeld,
  splitMatchesDue: ({ event }: Args) => event.facts.splitMatchesDue,
};

const cancel = [
  { guard: 'kitchenBusy', target: 'cancel_requested', description: 'the kitchen must acknowledge first' },
  { guard: 'moneyHeld', target: 'refund_pending', description: 'refund saga starts' },
  { target: 'cancelled' },
] as const;

/** Edits that may settle a partly paid order by lowering its total. */
const editing = (self: 'open' | 'placed') => [{ guard: 'settled', target: 'paid' }, { target: self }] as const;

const draft = (self: 'open' | 'placed') =>
  ({
    LineAdded: { target: self },
    LineChanged: editing(self),
    LineVoided: editing(self),
    DiscountApplied: editing(self),
    DiscountRemoved: editing(self),
    OrderNoteSet: { target: self },
    OrderTypeChanged: { target: self },
    OrderGuestSet: { target: self },
    TenderSplit: { guard: 'splitMatchesDue', target: self },
    PaymentAuthorized: { target: self },
    PaymentCaptured: [{ guard: 'settled', target: 'paid' }, { target: self }],
    PaymentFailed: { target: self },
    PaymentVoided: { target: self },
    PaymentRefunded: { target: self },
    OrderCompleted: { guard: 'nothingDue', target: 'completed' },
    OrderCancelRequested: cancel,
  }) as const;

const refundable = (self: 'paid' | 'completed' | 'refund_pending') =>
  [{ guard: 'fullyRefunded', target: 'refunded' }, { target: self }] as const;

/** States a cancellation can still be in: tickets may flash until acknowledged, money may arrive late. */
const afterCancel = (self: 'cancelled' | 'refund_pending' | 'refunded') =>
  ({
    TicketCancelAcknowledged: { target: self },
    PaymentFailed: { target: self },
    PaymentVoided: { target: self },
    OrderNoteSet: { target: self },
    'arbiter.refundOwed': { target: 'refund_pending' },
    'arbiter.kitchenStartedLate': { target: 'cancel_requested' },
  }) as const;

export const orderMachine = setup({
  types: { events: {} as OrderMachineEvent },
  guards: orderGuards,
}).createMachine({
  id: 'order',
  initial: 'open',
  states: {
    open: {
      description: 'draft: lines are being rung up',
      on: { ...draft('open'), OrderPlaced: { guard: 'hasLines', target: 'placed' } },
    },
    placed: {
      description: 'sent to the kitchen or confirmed to the channel; another round may be added',
      on: { ...draft('placed'), TicketFired: { target: 'placed' } },
    },
    paid: {
      description: 'fully paid; the kitchen prepares it',
      on: {
        OrderPlaced: { target: 'paid' },
        TicketFired: { target: 'paid' },
        OrderNoteSet: { target: 'paid' },
        OrderTypeChanged: { target: 'paid' },
        OrderGuestSet: { target: 'paid' },
        PaymentFailed: { target: 'paid' },
        PaymentVoided: { target: 'paid' },
        PaymentRefunded: refundable('paid'),
        OrderCompleted: { target: 'completed' },
        OrderCancelRequested: cancel,
      },
    },
    completed: {
      description: 'handed over; only refunds remain possible',
      on: {
        OrderNoteSet: { target: 'completed' },
        PaymentFailed: { target: 'completed' },
        PaymentVoided: { target: 'completed' },
        PaymentRefunded: refundable('completed'),
      },
    },
    cancel_requested: {
      description: 'cancellation waits for the kitchen to acknowledge tickets it already started',
      on: {
        TicketCancelAcknowledged: [
          { guard: 'kitchenSettledMoneyHeld', target: 'refund_pending' },
          { guard: 'kitchenSettled', target: 'cancelled' },
          { target: 'cancel_requested' },
        ],
        OrderCancelConfirmed: [{ guard: 'moneyHeld', target: 'refund_pending' }, { target: 'cancelled' }],
        PaymentRefunded: { target: 'cancel_requested' },
        PaymentFailed: { target: 'cancel_requested' },
        PaymentVoided: { target: 'cancel_requested' },
        OrderNoteSet: { target: 'cancel_requested' },
        'arbiter.refundOwed': { target: 'cancel_requested' },
        'arbiter.kitchenStartedLate': { target: 'cancel_requested' },
      },
    },
    cancelled: { description: 'cancelled with nothing to refund', on: afterCancel('cancelled') },
    refund_pending: {
      description: 'cancelled or returned; captured money is owed back',
      on: { ...afterCancel('refund_pending'), PaymentRefunded: refundable('refund_pending') },
    },
    refunded: { description: 'all captured money returned', on: afterCancel('refunded') },
  },
});
