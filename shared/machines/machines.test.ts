import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition, type AnyStateMachine } from 'xstate';
import {
  MACHINES,
  ORDER_EVENT_TYPES,
  ORDER_STATES,
  PAYMENT_EVENT_TYPES,
  PAYMENT_STATES,
  stepOrder,
  stepPayment,
  stepTicket,
  TICKET_EVENT_TYPES,
  TICKET_STATES,
  TRANSITIONS,
} from './index.js';

const bool = fc.boolean();
const orderFacts = fc.record({
  hasLines: bool,
  settled: bool,
  nothingDue: bool,
  kitchenBusy: bool,
  moneyHeld: bool,
  awaitingKitchen: bool,
  splitMatchesDue: bool,
});
const paymentFacts = fc.record({ refundFits: bool, fullyRefunded: bool });

/** What XState itself says: the next state, or undefined when no transition is enabled. */
function viaXState(machine: AnyStateMachine, state: string, event: { type: string }): string | undefined {
  const snapshot = machine.resolveState({ value: state, context: {} });
  if (!snapshot.can(event)) return undefined;
  const [next] = transition(machine, snapshot, event);
  return next.value as string;
}

describe('lifecycle machines', () => {
  it('the fold’s compiled step agrees with XState’s own transition on every state, event and fact', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORDER_STATES), fc.constantFrom(...ORDER_EVENT_TYPES), orderFacts, (state, type, facts) => {
        const event = { type, facts };
        expect(stepOrder(state, event)).toBe(viaXState(MACHINES.order, state, event));
      }),
      { numRuns: 700 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATES), fc.constantFrom(...TICKET_EVENT_TYPES), (state, type) => {
        expect(stepTicket(state, { type })).toBe(viaXState(MACHINES.ticket, state, { type }));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...PAYMENT_STATES), fc.constantFrom(...PAYMENT_EVENT_TYPES), paymentFacts, (state, type, facts) => {
        const event = { type, facts };
        expect(stepPayment(state, event)).toBe(viaXState(MACHINES.payment, state, event));
      }),
      { numRuns: 300 },
    );
  });

  it('declares exactly the exported states, every target is a state, and every state is reachable', () => {
    const declared = { order: ORDER_STATES, ticket: TICKET_STATES, payment: PAYMENT_STATES } as const;
    for (const name of ['order', 'ticket', 'payment'] as const) {
      const machine = MACHINES[name];
      expect(Object.keys(machine.root.states)).toEqual([...declared[name]]);
      const reached = new Set<string>([machine.config.initial as string]);
      for (let grew = true; grew;) {
        grew = false;
        for (const row of TRANSITIONS[name]) {
          expect(declared[name]).toContain(row.to);
          if (reached.has(row.from) && !reached.has(row.to)) {
            reached.add(row.to);
            grew = true;
          }
        }
      }
      expect([...reached].sort()).toEqual([...declared[name]].sort());
    }
  });

  it('walks the happy paths of the brief', () => {
    const f = {
      hasLines: true,
      settled: false,
      nothingDue: false,
      kitchenBusy: false,
      moneyHeld: false,
      awaitingKitchen: false,
      splitMatchesDue: false,
    };
    expect(stepOrder('open', { type: 'OrderPlaced', facts: f })).toBe('placed');
    expect(stepOrder('placed', { type: 'PaymentCaptured', facts: { ...f, settled: true } })).toBe('paid');
    expect(stepOrder('paid', { type: 'OrderCompleted', facts: f })).toBe('completed');
    expect(stepOrder('paid', { type: 'OrderCancelRequested', facts: { ...f, kitchenBusy: true } })).toBe('cancel_requested');
    expect(stepOrder('paid', { type: 'OrderCancelRequested', facts: { ...f, moneyHeld: true } })).toBe('refund_pending');
    expect(stepOrder('refund_pending', { type: 'PaymentRefunded', facts: f })).toBe('refunded');
    expect(stepOrder('open', { type: 'OrderPlaced', facts: { ...f, hasLines: false } })).toBeUndefined();
    const ticket = ['TicketFired', 'TicketStarted', 'TicketReady', 'TicketBumped', 'TicketRecalled'] as const;
    let state: string = 'unfired';
    for (const type of ticket) state = stepTicket(state as never, { type }) ?? 'refused';
    expect(state).toBe('recalled');
    expect(stepTicket('in_progress', { type: 'OrderCancelRequested' })).toBe('cancel_pending');
    expect(stepTicket('cancel_pending', { type: 'TicketCancelAcknowledged' })).toBe('cancelled');
  });
});
