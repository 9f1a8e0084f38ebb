import { useState, type JSX } from 'react';
import { useAppDispatch } from '../../store/hooks.js';
import { reprintReceipt } from './receipt-thunks.js';

/** "Print receipt again": a copy of the order's receipt, marked COPY, with any refunds since the sale. */
export function ReprintReceipt({ orderId }: { orderId: string }): JSX.Element {
  const dispatch = useAppDispatch();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reprint = async () => {
    setBusy(true);
    try {
      setMessage(await dispatch(reprintReceipt(orderId)));
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
