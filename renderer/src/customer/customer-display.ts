import { assign, setup } from 'xstate';
import type { OrderView } from '../../../shared/order-view.js';

/**
 * The customer display follows the order the cashier shows (`SHOWN`, relayed by the core: a recalled
 * tab, a parked order, the next guest). Until the cashier has named one, and for a new order it has not
 * named yet, the most recently changed `open` order opened by this station is current. When it is paid
 * the screen shows the change for `changeShownMs` (20 s), then the welcome screen.
 */
export const CHANGE_SHOWN_MS = 20_000;

export interface CustomerContext {
  stationId: string | null;
  order: OrderView | null;
  /**
   * The core has relayed the cashier's choice at least once: from then on only that choice opens an order
   * (otherwise a parked draft would come back on the next change of any order).
   */
  followsCashier: boolean;
}

export type CustomerEvent =
  | { type: 'STATION'; stationId: string | null }
  | { type: 'ORDER_CHANGED'; order: OrderView }
  /** After a reconnect: the active list; picks the current open order, if any. */
  | { type: 'ACTIVE_LOADED'; orders: OrderView[] }
  /** The order the cashier has on screen, or null when it shows none. */
  | { type: 'SHOWN'; order: OrderView | null };

/** An order the guest is still at the counter for: being rung up, or a tab sent to the kitchen and recalled. */
const onTheCounter = (order: OrderView) => (order.status === 'open' || order.status === 'placed') && order.lines.length > 0;

function ours(context: CustomerContext, order: OrderView): boolean {
  // Without a welcome frame (Electron IPC) every order on this station's core is this station's.
  return order.channel === 'counter' && (context.stationId === null || order.openedBy === context.stationId);
}

/** The current open order among a set: the one changed last (HLCs compare as strings). */
export function currentOpenOrder(orders: readonly OrderView[], stationId: string | null): OrderView | null {
  let best: OrderView | null = null;
  for (const o of orders) {
    if (o.status !== 'open' || o.lines.length === 0) continue;
    if (o.channel !== 'counter' || (stationId !== null && o.openedBy !== stationId)) continue;
    if (best === null || o.lastHlc > best.lastHlc) best = o;
  }
  return best;
}

const isNewerThanCurrent = (context: CustomerContext, order: OrderView) =>
  context.order === null || context.order.id === order.id || order.lastHlc >= context.order.lastHlc;

export const customerDisplayMachine = setup({
  types: {
    context: {} as CustomerContext,
    events: {} as CustomerEvent,
    input: {} as { stationId: string | null },
  },
  guards: {
    opensOrContinues: ({ context, event }) =>
      event.type === 'ORDER_CHANGED' &&
      !context.followsCashier &&
      ours(context, event.order) &&
      event.order.status === 'open' &&
      event.order.lines.length > 0 &&
      isNewerThanCurrent(context, event.order),
    // A tab sent to the kitchen is `placed`, not paid: only money settles it.
    currentPaid: ({ context, event }) =>
      event.type === 'ORDER_CHANGED' &&
      context.order?.id === event.order.id &&
      (event.order.status === 'paid' || event.order.status === 'completed'),
    currentGone: ({ context, event }) =>
      event.type === 'ORDER_CHANGED' && context.order?.id === event.order.id && !onTheCounter(event.order),
    shownOnCounter: ({ event }) => event.type === 'SHOWN' && event.order !== null && onTheCounter(event.order),
    shownCurrent: ({ context, event }) => event.type === 'SHOWN' && event.order !== null && event.order.id === context.order?.id,
    shownNone: ({ event }) => event.type === 'SHOWN' && event.order === null,
    currentUpdate: ({ context, event }) => event.type === 'ORDER_CHANGED' && context.order?.id === event.order.id,
    hasOpen: ({ context, event }) =>
      event.type === 'ACTIVE_LOADED' && !context.followsCashier && currentOpenOrder(event.orders, context.stationId) !== null,
  },
  actions: {
    takeOrder: assign({ order: ({ event }) => (event.type === 'ORDER_CHANGED' || event.type === 'SHOWN' ? event.order : null) }),
    takeActive: assign({
      order: ({ context, event }) => (event.type === 'ACTIVE_LOADED' ? currentOpenOrder(event.orders, context.stationId) : null),
    }),
    clear: assign({ order: null }),
    // Every SHOWN ends the guessing (each state's SHOWN list ends with a catch-all carrying this).
    followCashier: assign({ followsCashier: true }),
  },
  delays: { changeShown: CHANGE_SHOWN_MS },
}).createMachine({
  id: 'customerDisplay',
  context: ({ input }) => ({ stationId: input.stationId, order: null, followsCashier: false }),
  initial: 'idle',
  on: {
    STATION: { actions: assign({ stationId: ({ event }) => event.stationId }) },
  },
  states: {
    idle: {
      on: {
        ORDER_CHANGED: { guard: 'opensOrContinues', target: 'ordering', actions: 'takeOrder' },
        ACTIVE_LOADED: { guard: 'hasOpen', target: 'ordering', actions: 'takeActive' },
        SHOWN: [{ guard: 'shownOnCounter', target: 'ordering', actions: ['followCashier', 'takeOrder'] }, { actions: 'followCashier' }],
      },
    },
    ordering: {
      on: {
        ORDER_CHANGED: [
          { guard: 'currentPaid', target: 'paid', actions: 'takeOrder' },
          { guard: 'currentGone', target: 'idle', actions: 'clear' },
          { guard: 'opensOrContinues', actions: 'takeOrder' },
          { guard: 'currentUpdate', actions: 'takeOrder' },
        ],
        ACTIVE_LOADED: [{ guard: 'hasOpen', actions: 'takeActive' }],
        SHOWN: [
          { guard: 'shownOnCounter', actions: ['followCashier', 'takeOrder'] },
          // The cashier moved on (parked the order, sent it to the kitchen): the next guest is welcome.
          { guard: 'shownNone', target: 'idle', actions: ['followCashier', 'clear'] },
          { actions: 'followCashier' },
        ],
      },
    },
    paid: {
      after: { changeShown: { target: 'idle', actions: 'clear' } },
      on: {
        ORDER_CHANGED: [
          { guard: 'opensOrContinues', target: 'ordering', actions: 'takeOrder', reenter: true },
          { guard: 'currentUpdate', actions: 'takeOrder' },
        ],
        // "New order" right after paying keeps the change on screen while the guest counts it.
        SHOWN: [
          { guard: 'shownOnCounter', target: 'ordering', actions: ['followCashier', 'takeOrder'] },
          { guard: 'shownCurrent', actions: ['followCashier', 'takeOrder'] },
          { actions: 'followCashier' },
        ],
      },
    },
  },
});
