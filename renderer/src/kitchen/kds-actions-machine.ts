import { assign, fromPromise, setup } from 'xstate';
import type { IpcError, StationBridge } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';

export type TicketCommand = 'ticket.start' | 'ticket.ready' | 'ticket.bump' | 'ticket.recall' | 'ticket.acknowledgeCancel';
export type LineCommand = 'ticket.lineDone' | 'ticket.lineUndone';

export type TicketAction =
  | { command: TicketCommand; orderId: string; ticketId: string }
  | { command: LineCommand; orderId: string; ticketId: string; lineId: string };

export const actionKey = (a: TicketAction) => `${a.command}|${a.orderId}|${a.ticketId}${'lineId' in a ? `|${a.lineId}` : ''}`;

/**
 * The cook's presses on ticket cards, sent one at a time in the order they were made. A second press
 * of the same action while the first is queued or in flight is dropped: a double tap on Bump must not
 * bump the next ticket's state (or fail with invalid_state). Each answer is the order as folded after
 * it, published to the read model through `publishOrder`.
 */
export const kdsActionsMachine = setup({
  types: {
    context: {} as { bridge: StationBridge; queue: TicketAction[]; current: TicketAction | null },
    input: {} as { bridge: StationBridge },
    events: {} as { type: 'ACT'; action: TicketAction },
  },
  actions: {
    publishOrder: (_, _params: { order: OrderView }) => {},
    reportError: (_, _params: { error: IpcError; action: TicketAction }) => {},
    clearError: () => {},
  },
  actors: {
    send: fromPromise(async ({ input }: { input: { bridge: StationBridge; action: TicketAction } }) => {
      const action = input.action;
      if ('lineId' in action) {
        const { command, orderId, ticketId, lineId } = action;
        return input.bridge.invoke(command, { orderId, ticketId, lineId });
      }
      const { command, orderId, ticketId } = action;
      return input.bridge.invoke(command, { orderId, ticketId });
    }),
  },
  guards: {
    hasQueued: ({ context }) => context.queue.length > 0,
  },
}).createMachine({
  id: 'kdsActions',
  context: ({ input }) => ({ bridge: input.bridge, queue: [], current: null }),
  initial: 'idle',
  on: {
    ACT: {
      guard: ({ context, event }) => {
        const key = actionKey(event.action);
        return (context.current === null || actionKey(context.current) !== key) && !context.queue.some((a) => actionKey(a) === key);
      },
      actions: assign({ queue: ({ context, event }) => [...context.queue, event.action] }),
    },
  },
  states: {
    idle: {
      always: { guard: 'hasQueued', target: 'sending' },
    },
    sending: {
      entry: assign({ current: ({ context }) => context.queue[0] ?? null, queue: ({ context }) => context.queue.slice(1) }),
      invoke: {
        src: 'send',
        input: ({ context }) => ({ bridge: context.bridge, action: context.current! }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'idle',
            actions: [
              { type: 'publishOrder', params: ({ event }) => ({ order: (event.output as { ok: true; value: OrderView }).value }) },
              'clearError',
              assign({ current: null }),
            ],
          },
          {
            target: 'idle',
            actions: [
              {
                type: 'reportError',
                params: ({ event, context }) => ({
                  error: (event.output as { ok: false; error: IpcError }).error,
                  action: context.current!,
                }),
              },
              assign({ current: null }),
            ],
          },
        ],
        onError: {
          target: 'idle',
          actions: [
            {
              type: 'reportError',
              params: ({ context }) => ({ error: { code: 'internal', message: 'The station did not answer' }, action: context.current! }),
            },
            assign({ current: null }),
          ],
        },
      },
    },
  },
});
