import { assign, fromPromise, setup, type ActorRefFrom } from 'xstate';
import type { IpcError, IpcResult, StationBridge } from '../../../../shared/ipc/contract.js';
import { IN_FLIGHT_REFUND_STATES, type RefundAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { formatMoney } from '../../../../shared/money.js';
import { newRequestKey } from '../tender/request-key.js';
import { moneyInRefusal, refusalField, type RefundField, type RefundRequest } from './refund-form.js';
import { refundStatusText } from './refund-status.js';

/**
 * The refund workflow of one order, like the tender machine: a cash refund (then the drawer), or a
 * card refund through the terminal, followed until the terminal decides (live from
 * `payment.refundChanged`, polled in case a push was lost). The core checks everything; this
 * machine tracks where the cashier is and what to tell them.
 */

export type RefundEvent =
  | { type: 'SUBMIT'; request: RefundRequest }
  /** The form did not check out: shown like a refusal from the core, beside the field at fault. */
  | { type: 'INPUT_INVALID'; message: string; field?: RefundField }
  /** A card refund of this order moved (pushed); only the one this dialog started is followed. */
  | { type: 'REFUND_CHANGED'; refund: RefundAttemptView };

export interface RefundOutcome {
  tone: 'ok' | 'error' | 'pending';
  text: string;
  /** An error about one field (shown beside it); none: about the refund as a whole. */
  field?: RefundField;
}

export interface RefundInput {
  bridge: StationBridge;
  orderId: string;
  currency: string;
  /** A fresh request key per card refund (a double tap then never refunds twice). */
  newRequestKey?: () => string;
  /** How often an in-flight card refund is polled in case a push was lost. */
  pollMs?: number;
}

export interface RefundContext {
  bridge: StationBridge;
  orderId: string;
  currency: string;
  newRequestKey: () => string;
  pollMs: number;
  /** Kept until the core gives a definite answer: resending after a lost answer never refunds twice. */
  requestKey: string;
  /** The card refund this dialog started, as last heard. */
  refund: RefundAttemptView | null;
  outcome: RefundOutcome | null;
  /** How many refunds this dialog completed: each one clears the form for the next. */
  completed: number;
}

const IN_FLIGHT: readonly string[] = IN_FLIGHT_REFUND_STATES;

export function isRefundInFlight(refund: RefundAttemptView | null): boolean {
  return refund !== null && IN_FLIGHT.includes(refund.state);
}

export function refundOutcome(refund: RefundAttemptView): RefundOutcome {
  const tone = refund.state === 'refunded' ? 'ok' : refund.state === 'refused' || refund.state === 'failed' ? 'error' : 'pending';
  return { tone, text: refundStatusText(refund) };
}

/** A refusal from the core, worded for the cashier and placed where it belongs. */
function refusal(error: IpcError, currency: string): RefundOutcome {
  const field = refusalField(error);
  return { tone: 'error', text: moneyInRefusal(error.message, currency), ...(field ? { field } : {}) };
}

/** Takes a newer view of the followed card refund; its turning refunded completes a refund. */
function follow(context: RefundContext, next: RefundAttemptView | null): Partial<RefundContext> {
  const refund = followed(context.refund, next);
  if (refund === context.refund || refund === null) return {};
  const done = refund.state === 'refunded' && context.refund?.state !== 'refunded';
  return { refund, outcome: refundOutcome(refund), completed: context.completed + (done ? 1 : 0) };
}

/** Transport trouble leaves it open whether the core took the request: only then is the key reused. */
function isDefinite(answer: IpcResult<unknown>): boolean {
  return answer.ok || (answer.error.code !== 'unavailable' && answer.error.code !== 'internal');
}

type CardRefundInput = { bridge: StationBridge; orderId: string; requestKey: string; request: RefundRequest | null };
type CashRefundInput = { bridge: StationBridge; orderId: string; currency: string; request: RefundRequest | null };

/** The request a SUBMIT carried; the states that invoke refunds are entered by nothing else. */
const submitted = (event: RefundEvent): RefundRequest | null => (event.type === 'SUBMIT' ? event.request : null);

const notA = (kind: string): { ok: false; error: IpcError } => ({
  ok: false,
  error: { code: 'bad_request', message: `Not a ${kind} refund` },
});

const refundCard = fromPromise<IpcResult<RefundAttemptView>, CardRefundInput>(async ({ input }) => {
  const { request } = input;
  if (request?.kind !== 'card') return notA('card');
  return input.bridge.invoke('payment.refundCard', {
    orderId: input.orderId,
    paymentId: request.paymentId,
    amountMinor: request.amountMinor,
    reason: request.reason,
    requestKey: input.requestKey,
    ...(request.managerPin !== undefined ? { managerPin: request.managerPin } : {}),
  });
});

/** Cash leaves the drawer, so the drawer opens once the core recorded the refund. */
const refundCash = fromPromise<RefundOutcome, CashRefundInput>(async ({ input }) => {
  const { bridge, orderId, request } = input;
  if (request?.kind !== 'cash') return { tone: 'error', text: notA('cash').error.message };
  const refunded = await bridge.invoke('order.refundCash', {
    orderId,
    amountMinor: request.amountMinor,
    reason: request.reason,
    ...(request.managerPin !== undefined ? { managerPin: request.managerPin } : {}),
  });
  if (!refunded.ok) return refusal(refunded.error, input.currency);
  const drawer = await bridge.invoke('drawer.open', { orderId, reason: 'refund' });
  const amount = formatMoney(request.amountMinor, input.currency);
  return {
    tone: 'ok',
    text: `Refunded ${amount} in cash${drawer.ok ? ' — drawer opened' : ` — the drawer did not open: ${drawer.error.message}`}`,
  };
});

const pollRefund = fromPromise<RefundAttemptView | null, { bridge: StationBridge; orderId: string; refundId: string }>(
  async ({ input }) => {
    const found = await input.bridge.invoke('payment.refunds', { orderId: input.orderId });
    return found.ok ? (found.value.refunds.find((r) => r.refundId === input.refundId) ?? null) : null;
  },
);

/** Only this dialog's refund, and never an older view of it than the one held. */
function followed(current: RefundAttemptView | null, next: RefundAttemptView | null): RefundAttemptView | null {
  return current !== null && next !== null && next.refundId === current.refundId && next.updatedAt >= current.updatedAt ? next : current;
}

const failedWith = (error: unknown): RefundOutcome => ({
  tone: 'error',
  text: error instanceof Error ? error.message : 'Unexpected failure',
});

const randomKey = () => newRequestKey('refund');

export const refundMachine = setup({
  types: { context: {} as RefundContext, events: {} as RefundEvent, input: {} as RefundInput },
  actors: { refundCard, refundCash, pollRefund },
  delays: { poll: ({ context }) => context.pollMs },
  actions: {
    takeRefund: assign(({ context, event }) => (event.type === 'REFUND_CHANGED' ? follow(context, event.refund) : {})),
    forgetOutcome: assign({ outcome: null }),
  },
  guards: {
    isCard: ({ event }) => event.type === 'SUBMIT' && event.request.kind === 'card',
    settled: ({ context }) => !isRefundInFlight(context.refund),
  },
}).createMachine({
  id: 'refund',
  context: ({ input }) => {
    const keys = input.newRequestKey ?? randomKey;
    return {
      bridge: input.bridge,
      orderId: input.orderId,
      currency: input.currency,
      newRequestKey: keys,
      pollMs: input.pollMs ?? 3_000,
      requestKey: keys(),
      refund: null,
      outcome: null,
      completed: 0,
    };
  },
  initial: 'ready',
  on: { REFUND_CHANGED: { actions: 'takeRefund' } },
  states: {
    /** The form is open for a (further) refund. */
    ready: {
      on: {
        SUBMIT: [
          { guard: 'isCard', target: 'startingCard', actions: 'forgetOutcome' },
          { target: 'refundingCash', actions: 'forgetOutcome' },
        ],
        INPUT_INVALID: {
          actions: assign({
            outcome: ({ event }): RefundOutcome => ({ tone: 'error', text: event.message, ...(event.field ? { field: event.field } : {}) }),
          }),
        },
      },
    },
    startingCard: {
      invoke: {
        src: 'refundCard',
        input: ({ context, event }) => ({
          bridge: context.bridge,
          orderId: context.orderId,
          requestKey: context.requestKey,
          request: submitted(event),
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'tracking',
            actions: assign(({ context, event }) => {
              const refund = event.output.ok ? event.output.value : null;
              return {
                requestKey: context.newRequestKey(),
                refund,
                outcome: refund ? refundOutcome(refund) : null,
                completed: context.completed + (refund?.state === 'refunded' ? 1 : 0),
              };
            }),
          },
          {
            target: 'ready',
            actions: assign(({ context, event }) => ({
              requestKey: isDefinite(event.output) ? context.newRequestKey() : context.requestKey,
              outcome: event.output.ok ? null : refusal(event.output.error, context.currency),
            })),
          },
        ],
        onError: { target: 'ready', actions: assign({ outcome: ({ event }) => failedWith(event.error) }) },
      },
    },
    /** The terminal is working on it (or its answer is being recovered): the form waits. */
    tracking: {
      always: { guard: 'settled', target: 'ready' },
      initial: 'waiting',
      states: {
        waiting: { after: { poll: 'polling' } },
        polling: {
          invoke: {
            src: 'pollRefund',
            input: ({ context }) => ({ bridge: context.bridge, orderId: context.orderId, refundId: context.refund!.refundId }),
            onDone: {
              target: 'waiting',
              actions: assign(({ context, event }) => follow(context, event.output)),
            },
            onError: { target: 'waiting' },
          },
        },
      },
    },
    refundingCash: {
      invoke: {
        src: 'refundCash',
        input: ({ context, event }) => ({
          bridge: context.bridge,
          orderId: context.orderId,
          currency: context.currency,
          request: submitted(event),
        }),
        onDone: {
          target: 'ready',
          actions: assign(({ context, event }) => ({
            outcome: event.output,
            completed: context.completed + (event.output.tone === 'ok' ? 1 : 0),
          })),
        },
        onError: { target: 'ready', actions: assign({ outcome: ({ event }) => failedWith(event.error) }) },
      },
    },
  },
});

export type RefundActorRef = ActorRefFrom<typeof refundMachine>;
