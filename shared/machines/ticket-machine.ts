import { setup } from 'xstate';

/**
 * A kitchen ticket: the lines one station prepares. `unfired` is the state before TicketFired, so
 * creation is a transition like any other. A cancelled order stops queued tickets at once; a ticket
 * already in work flashes CANCELLED (`cancel_pending`) until a cook acknowledges it.
 */
export const TICKET_STATES = ['unfired', 'queued', 'in_progress', 'ready', 'bumped', 'recalled', 'cancel_pending', 'cancelled'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const TICKET_EVENT_TYPES = [
  'TicketFired',
  'TicketStarted',
  'TicketReady',
  'TicketBumped',
  'TicketRecalled',
  'TicketCancelAcknowledged',
  'OrderCancelRequested',
  /** Arbiter: a start that raced the cancellation brings the ticket back to be acknowledged. */
  'arbiter.startedLate',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];
export type TicketMachineEvent = { type: TicketEventType };

export const ticketGuards = {};

export const ticketMachine = setup({
  types: { events: {} as TicketMachineEvent },
  guards: ticketGuards,
}).createMachine({
  id: 'ticket',
  initial: 'unfired',
  states: {
    unfired: { on: { TicketFired: { target: 'queued' } } },
    queued: {
      description: 'waiting on the KDS',
      on: {
        TicketStarted: { target: 'in_progress' },
        TicketReady: { target: 'ready' },
        TicketBumped: { target: 'bumped' },
        OrderCancelRequested: { target: 'cancelled', description: 'nothing made yet: no waste' },
      },
    },
    in_progress: {
      on: {
        TicketReady: { target: 'ready' },
        TicketBumped: { target: 'bumped' },
        OrderCancelRequested: { target: 'cancel_pending' },
      },
    },
    ready: {
      description: 'waiting at the pass',
      on: { TicketBumped: { target: 'bumped' }, OrderCancelRequested: { target: 'cancel_pending' } },
    },
    bumped: {
      description: 'handed over and off the screen',
      on: { TicketRecalled: { target: 'recalled' }, OrderCancelRequested: { target: 'bumped', description: 'already handed over' } },
    },
    recalled: {
      description: 'back on the screen',
      on: {
        TicketStarted: { target: 'in_progress' },
        TicketReady: { target: 'ready' },
        TicketBumped: { target: 'bumped' },
        OrderCancelRequested: { target: 'cancel_pending' },
      },
    },
    cancel_pending: {
      description: 'flashes CANCELLED until a cook acknowledges; work done is waste',
      on: { TicketCancelAcknowledged: { target: 'cancelled' } },
    },
    cancelled: { on: { 'arbiter.startedLate': { target: 'cancel_pending' } } },
  },
});
