import type { AppThunk } from '../../store/root-reducer.js';

/** Sends a copy (marked REPRINT) of the order's first receipt; resolves what to tell the cashier. */
export function reprintReceipt(orderId: string): AppThunk<Promise<string>> {
  return async (_dispatch, _getState, { bridge }) => {
    const jobs = await bridge.invoke('print.jobs', { limit: 500 });
    if (!jobs.ok) return jobs.error.message;
    const receipt = jobs.value.jobs.find((job) => job.kind === 'receipt' && job.orderId === orderId && job.reprintOf === null);
    if (!receipt) return 'No receipt was printed for this order yet';
    const copy = await bridge.invoke('print.reprint', { jobId: receipt.id });
    return copy.ok ? 'Receipt copy sent to the printer' : copy.error.message;
  };
}
