import { and, assign, fromPromise, setup, type ActorRefFrom } from 'xstate';
import type { OrderType } from '../../../shared/events.js';
import type { IpcError, StationBridge } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import { isNewerView } from '../order-version.js';
import { paymentInFlight } from './line-view.js';
import type { ChosenGroup } from './modifier-choice.js';

/** One thing the cashier asked to add; queued so taps made while a call is in flight are kept, in order. */
export type AddRequest =
  { kind: 'item'; itemId: string; quantity: number; modifiers: ChosenGroup[]; note?: string } | { kind: 'barcode'; barcode: string };

export type CartEvent =
  | { type: 'ADD_ITEM'; itemId: string; quantity?: number; modifiers?: ChosenGroup[]; note?: string }
  | { type: 'SCAN'; barcode: string }
  /** The tender panel took the money: the cart shows the change and offers a new order. */
  | { type: 'PAID'; order: OrderView; changeMinor: number }
  /** From `ordering` parks the order (it stays open on the station); from `paid` clears the screen. */
  | { type: 'NEW_ORDER' }
  /** Puts an open or placed order on screen: picked from the open orders list, or resumed after a reload. */
  | { type: 'RECALL'; order: OrderView }
  | { type: 'SET_ORDER_TYPE'; orderType: OrderType }
  /** The station's latest view of an order (push or reload); only the current order's newer views matter. */
  | { type: 'ORDER_CHANGED'; order: OrderView }
  | { type: 'DISMISS_ERROR' };

export interface CartInput {
  bridge: StationBridge;
  /** The store's default for a new order; Takeout unless given. */
  orderType?: OrderType;
}

export interface CartContext {
  bridge: StationBridge;
  /** For the next order the cart opens; an order on screen keeps its own type. */
  orderType: OrderType;
  /** What `orderType` returns to once an order is paid, parked or sent: one table's Dine in is not the next guest's. */
  defaultOrderType: OrderType;
  /** The order being rung up, or the one just paid; null until the first line opens one. */
  order: OrderView | null;
  /** Head is the add in flight while in `adding`. */
  queue: AddRequest[];
  changeMinor: number | null;
  error: IpcError | null;
  /** NEW_ORDER arrived while adds were in flight: park once they have landed on this order. */
  parkRequested: boolean;
}

type AddOutcome = { ok: true; order: OrderView } | { ok: false; error: IpcError };

const MAX_BARCODE_LENGTH = 64;

/** With no order yet, the core opens one and adds the first line atomically: a refused scan leaves nothing behind. */
const addToOrder = fromPromise<AddOutcome, { bridge: StationBridge; orderId: string | null; orderType: OrderType; request: AddRequest }>(
  async ({ input }) => {
    const { bridge, request, orderType } = input;
    const target = input.orderId === null ? { orderType } : { orderId: input.orderId, orderType };
    const added =
      request.kind === 'item'
        ? await bridge.invoke('order.addLine', {
            ...target,
            itemId: request.itemId,
            quantity: request.quantity,
            ...(request.modifiers.length > 0 ? { modifiers: request.modifiers } : {}),
            ...(request.note !== undefined ? { note: request.note } : {}),
          })
        : await bridge.invoke('order.addBarcode', { ...target, barcode: request.barcode });
    return added.ok ? { ok: true, order: added.value } : { ok: false, error: added.error };
  },
);

function toRequest(event: CartEvent): AddRequest | null {
  if (event.type === 'ADD_ITEM') {
    const quantity = event.quantity ?? 1;
    if (!event.itemId || !Number.isInteger(quantity) || quantity < 1 || quantity > 999) return null;
    const note = event.note?.trim();
    return { kind: 'item', itemId: event.itemId, quantity, modifiers: event.modifiers ?? [], ...(note ? { note } : {}) };
  }
  if (event.type === 'SCAN') {
    const barcode = event.barcode.trim();
    if (!barcode || barcode.length > MAX_BARCODE_LENGTH) return null;
    return { kind: 'barcode', barcode };
  }
  return null;
}

function unexpected(error: unknown): IpcError {
  return { code: 'internal', message: error instanceof Error ? error.message : 'Unexpected failure' };
}

const busyPaying: IpcError = { code: 'invalid_state', message: 'Finish taking payment before adding items' };

/** Lines go to a draft or to a placed order (another round for the kitchen); anything later starts a new order. */
const takesLines = (order: OrderView): boolean => order.status === 'open' || order.status === 'placed';

/** Names a dropped add in the message; the machine knows item ids, not the menu's names. */
function describeRequest(request: AddRequest): string {
  return request.kind === 'item' ? request.itemId : `barcode ${request.barcode}`;
}

/**
 * The cashier's order-building workflow. Item adds that arrive while a call is in flight are QUEUED
 * and applied one at a time in arrival order, so a double tap gives exactly two lines and a scan
 * during a slow add is not lost. Each queued add succeeds or fails on its own. Taking the money is
 * the tender panel's job: it reports `PAID` and the cart shows the change until the next order. Adds
 * while a card payment is authorized are REJECTED: the scan belongs to no order yet.
 */
export const cartMachine = setup({
  types: {
    context: {} as CartContext,
    events: {} as CartEvent,
    input: {} as CartInput,
  },
  actors: { addToOrder },
  actions: {
    // Hooks for the window (Redux notices, orders read model); no-ops so the machine runs bare in tests.
    reportError: (_args, _params: { error: IpcError; request: AddRequest | null }) => {},
    clearError: () => {},
    publishOrder: (_args, _params: { order: OrderView }) => {},
    /** The order on screen was cancelled or closed by someone else (another channel, the kitchen). */
    reportClosed: (_args, _params: { order: OrderView }) => {},

    enqueue: assign({
      queue: ({ context, event }) => {
        const request = toRequest(event);
        return request ? [...context.queue, request] : context.queue;
      },
    }),
    dequeue: assign({ queue: ({ context }) => context.queue.slice(1) }),
    forgetError: assign({ error: null }),
    startFresh: assign({ order: null, changeMinor: null, queue: [], error: null, parkRequested: false }),
    requestPark: assign({ parkRequested: true }),
    resetOrderType: assign({ orderType: ({ context }) => context.defaultOrderType }),
    setOrderType: assign({
      orderType: ({ context, event }) => (event.type === 'SET_ORDER_TYPE' ? event.orderType : context.orderType),
    }),
    applyOrderUpdate: assign({
      order: ({ context, event }) =>
        // Only the order on screen; a view of some other order must never replace it.
        event.type === 'ORDER_CHANGED' && context.order !== null && isNewerView(event.order, context.order) ? event.order : context.order,
    }),
    takeRecalled: assign(({ event }) =>
      event.type === 'RECALL'
        ? { order: event.order, orderType: event.order.orderType, changeMinor: null, error: null, parkRequested: false }
        : {},
    ),
    takePayment: assign(({ context, event }) => {
      if (event.type !== 'PAID') return {};
      return {
        order: isNewerView(event.order, context.order) ? event.order : context.order,
        changeMinor: event.changeMinor,
        error: null,
        parkRequested: false,
      };
    }),
    takeChangeFromOrder: assign({ changeMinor: ({ context }) => context.order?.changeMinor ?? 0, error: null }),
    rejectBusy: assign({ error: busyPaying }),
    /** Adds still queued when the payment finished belonged to the paid order; they are not added to a new one silently. */
    dropQueuedAdds: assign(({ context }) => {
      const dropped = context.queue.slice(1);
      if (dropped.length === 0) return { queue: [] };
      return {
        queue: [],
        error: {
          code: 'invalid_state',
          message: `Payment finished before ${dropped.map(describeRequest).join(', ')} was added: add ${dropped.length === 1 ? 'it' : 'them'} again`,
        } satisfies IpcError,
      };
    }),
  },
  guards: {
    isValidAdd: ({ event }) => toRequest(event) !== null,
    hasQueued: ({ context }) => context.queue.length > 0,
    hasOrder: ({ context }) => context.order !== null && takesLines(context.order),
    paymentInFlight: ({ context }) => paymentInFlight(context.order),
    isPaymentOfCurrentOrder: ({ context, event }) => event.type === 'PAID' && context.order?.id === event.order.id,
    // Completed is settled too: a fully comped order is completed with nothing to pay.
    isPaidViewOfCurrentOrder: ({ context, event }) =>
      event.type === 'ORDER_CHANGED' &&
      (event.order.status === 'paid' || event.order.status === 'completed') &&
      context.order !== null &&
      isNewerView(event.order, context.order),
    isClosedViewOfCurrentOrder: ({ context, event }) =>
      event.type === 'ORDER_CHANGED' &&
      !takesLines(event.order) &&
      event.order.status !== 'paid' &&
      event.order.status !== 'completed' &&
      context.order !== null &&
      isNewerView(event.order, context.order),
    isRecallable: ({ event }) => event.type === 'RECALL' && takesLines(event.order),
    orderIsPaid: ({ context }) => context.order?.status === 'paid',
    hasMoreQueued: ({ context }) => context.queue.length > 1,
    parkRequested: ({ context }) => context.parkRequested,
  },
}).createMachine({
  id: 'cart',
  context: ({ input }) => ({
    bridge: input.bridge,
    orderType: input.orderType ?? 'takeout',
    defaultOrderType: input.orderType ?? 'takeout',
    order: null,
    queue: [],
    changeMinor: null,
    error: null,
    parkRequested: false,
  }),
  initial: 'idle',
  on: {
    ORDER_CHANGED: { actions: 'applyOrderUpdate' },
    DISMISS_ERROR: { actions: ['forgetError', 'clearError'] },
    SET_ORDER_TYPE: { actions: 'setOrderType' },
  },
  states: {
    /** Nothing on screen: the next add opens an order. */
    idle: {
      on: {
        ADD_ITEM: { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        SCAN: { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        RECALL: { guard: 'isRecallable', target: 'ordering', actions: ['takeRecalled', 'clearError'] },
      },
    },
    /** An open or placed order on screen (usually with lines; the last one may have been voided). */
    ordering: {
      on: {
        ADD_ITEM: [
          { guard: 'paymentInFlight', actions: ['rejectBusy', { type: 'reportError', params: { error: busyPaying, request: null } }] },
          { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        ],
        SCAN: [
          { guard: 'paymentInFlight', actions: ['rejectBusy', { type: 'reportError', params: { error: busyPaying, request: null } }] },
          { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        ],
        PAID: { guard: 'isPaymentOfCurrentOrder', target: 'paid', actions: ['takePayment', 'clearError'] },
        // Parked: the order stays open on the station and waits in the open orders list.
        NEW_ORDER: { target: 'idle', actions: ['startFresh', 'resetOrderType', 'clearError'] },
        RECALL: { guard: 'isRecallable', target: 'ordering', reenter: true, actions: ['takeRecalled', 'clearError'] },
        ORDER_CHANGED: [
          // Payment that went through while this window lost its answer (e.g. connection drop mid-pay).
          { guard: 'isPaidViewOfCurrentOrder', target: 'paid', actions: ['applyOrderUpdate', 'takeChangeFromOrder'] },
          {
            guard: 'isClosedViewOfCurrentOrder',
            target: 'idle',
            actions: [
              { type: 'reportClosed', params: ({ event }) => ({ order: (event as { order: OrderView }).order }) },
              'startFresh',
              'resetOrderType',
            ],
          },
          { actions: 'applyOrderUpdate' },
        ],
      },
    },
    adding: {
      invoke: {
        src: 'addToOrder',
        input: ({ context }) => ({
          bridge: context.bridge,
          orderId: context.order && takesLines(context.order) ? context.order.id : null,
          orderType: context.orderType,
          request: context.queue[0]!,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'settled',
            actions: [
              assign({
                order: ({ context, event }) =>
                  event.output.ok && isNewerView(event.output.order, context.order) ? event.output.order : context.order,
              }),
              { type: 'publishOrder', params: ({ context }) => ({ order: context.order! }) },
              'dequeue',
            ],
          },
          {
            target: 'settled',
            actions: [
              assign(({ event }) => (event.output.ok ? {} : { error: event.output.error })),
              { type: 'reportError', params: ({ context }) => ({ error: context.error!, request: context.queue[0] ?? null }) },
              'dequeue',
            ],
          },
        ],
        onError: {
          target: 'settled',
          actions: [
            assign({ error: ({ event }) => unexpected(event.error) }),
            { type: 'reportError', params: ({ context }) => ({ error: context.error!, request: context.queue[0] ?? null }) },
            'dequeue',
          ],
        },
      },
      on: {
        ADD_ITEM: { guard: 'isValidAdd', actions: 'enqueue' },
        SCAN: { guard: 'isValidAdd', actions: 'enqueue' },
        // The queued adds belong to this order: they land first, then it is parked.
        NEW_ORDER: { actions: 'requestPark' },
        // The answer to the add in flight no longer matters: a paid order takes no lines.
        PAID: [
          {
            guard: and(['isPaymentOfCurrentOrder', 'hasMoreQueued']),
            target: 'paid',
            actions: [
              'takePayment',
              'dropQueuedAdds',
              { type: 'reportError', params: ({ context }) => ({ error: context.error!, request: null }) },
            ],
          },
          { guard: 'isPaymentOfCurrentOrder', target: 'paid', actions: ['takePayment', 'dropQueuedAdds', 'clearError'] },
        ],
      },
    },
    /** Transient: decides where an add leaves the cart. */
    settled: {
      always: [
        { guard: 'hasQueued', target: 'adding' },
        { guard: 'parkRequested', target: 'idle', actions: ['startFresh', 'resetOrderType'] },
        // A payment pushed while the add was in flight: the order is settled, show it so.
        { guard: 'orderIsPaid', target: 'paid', actions: 'takeChangeFromOrder' },
        { guard: 'hasOrder', target: 'ordering' },
        { target: 'idle' },
      ],
    },
    /**
     * Change is due; the next add starts a fresh order. The order type goes back to the default as
     * the sale ends, so a type chosen now (before the next guest's first item) is kept for that order.
     */
    paid: {
      entry: 'resetOrderType',
      on: {
        // Cancelled or fully refunded since: the screen no longer says "Paid" for an order that is not.
        ORDER_CHANGED: [
          {
            guard: 'isClosedViewOfCurrentOrder',
            target: 'idle',
            actions: [{ type: 'reportClosed', params: ({ event }) => ({ order: (event as { order: OrderView }).order }) }, 'startFresh'],
          },
          { actions: 'applyOrderUpdate' },
        ],
        ADD_ITEM: { guard: 'isValidAdd', target: 'adding', actions: ['startFresh', 'enqueue', 'clearError'] },
        SCAN: { guard: 'isValidAdd', target: 'adding', actions: ['startFresh', 'enqueue', 'clearError'] },
        NEW_ORDER: { target: 'idle', actions: ['startFresh', 'clearError'] },
        RECALL: { guard: 'isRecallable', target: 'ordering', actions: ['takeRecalled', 'clearError'] },
      },
    },
  },
});

export type CartActorRef = ActorRefFrom<typeof cartMachine>;
