import { orderGuards, orderMachine, type OrderMachineEvent, type OrderState } from './order-machine.js';
import { paymentGuards, paymentMachine, type PaymentMachineEvent, type PaymentState } from './payment-machine.js';
import { ticketGuards, ticketMachine, type TicketMachineEvent, type TicketState } from './ticket-machine.js';
import { compileMachine, transitionTable, type TransitionRow } from './transition-table.js';

export * from './order-machine.js';
export * from './payment-machine.js';
export * from './ticket-machine.js';
export type { TransitionRow } from './transition-table.js';

/** The lifecycles every replica folds with, by name: what the docs page and the renderer read. */
export const MACHINES = { order: orderMachine, ticket: ticketMachine, payment: paymentMachine } as const;

export const TRANSITIONS: Readonly<Record<keyof typeof MACHINES, readonly TransitionRow[]>> = {
  order: transitionTable(orderMachine),
  ticket: transitionTable(ticketMachine),
  payment: transitionTable(paymentMachine),
};

/** Every guard in words: for the docs page and for the outcome of a refused event. */
export const GUARD_TEXT: Readonly<Record<string, string>> = {
  hasLines: 'at least one line',
  settled: 'captured money covering the total',
  nothingDue: 'a zero total',
  kitchenBusy: 'a kitchen ticket already started',
  moneyHeld: 'captured money not yet refunded',
  fullyRefunded: 'every captured amount refunded',
  kitchenSettled: 'no ticket still waiting for a cook to acknowledge',
  kitchenSettledMoneyHeld: 'no ticket still waiting for a cook, and money to refund',
  splitMatchesDue: 'parts that add up to what is due',
  refundFits: 'a refund within what the payment took',
  refundFitsAll: 'a refund returning all the payment took',
};

export const stepOrder = compileMachine<OrderState, OrderMachineEvent>(orderMachine, orderGuards);
export const stepTicket = compileMachine<TicketState, TicketMachineEvent>(ticketMachine, ticketGuards);
export const stepPayment = compileMachine<PaymentState, PaymentMachineEvent>(paymentMachine, paymentGuards);
