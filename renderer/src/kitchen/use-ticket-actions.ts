import { useActorRef } from '@xstate/react';
import { useCallback, useMemo } from 'react';
import { useBridge } from '../app/BridgeContext.js';
import { useAppDispatch } from '../store/hooks.js';
import { noticeDismissed, noticeShown } from '../store/notices-slice.js';
import { orderChanged } from '../store/orders-slice.js';
import { kdsActionsMachine, type TicketAction } from './kds-actions-machine.js';
import type { Act } from './TicketCard.js';
import type { ToggleLine } from './TicketParts.js';

/** What a cook does to tickets, through the actions machine; answers and refusals go to the store. */
export function useTicketActions(): { act: Act; toggleLine: ToggleLine } {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const machine = useMemo(
    () =>
      kdsActionsMachine.provide({
        actions: {
          publishOrder: (_, { order }) => dispatch(orderChanged(order)),
          reportError: (_, { error }) =>
            dispatch(
              noticeShown({ key: 'kitchen', severity: 'error', code: error.code, message: `The station refused that: ${error.message}` }),
            ),
          clearError: () => dispatch(noticeDismissed('kitchen')),
        },
      }),
    [dispatch],
  );
  const actions = useActorRef(machine, { input: { bridge } });
  const act: Act = useCallback(
    (command, ticket) => {
      if (ticket.ticketId === null) return;
      const action: TicketAction = { command, orderId: ticket.orderId, ticketId: ticket.ticketId };
      actions.send({ type: 'ACT', action });
    },
    [actions],
  );
  const toggleLine: ToggleLine = useCallback(
    (ticket, line) => {
      if (ticket.ticketId === null) return;
      const command = line.done ? 'ticket.lineUndone' : 'ticket.lineDone';
      actions.send({ type: 'ACT', action: { command, orderId: ticket.orderId, ticketId: ticket.ticketId, lineId: line.lineId } });
    },
    [actions],
  );
  return { act, toggleLine };
}
