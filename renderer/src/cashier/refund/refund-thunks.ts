import type { OrderView } from '../../../../shared/order-view.js';
import { orderChanged } from '../../store/orders-slice.js';
import { refundsLoaded } from '../../store/payments-slice.js';
import { refundsDueFailed } from '../../store/refunds-due-slice.js';
import type { AppThunk } from '../../store/root-reducer.js';

/** The counter confirms a cancellation the kitchen has acknowledged (or never started). */
export function confirmCancellation(order: OrderView): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const confirmed = await bridge.invoke('order.confirmCancel', { orderId: order.id });
    // The answer is the order's newest view: the list (and the read model) take it at once.
    if (confirmed.ok) dispatch(orderChanged(confirmed.value));
    dispatch(refundsDueFailed(confirmed.ok ? null : confirmed.error.message));
  };
}

/** An order's card refunds, for the refund dialog's history; later moves arrive as pushes. */
export function loadOrderRefunds(orderId: string): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const found = await bridge.invoke('payment.refunds', { orderId });
    if (found.ok) dispatch(refundsLoaded(found.value.refunds));
  };
}
