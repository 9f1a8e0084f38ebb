import { useState, type JSX } from 'react';
import { useBridge } from '../../app/BridgeContext.js';

/** "Print receipt again": a copy (marked REPRINT) of the order's receipt job. */
export function ReprintReceipt({ orderId }: { orderId: string }): JSX.Element {
  const bridge = useBridge();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reprint = async () => {
    setBusy(true);
    try {
      const jobs = await bridge.invoke('print.jobs', { limit: 500 });
      if (!jobs.ok) return setMessage(jobs.error.message);
      const receipt = jobs.value.jobs.find((job) => job.kind === 'receipt' && job.orderId === orderId && job.reprintOf === null);
      if (!receipt) return setMessage('No receipt was printed for this order yet');
      const copy = await bridge.invoke('print.reprint', { jobId: receipt.id });
      setMessage(copy.ok ? 'Receipt copy sent to the printer' : copy.error.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="reprint">
      <button type="button" disabled={busy} onClick={() => void reprint()}>
        Print receipt again
      </button>
      {message && <p aria-live="polite">{message}</p>}
    </div>
  );
}
