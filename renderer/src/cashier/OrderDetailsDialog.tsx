import { useState, type FormEvent } from 'react';
import type { OrderView } from '../../../shared/order-view.js';
import { Modal } from './Modal.js';
import { detailsChanges, detailsForm, MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_TABLE_LENGTH, type OrderDetailsForm } from './order-details.js';
import { useOrderCommand } from './use-order-command.js';
import { DialogFooter } from '../ui/DialogFooter.js';

/**
 * Table, guest name and order note (the order type is one tap on the side panel). Only what changed
 * is sent: the table and name with order.setGuest, the note with order.setNote.
 */
export function OrderDetailsDialog({ order, onClose }: { order: OrderView; onClose: () => void }) {
  const command = useOrderCommand();
  const [form, setForm] = useState<OrderDetailsForm>(() => detailsForm(order));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof OrderDetailsForm) => (value: string) => setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changes = detailsChanges(order, form);
    setBusy(true);
    if (changes.guest) {
      const seated = await command('order.setGuest', { orderId: order.id, ...changes.guest });
      if (!seated.ok) {
        setBusy(false);
        return setError(seated.error.message);
      }
    }
    if (changes.note !== undefined) {
      const noted = await command('order.setNote', { orderId: order.id, note: changes.note });
      if (!noted.ok) {
        setBusy(false);
        return setError(noted.error.message);
      }
    }
    setBusy(false);
    onClose();
  };

  return (
    <Modal title={`Order ${order.ticketNumber} details`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} className="dialog-form">
        <label className="field">
          <span>Table</span>
          <input
            data-autofocus
            value={form.table}
            maxLength={MAX_TABLE_LENGTH}
            autoComplete="off"
            placeholder="12"
            onChange={(event) => field('table')(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Customer name</span>
          <input
            value={form.name}
            maxLength={MAX_NAME_LENGTH}
            autoComplete="off"
            placeholder="Anna"
            onChange={(event) => field('name')(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Order note</span>
          <textarea value={form.note} maxLength={MAX_NOTE_LENGTH} rows={3} onChange={(event) => field('note')(event.target.value)} />
        </label>
        <DialogFooter error={error} dismissLabel="Cancel" submitLabel="Save details" tone="primary" busy={busy} onDismiss={onClose} />
      </form>
    </Modal>
  );
}
