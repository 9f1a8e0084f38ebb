import { useCallback } from 'react';
import type { CommandArgs, IpcResult } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import { useBridge } from '../app/BridgeContext.js';
import { useAppDispatch } from '../store/hooks.js';
import { orderChanged } from '../store/orders-slice.js';

/** Edits of the order on screen; each answers the order as the core folded it after the edit. */
export type OrderEditCommand =
  | 'order.changeLine'
  | 'order.voidLine'
  | 'order.setNote'
  | 'order.setType'
  | 'order.setGuest'
  | 'order.applyDiscount'
  | 'order.removeDiscount'
  | 'order.fire'
  | 'order.complete'
  | 'order.cancel';

/**
 * Runs an edit on the station and puts the answer in the orders read model, from where it reaches the
 * cart machine like any push: one path, so an answer and a push for the same edit cannot disagree.
 * The result goes back to the caller, which shows a refusal where the cashier is looking.
 */
export function useOrderCommand() {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  return useCallback(
    async <K extends OrderEditCommand>(command: K, args: CommandArgs<K>): Promise<IpcResult<OrderView>> => {
      let result: IpcResult<OrderView>;
      try {
        result = await bridge.invoke(command, args);
      } catch (error) {
        // A transport that throws instead of answering: shown like any refusal, never lost.
        return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : 'The station did not answer' } };
      }
      if (result.ok) dispatch(orderChanged(result.value));
      return result;
    },
    [bridge, dispatch],
  );
}
