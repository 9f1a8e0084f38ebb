import { assign, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import type { OrderType } from '../../../shared/events.js';
import type { IpcError, StationBridge } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import { isNewerView } from '../order-version.js';

/** One thing the cashier asked to add; queued so taps made while a call is in flight are kept, in order. */
export type AddRequest = { kind: 'item'; itemId: string; quantity: number } | { kind: 'barcode'; barcode: string };

export type CartEvent =
  | { type: 'ADD_ITEM'; itemId: string; quantity?: number }
  | { type: 'SCAN'; barcode: string }
  | { type: 'PAY'; tenderedMinor: number }
  | { type: 'NEW_ORDER' }
  | { type: 'SET_ORDER_TYPE'; orderType: OrderType }
  /** The station's latest view of an order (push or reload); only the current order's newer views matter. */
  | { type: 'ORDER_CHANGED'; order: OrderView }
  | { type: 'DISMISS_ERROR' };

export interface CartInput {
  bridge: StationBridge;
  orderType?: OrderType;
}

export interface CartContext {
  bridge: StationBridge;
  orderType: OrderType;
  /** The order being rung up, or the one just paid; null until the first line opens one. */
  order: OrderView | null;
  /** Head is the add in flight while in `adding`. */
  queue: AddRequest[];
  changeMinor: number | null;
  error: IpcError | null;
}

type AddOutcome = { ok: true; order: OrderView } | { ok: false; error: IpcError };
type PayOutcome = { ok: true; order: OrderView; changeMinor: number } | { ok: false; error: IpcError };

const MAX_BARCODE_LENGTH = 64;

/** With no order yet, the core opens one and adds the first line atomically: a refused scan leaves nothing behind. */
const addToOrder = fromPromise<
  AddOutcome,
  { bridge: StationBridge; orderId: string | null; orderType: OrderType; request: AddRequest }
>(async ({ input }) => {
  const { bridge, request, orderType } = input;
  const target = input.orderId === null ? { orderType } : { orderId: input.orderId, orderType };
  const added =
    request.kind === 'item'
      ? await bridge.invoke('order.addLine', { ...target, itemId: request.itemId, quantity: request.quantity })
      : await bridge.invoke('order.addBarcode', { ...target, barcode: request.barcode });
  return added.ok ? { ok: true, order: added.value } : { ok: false, error: added.error };
});

const payCash = fromPromise<PayOutcome, { bridge: StationBridge; orderId: string; tenderedMinor: number }>(
  async ({ input }) => {
    const paid = await input.bridge.invoke('order.payCash', { orderId: input.orderId, tenderedMinor: input.tenderedMinor });
    return paid.ok ? { ok: true, order: paid.value.order, changeMinor: paid.value.changeMinor } : paid;
  },
);

function toRequest(event: CartEvent): AddRequest | null {
  if (event.type === 'ADD_ITEM') {
    const quantity = event.quantity ?? 1;
    if (!event.itemId || !Number.isInteger(quantity) || quantity < 1 || quantity > 999) return null;
    return { kind: 'item', itemId: event.itemId, quantity };
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

/**
 * The cashier's workflow. Item adds that arrive while a call is in flight are QUEUED and applied one at
 * a time in arrival order, so a double tap gives exactly two lines and a scan during a slow add is not
 * lost. Each queued add succeeds or fails on its own. Adds during `paying` are REJECTED with an error:
 * the order is being settled, and the scan belongs to no order yet.
 */
export const cartMachine = setup({
  types: {
    context: {} as CartContext,
    events: {} as CartEvent,
    input: {} as CartInput,
  },
  actors: { addToOrder, payCash },
  actions: {
    // Hooks for the window (Redux notices, orders read model); no-ops so the machine runs bare in tests.
    reportError: (_args, _params: { error: IpcError; request: AddRequest | null }) => {},
    clearError: () => {},
    publishOrder: (_args, _params: { order: OrderView }) => {},

    enqueue: assign({
      queue: ({ context, event }) => {
        const request = toRequest(event);
        return request ? [...context.queue, request] : context.queue;
      },
    }),
    dequeue: assign({ queue: ({ context }) => context.queue.slice(1) }),
    forgetError: assign({ error: null }),
    startFresh: assign({ order: null, changeMinor: null, queue: [], error: null }),
    setOrderType: assign({
      orderType: ({ context, event }) => (event.type === 'SET_ORDER_TYPE' ? event.orderType : context.orderType),
    }),
    applyOrderUpdate: assign({
      order: ({ context, event }) =>
        // Only the order on screen; a view of some other order must never replace it.
        event.type === 'ORDER_CHANGED' && context.order !== null && isNewerView(event.order, context.order)
          ? event.order
          : context.order,
    }),
    takeChangeFromOrder: assign({ changeMinor: ({ context }) => context.order?.changeMinor ?? 0, error: null }),
    rejectBusy: assign({ error: busyPaying }),
  },
  guards: {
    isValidAdd: ({ event }) => toRequest(event) !== null,
    isValidTender: ({ event }) =>
      event.type === 'PAY' && Number.isSafeInteger(event.tenderedMinor) && event.tenderedMinor > 0,
    hasQueued: ({ context }) => context.queue.length > 0,
    hasLines: ({ context }) => (context.order?.lines.length ?? 0) > 0,
    isPaidViewOfCurrentOrder: ({ context, event }) =>
      event.type === 'ORDER_CHANGED' && event.order.status === 'paid' && context.order !== null && isNewerView(event.order, context.order),
    orderIsPaid: ({ context }) => context.order?.status === 'paid',
  },
}).createMachine({
  id: 'cart',
  context: ({ input }) => ({
    bridge: input.bridge,
    orderType: input.orderType ?? 'takeout',
    order: null,
    queue: [],
    changeMinor: null,
    error: null,
  }),
  initial: 'idle',
  on: {
    ORDER_CHANGED: { actions: 'applyOrderUpdate' },
    DISMISS_ERROR: { actions: ['forgetError', 'clearError'] },
  },
  states: {
    /** No lines yet. */
    idle: {
      on: {
        ADD_ITEM: { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        SCAN: { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        SET_ORDER_TYPE: { actions: 'setOrderType' },
      },
    },
    /** An open order with at least one line. */
    ordering: {
      on: {
        ADD_ITEM: { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        SCAN: { guard: 'isValidAdd', target: 'adding', actions: ['enqueue', 'forgetError', 'clearError'] },
        PAY: { guard: 'isValidTender', target: 'paying', actions: ['forgetError', 'clearError'] },
        // Payment that went through while this window lost its answer (e.g. connection drop mid-pay).
        ORDER_CHANGED: [
          { guard: 'isPaidViewOfCurrentOrder', target: 'paid', actions: ['applyOrderUpdate', 'takeChangeFromOrder'] },
          { actions: 'applyOrderUpdate' },
        ],
      },
    },
    adding: {
      invoke: {
        src: 'addToOrder',
        input: ({ context }) => ({
          bridge: context.bridge,
          orderId: context.order?.status === 'open' ? context.order.id : null,
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
              assign(({ context, event }) =>
                event.output.ok ? {} : { error: event.output.error },
              ),
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
      },
    },
    /** Transient: decides where an add leaves the cart. */
    settled: {
      always: [{ guard: 'hasQueued', target: 'adding' }, { guard: 'hasLines', target: 'ordering' }, { target: 'idle' }],
    },
    paying: {
      invoke: {
        src: 'payCash',
        input: ({ context, event }) => ({
          bridge: context.bridge,
          orderId: context.order!.id,
          tenderedMinor: event.type === 'PAY' ? event.tenderedMinor : 0,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'paid',
            actions: [
              assign(({ event }) => (event.output.ok ? { order: event.output.order, changeMinor: event.output.changeMinor, error: null } : {})),
              { type: 'publishOrder', params: ({ context }) => ({ order: context.order! }) },
              'clearError',
            ],
          },
          // The answer was lost but a push already showed the order paid: the money is taken.
          { guard: 'orderIsPaid', target: 'paid', actions: ['takeChangeFromOrder', 'clearError'] },
          {
            target: 'ordering',
            actions: [
              assign({ error: ({ event }) => (event.output.ok ? null : event.output.error) }),
              { type: 'reportError', params: ({ context }) => ({ error: context.error!, request: null }) },
            ],
          },
        ],
        onError: {
          target: 'ordering',
          actions: [
            assign({ error: ({ event }) => unexpected(event.error) }),
            { type: 'reportError', params: ({ context }) => ({ error: context.error!, request: null }) },
          ],
        },
      },
      on: {
        ADD_ITEM: { actions: ['rejectBusy', { type: 'reportError', params: { error: busyPaying, request: null } }] },
        SCAN: { actions: ['rejectBusy', { type: 'reportError', params: { error: busyPaying, request: null } }] },
      },
    },
    /** Change is due; the next add starts a fresh order. */
    paid: {
      on: {
        ADD_ITEM: { guard: 'isValidAdd', target: 'adding', actions: ['startFresh', 'enqueue', 'clearError'] },
        SCAN: { guard: 'isValidAdd', target: 'adding', actions: ['startFresh', 'enqueue', 'clearError'] },
        NEW_ORDER: { target: 'idle', actions: ['startFresh', 'clearError'] },
        SET_ORDER_TYPE: { actions: 'setOrderType' },
      },
    },
  },
});

export type CartActorRef = ActorRefFrom<typeof cartMachine>;
export type CartSnapshot = SnapshotFrom<typeof cartMachine>;
