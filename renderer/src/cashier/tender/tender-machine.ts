import { assign, fromPromise, setup, type ActorRefFrom } from 'xstate';
import type { IpcError, IpcResult, StationBridge } from '../../../../shared/ipc/contract.js';
import { IN_FLIGHT_ATTEMPT_STATES, type PaymentAttemptView } from '../../../../shared/ipc/commands/payments.js';
import type { OrderView } from '../../../../shared/order-view.js';
import { isNewerView } from '../../order-version.js';
import { newRequestKey } from './request-key.js';

/**
 * The tender workflow of one order: cash (change due), card through the terminal (live from
 * `payment.changed`), optional tip on card, and split tender (parts paid by cash or card one at a
 * time). The station core decides everything; this machine only tracks where the cashier is, and
 * picks up a card attempt already in flight when the window (re)opens.
 */

export type TenderEvent =
  /** The station's latest view of the order (a push or a reload); older views are ignored. */
  | { type: 'ORDER_CHANGED'; order: OrderView }
  /** A card attempt moved (pushed, or polled while a push may have been lost). */
  | { type: 'ATTEMPT_CHANGED'; attempt: PaymentAttemptView }
  | { type: 'SET_TIP'; tipMinor: number }
  | { type: 'PAY_CASH'; tenderedMinor: number }
  | { type: 'PAY_CARD' }
  | { type: 'CANCEL_CARD' }
  | { type: 'RETRY_CARD' }
  /** Leave a declined or failed card attempt and choose another way to pay. */
  | { type: 'BACK' }
  | { type: 'SPLIT'; partsMinor: number[] }
  | { type: 'SELECT_PART'; partId: string }
  /** The cashier typed something that is not an amount: shown like a refusal from the core. */
  | { type: 'INPUT_INVALID'; message: string }
  | { type: 'DISMISS_ERROR' };

export interface TenderInput {
  bridge: StationBridge;
  order: OrderView;
  /** A fresh request key per card attempt (a double tap then never charges twice). */
  newRequestKey?: () => string;
  /** How often an in-flight card attempt is polled in case a push was lost. */
  pollMs?: number;
}

export interface SplitPart {
  partId: string;
  amountMinor: number;
  paidMinor: number;
}

export interface TenderContext {
  bridge: StationBridge;
  newRequestKey: () => string;
  pollMs: number;
  order: OrderView;
  tipMinor: number;
  /** Parts as the split answered them, until the order's own view lists them. */
  splitParts: SplitPart[];
  selectedPartId: string | null;
  attempt: PaymentAttemptView | null;
  requestKey: string | null;
  /** Change of the last cash payment; null until one was taken. */
  changeMinor: number | null;
  /** How the payment that settled the order was made. */
  settledBy: 'cash' | 'card' | null;
  error: IpcError | null;
  notice: string | null;
}

const IN_FLIGHT: readonly string[] = IN_FLIGHT_ATTEMPT_STATES;

const loadAttempts = fromPromise<IpcResult<PaymentAttemptView[]>, { bridge: StationBridge; orderId: string }>(async ({ input }) => {
  const found = await input.bridge.invoke('payment.attempts', { orderId: input.orderId });
  return found.ok ? { ok: true, value: found.value.attempts } : found;
});

const payCash = fromPromise<
  IpcResult<{ order: OrderView; changeMinor: number }>,
  { bridge: StationBridge; orderId: string; splitPartId: string | null; tenderedMinor: number }
>(async ({ input }) => {
  const { bridge, orderId, splitPartId, tenderedMinor } = input;
  return splitPartId === null
    ? bridge.invoke('order.payCash', { orderId, tenderedMinor })
    : bridge.invoke('payment.payCashPart', { orderId, splitPartId, tenderedMinor });
});

const startCard = fromPromise<
  IpcResult<PaymentAttemptView>,
  { bridge: StationBridge; orderId: string; amountMinor: number; tipMinor: number; splitPartId: string | null; requestKey: string }
>(async ({ input }) =>
  input.bridge.invoke('payment.startCard', {
    orderId: input.orderId,
    amountMinor: input.amountMinor,
    tipMinor: input.tipMinor,
    requestKey: input.requestKey,
    ...(input.splitPartId !== null ? { splitPartId: input.splitPartId } : {}),
  }),
);

const cancelCard = fromPromise<IpcResult<PaymentAttemptView>, { bridge: StationBridge; attemptId: string }>(async ({ input }) =>
  input.bridge.invoke('payment.cancelCard', { attemptId: input.attemptId }),
);

const pollAttempt = fromPromise<IpcResult<PaymentAttemptView>, { bridge: StationBridge; attemptId: string }>(async ({ input }) =>
  input.bridge.invoke('payment.status', { attemptId: input.attemptId }),
);

const splitTender = fromPromise<IpcResult<SplitPart[]>, { bridge: StationBridge; orderId: string; partsMinor: number[] }>(
  async ({ input }) => {
    const split = await input.bridge.invoke('payment.splitTender', { orderId: input.orderId, partsMinor: input.partsMinor });
    return split.ok ? { ok: true, value: split.value.parts.map((p) => ({ ...p, paidMinor: 0 })) } : split;
  },
);

/** The parts to show: the order's own view once it lists them (with what each has been paid). */
export function partsOf(context: Pick<TenderContext, 'order' | 'splitParts'>): SplitPart[] {
  return context.order.splitParts.length > 0 ? context.order.splitParts : context.splitParts;
}

/** What the next payment settles: the selected part's open amount, else everything due. */
export function amountToPay(context: Pick<TenderContext, 'order' | 'splitParts' | 'selectedPartId'>): number {
  const part = partsOf(context).find((p) => p.partId === context.selectedPartId);
  return part ? Math.min(part.amountMinor - part.paidMinor, context.order.dueMinor) : context.order.dueMinor;
}

export function isSettled(order: OrderView): boolean {
  return order.status === 'paid' || order.status === 'completed';
}

/** The order's view already shows the attempt's capture. */
function showsCapture(order: OrderView, attempt: PaymentAttemptView | null): boolean {
  return attempt !== null && order.payments.some((p) => p.paymentId === attempt.attemptId && p.status !== 'authorized');
}

const randomKey = () => newRequestKey('tender');

function unexpected(error: unknown): IpcError {
  return { code: 'internal', message: error instanceof Error ? error.message : 'Unexpected failure' };
}

const errorOf = (output: IpcResult<unknown>): IpcError | null => (output.ok ? null : output.error);

export const tenderMachine = setup({
  types: { context: {} as TenderContext, events: {} as TenderEvent, input: {} as TenderInput },
  actors: { loadAttempts, payCash, startCard, cancelCard, pollAttempt, splitTender },
  delays: { poll: ({ context }) => context.pollMs },
  actions: {
    /** Hook for the window: the order is paid (cash change, or 0 for card). */
    paid: (_args, _params: { order: OrderView; changeMinor: number }) => {},
    takeOrder: assign({
      order: ({ context, event }) =>
        event.type === 'ORDER_CHANGED' && isNewerView(event.order, context.order) ? event.order : context.order,
    }),
    takeAttempt: assign({
      attempt: ({ context, event }) =>
        event.type === 'ATTEMPT_CHANGED' &&
        (context.attempt === null || event.attempt.attemptId === context.attempt.attemptId) &&
        event.attempt.updatedAt >= (context.attempt?.updatedAt ?? 0)
          ? event.attempt
          : context.attempt,
    }),
    setTip: assign({ tipMinor: ({ context, event }) => (event.type === 'SET_TIP' ? event.tipMinor : context.tipMinor) }),
    selectPart: assign({ selectedPartId: ({ context, event }) => (event.type === 'SELECT_PART' ? event.partId : context.selectedPartId) }),
    newRequestKey: assign({ requestKey: ({ context }) => context.newRequestKey() }),
    forgetError: assign({ error: null, notice: null }),
    /** After a part is paid, the next unpaid part is selected so the cashier only picks the method. */
    selectNextPart: assign({
      selectedPartId: ({ context }) =>
        partsOf(context).find((p) => p.paidMinor < p.amountMinor && p.partId !== context.selectedPartId)?.partId ?? null,
    }),
  },
  guards: {
    isValidTender: ({ event }) => event.type === 'PAY_CASH' && Number.isSafeInteger(event.tenderedMinor) && event.tenderedMinor > 0,
    isValidTip: ({ event }) => event.type === 'SET_TIP' && Number.isSafeInteger(event.tipMinor) && event.tipMinor >= 0,
    isValidSplit: ({ context, event }) =>
      event.type === 'SPLIT' &&
      event.partsMinor.length >= 2 &&
      event.partsMinor.every((p) => Number.isSafeInteger(p) && p > 0) &&
      event.partsMinor.reduce((a, b) => a + b, 0) === context.order.dueMinor,
    isKnownPart: ({ context, event }) =>
      event.type === 'SELECT_PART' && partsOf(context).some((p) => p.partId === event.partId && p.paidMinor < p.amountMinor),
    hasSomethingDue: ({ context }) => context.order.dueMinor > 0 && (context.order.status === 'open' || context.order.status === 'placed'),
    orderSettled: ({ context }) => isSettled(context.order),
    // Approved offline completes the sale too: the payment is forwarded later, by the station.
    attemptApproved: ({ context }) => context.attempt?.state === 'approved' || context.attempt?.state === 'offline_approved',
    attemptRefused: ({ context }) => context.attempt?.state === 'declined' || context.attempt?.state === 'failed',
    attemptVoided: ({ context }) => context.attempt?.state === 'voided',
  },
}).createMachine({
  id: 'tender',
  context: ({ input }) => ({
    bridge: input.bridge,
    newRequestKey: input.newRequestKey ?? randomKey,
    pollMs: input.pollMs ?? 3_000,
    order: input.order,
    tipMinor: 0,
    splitParts: [],
    selectedPartId: input.order.splitParts.find((p) => p.paidMinor < p.amountMinor)?.partId ?? null,
    attempt: null,
    requestKey: null,
    changeMinor: null,
    settledBy: null,
    error: null,
    notice: null,
  }),
  initial: 'resuming',
  on: {
    DISMISS_ERROR: { actions: 'forgetError' },
    INPUT_INVALID: { actions: assign({ error: ({ event }) => ({ code: 'bad_request' as const, message: event.message }), notice: null }) },
  },
  states: {
    /** A window that opens (or reloads) mid-payment picks up the card attempt still in flight. */
    resuming: {
      invoke: {
        src: 'loadAttempts',
        input: ({ context }) => ({ bridge: context.bridge, orderId: context.order.id }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok && event.output.value.some((a) => IN_FLIGHT.includes(a.state)),
            target: 'card.inFlight',
            actions: assign({
              attempt: ({ event }) => (event.output.ok ? event.output.value.find((a) => IN_FLIGHT.includes(a.state))! : null),
            }),
          },
          { target: 'deciding', actions: assign({ error: ({ event }) => errorOf(event.output) }) },
        ],
        onError: { target: 'deciding', actions: assign({ error: ({ event }) => unexpected(event.error) }) },
      },
      on: { ORDER_CHANGED: { actions: 'takeOrder' } },
    },
    /** Transient: where the cashier stands with the order as it is now. */
    deciding: {
      always: [{ guard: 'hasSomethingDue', target: 'choosing' }, { guard: 'orderSettled', target: 'done' }, { target: 'closed' }],
    },
    choosing: {
      on: {
        ORDER_CHANGED: [{ actions: 'takeOrder' }],
        SET_TIP: { guard: 'isValidTip', actions: 'setTip' },
        SELECT_PART: { guard: 'isKnownPart', actions: 'selectPart' },
        PAY_CASH: { guard: 'isValidTender', target: 'payingCash', actions: 'forgetError' },
        PAY_CARD: { target: 'card.starting', actions: ['forgetError', 'newRequestKey'] },
        SPLIT: { guard: 'isValidSplit', target: 'splitting', actions: 'forgetError' },
      },
      always: [
        { guard: 'orderSettled', target: 'done' },
        { guard: ({ context }) => !['open', 'placed'].includes(context.order.status), target: 'closed' },
      ],
    },
    payingCash: {
      invoke: {
        src: 'payCash',
        input: ({ context, event }) => ({
          bridge: context.bridge,
          orderId: context.order.id,
          splitPartId: partsOf(context).length > 0 ? context.selectedPartId : null,
          tenderedMinor: event.type === 'PAY_CASH' ? event.tenderedMinor : 0,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'afterPayment',
            actions: assign(({ context, event }) =>
              event.output.ok
                ? {
                    order: isNewerView(event.output.value.order, context.order) ? event.output.value.order : context.order,
                    changeMinor: event.output.value.changeMinor,
                    settledBy: 'cash' as const,
                  }
                : {},
            ),
          },
          { target: 'choosing', actions: assign({ error: ({ event }) => errorOf(event.output) }) },
        ],
        onError: { target: 'choosing', actions: assign({ error: ({ event }) => unexpected(event.error) }) },
      },
      on: { ORDER_CHANGED: { actions: 'takeOrder' } },
    },
    splitting: {
      invoke: {
        src: 'splitTender',
        input: ({ context, event }) => ({
          bridge: context.bridge,
          orderId: context.order.id,
          partsMinor: event.type === 'SPLIT' ? event.partsMinor : [],
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'choosing',
            actions: assign(({ event }) => {
              const parts = event.output.ok ? event.output.value : [];
              return { splitParts: parts, selectedPartId: parts[0]?.partId ?? null };
            }),
          },
          { target: 'choosing', actions: assign({ error: ({ event }) => errorOf(event.output) }) },
        ],
        onError: { target: 'choosing', actions: assign({ error: ({ event }) => unexpected(event.error) }) },
      },
      on: { ORDER_CHANGED: { actions: 'takeOrder' } },
    },
    card: {
      initial: 'starting',
      on: { ORDER_CHANGED: { actions: 'takeOrder' } },
      states: {
        starting: {
          invoke: {
            src: 'startCard',
            input: ({ context }) => ({
              bridge: context.bridge,
              orderId: context.order.id,
              amountMinor: amountToPay(context),
              tipMinor: context.tipMinor,
              splitPartId: partsOf(context).length > 0 ? context.selectedPartId : null,
              requestKey: context.requestKey!,
            }),
            onDone: [
              {
                guard: ({ event }) => event.output.ok,
                target: 'inFlight',
                actions: assign({ attempt: ({ event }) => (event.output.ok ? event.output.value : null) }),
              },
              { target: '#tender.choosing', actions: assign({ error: ({ event }) => errorOf(event.output) }) },
            ],
            onError: { target: '#tender.choosing', actions: assign({ error: ({ event }) => unexpected(event.error) }) },
          },
          on: {
            // A push can beat the answer to startCard.
            ATTEMPT_CHANGED: { actions: assign({ attempt: ({ event }) => event.attempt }) },
          },
        },
        /** Waiting for the card, checking an unknown outcome, capturing or voiding: the terminal decides. */
        inFlight: {
          always: [
            { guard: 'attemptApproved', target: '#tender.afterPayment', actions: assign({ settledBy: 'card' as const, tipMinor: 0 }) },
            { guard: 'attemptRefused', target: 'refused' },
            {
              guard: 'attemptVoided',
              target: '#tender.choosing',
              actions: assign({ notice: 'Card payment cancelled; nothing was charged' }),
            },
          ],
          on: {
            ATTEMPT_CHANGED: { actions: 'takeAttempt' },
            CANCEL_CARD: { target: '.cancelling' },
          },
          initial: 'waiting',
          states: {
            waiting: { after: { poll: 'polling' } },
            polling: {
              invoke: {
                src: 'pollAttempt',
                input: ({ context }) => ({ bridge: context.bridge, attemptId: context.attempt!.attemptId }),
                onDone: {
                  target: 'waiting',
                  actions: assign({
                    attempt: ({ context, event }) =>
                      event.output.ok && event.output.value.updatedAt >= context.attempt!.updatedAt ? event.output.value : context.attempt,
                  }),
                },
                onError: { target: 'waiting' },
              },
            },
            cancelling: {
              invoke: {
                src: 'cancelCard',
                input: ({ context }) => ({ bridge: context.bridge, attemptId: context.attempt!.attemptId }),
                onDone: {
                  target: 'waiting',
                  actions: assign(({ context, event }) =>
                    event.output.ok
                      ? { attempt: event.output.value.updatedAt >= context.attempt!.updatedAt ? event.output.value : context.attempt }
                      : { error: event.output.error },
                  ),
                },
                onError: { target: 'waiting', actions: assign({ error: ({ event }) => unexpected(event.error) }) },
              },
            },
          },
        },
        /** Declined or failed: nothing was charged. Retry (a new attempt and key) or pay another way. */
        refused: {
          on: {
            RETRY_CARD: { target: 'starting', actions: ['forgetError', 'newRequestKey'] },
            BACK: { target: '#tender.choosing', actions: 'forgetError' },
            PAY_CASH: { guard: 'isValidTender', target: '#tender.payingCash', actions: 'forgetError' },
          },
        },
      },
    },
    /** Transient: a payment went through; the order is paid, or the next split part is up. */
    afterPayment: {
      always: [
        { guard: 'orderSettled', target: 'done' },
        // The card settled the whole amount but the order's view has not arrived yet: wait for it.
        { guard: ({ context }) => context.settledBy === 'card' && !showsCapture(context.order, context.attempt), target: 'awaitingOrder' },
        { target: 'choosing', actions: 'selectNextPart' },
      ],
    },
    awaitingOrder: {
      on: { ORDER_CHANGED: { target: 'afterPayment', actions: 'takeOrder', reenter: true } },
      after: { poll: 'choosing' },
    },
    /** Cancelled or refunded elsewhere: nothing to take. */
    closed: {
      on: { ORDER_CHANGED: { target: 'deciding', actions: 'takeOrder' } },
    },
    done: {
      entry: {
        type: 'paid',
        params: ({ context }) => ({ order: context.order, changeMinor: context.settledBy === 'cash' ? (context.changeMinor ?? 0) : 0 }),
      },
      on: { ORDER_CHANGED: { actions: 'takeOrder' } },
    },
  },
});

export type TenderActorRef = ActorRefFrom<typeof tenderMachine>;
