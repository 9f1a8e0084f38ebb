import { useState, type FormEvent } from 'react';
import { formatMoney } from '../../../shared/money.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';
import { DISCOUNT_REASONS, OTHER_REASON, parseDiscount, type DiscountKind } from './discount-form.js';
import { Modal } from './Modal.js';
import { useOrderCommand } from './use-order-command.js';
import { DialogFooter } from '../ui/DialogFooter.js';

interface Props {
  order: OrderView;
  /** A line discount when set, otherwise one on the whole order. */
  line: OrderLineView | null;
  onClose: () => void;
}

/** A discount always carries a reason; the core caps it and refuses a fixed amount above the price. */
export function DiscountDialog({ order, line, onClose }: Props) {
  const command = useOrderCommand();
  const [kind, setKind] = useState<DiscountKind>('percent');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [otherReason, setOtherReason] = useState('');
  const [error, setError] = useState<{ field: 'value' | 'reason' | 'station'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const base = line ? line.totalMinor : order.subtotalMinor;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDiscount({ kind, value, reason, otherReason }, order.currency);
    if (!parsed.ok) return setError({ field: parsed.field, message: parsed.message });
    setBusy(true);
    const result = await command('order.applyDiscount', {
      orderId: order.id,
      target: line ? { kind: 'line', lineId: line.lineId } : { kind: 'order' },
      amount: parsed.amount,
      reason: parsed.reason,
    });
    setBusy(false);
    if (result.ok) onClose();
    else setError({ field: 'station', message: result.error.message });
  };

  return (
    <Modal title={line ? `Discount ${line.name}` : `Discount order ${order.ticketNumber}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} className="dialog-form">
        <p className="dialog-hint">Applies to {formatMoney(base, order.currency)}</p>
        <fieldset className="choice-row">
          <legend>Kind</legend>
          <label>
            <input type="radio" name="discount-kind" checked={kind === 'percent'} onChange={() => setKind('percent')} />
            Percent
          </label>
          <label>
            <input type="radio" name="discount-kind" checked={kind === 'fixed'} onChange={() => setKind('fixed')} />
            Amount
          </label>
        </fieldset>
        <label className="field">
          <span>{kind === 'percent' ? 'Percent off' : `Amount off (${order.currency})`}</span>
          <input
            data-autofocus
            inputMode="decimal"
            autoComplete="off"
            value={value}
            aria-invalid={error?.field === 'value'}
            onChange={(event) => {
              setValue(event.target.value);
              setError(null);
            }}
          />
        </label>
        <fieldset className="choice-list" aria-invalid={error?.field === 'reason'}>
          <legend>Reason</legend>
          {[...DISCOUNT_REASONS, OTHER_REASON].map((option) => (
            <label key={option}>
              <input
                type="radio"
                name="discount-reason"
                checked={reason === option}
                onChange={() => {
                  setReason(option);
                  setError(null);
                }}
              />
              {option}
            </label>
          ))}
        </fieldset>
        {reason === OTHER_REASON && (
          <label className="field">
            <span>Reason in your words</span>
            <input value={otherReason} maxLength={200} autoComplete="off" onChange={(event) => setOtherReason(event.target.value)} />
          </label>
        )}
        <DialogFooter
          error={error?.message}
          dismissLabel="Cancel"
          submitLabel="Apply discount"
          tone="primary"
          busy={busy}
          onDismiss={onClose}
        />
      </form>
    </Modal>
  );
}
