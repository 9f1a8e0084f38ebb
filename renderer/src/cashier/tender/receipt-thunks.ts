import type { AppThunk } from '../../store/root-reducer.js';

/**
 * Prints a copy of the order's receipt, marked COPY and rebuilt by the core from the order as it
 * stands (refunds since the sale included); resolves what to tell the cashier.
 */
export function reprintReceipt(orderId: string): AppThunk<Promise<string>> {
  return async (_dispatch, _getState, { bridge }) => {
    const copy = await bridge.invoke('print.receiptCopy', { orderId });
    return copy.ok ? 'Receipt copy sent to the printer' : copy.error.message;
  };
}
