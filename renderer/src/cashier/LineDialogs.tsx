import { useState, type FormEvent } from 'react';
import type { IpcResult } from '../../../shared/ipc/contract.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';
import { Modal } from './Modal.js';
import { ManagerPinField, OTHER_REASON, ReasonChoice } from './ReasonFields.js';
import { isFired, voidApproval, type VoidApproval } from './line-view.js';
import { useAppSelector } from '../store/hooks.js';
import { useOrderCommand } from './use-order-command.js';
import { DialogFooter } from '../ui/DialogFooter.js';

/** Why cashiers void; "Other" asks for words. The reason is kept on the event for the audit log. */
export const VOID_REASONS = [
  'Customer changed mind',
  'Rung up by mistake',
  'Wrong item made',
  'Item unavailable',
  'Quality complaint',
] as const;

/** Runs a command, keeps the dialog open with the station's message on refusal, closes on success. */
function useSubmit(onDone: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<IpcResult<OrderView>>) => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error.message);
    return result;
  };
  return { error, setError, busy, run };
}

export function LineNoteDialog({ order, line, onClose }: { order: OrderView; line: OrderLineView; onClose: () => void }) {
  const command = useOrderCommand();
  const [note, setNote] = useState(line.note ?? '');
  const { error, busy, run } = useSubmit(onClose);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = note.trim();
    void run(() => command('order.changeLine', { orderId: order.id, lineId: line.lineId, note: trimmed ? trimmed : null }));
  };

  return (
    <Modal title={`Note for ${line.name}`} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <label className="field">
          <span>Note for the kitchen</span>
          <input data-autofocus value={note} maxLength={200} autoComplete="off" onChange={(event) => setNote(event.target.value)} />
        </label>
        {error && (
          <p className="dialog-error" aria-live="assertive">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {note.trim() ? 'Save note' : 'Clear note'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * Voiding a line. A line the kitchen already has needs approval: a manager's PIN where staff sign in,
 * the approver's name where nobody does; the PIN field also comes up whenever the core answers
 * `approval_required` (the session in view was stale).
 */
export function VoidLineDialog({ order, line, onClose }: { order: OrderView; line: OrderLineView; onClose: () => void }) {
  const command = useOrderCommand();
  const session = useAppSelector((s) => s.staff.session);
  const [approval, setApproval] = useState<VoidApproval>(() => voidApproval(line, session));
  const [reason, setReason] = useState('');
  const [other, setOther] = useState('');
  const [pin, setPin] = useState('');
  const [approver, setApprover] = useState('');
  const { error, setError, busy, run } = useSubmit(onClose);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const said = reason === OTHER_REASON ? other.trim() : reason;
    if (!said) return setError(reason === OTHER_REASON ? 'Say why in a few words' : 'Pick a reason');
    if (approval === 'manager-pin' && !/^\d{4,8}$/.test(pin)) return setError('Enter the manager PIN (4 to 8 digits)');
    if (approval === 'approver-name' && !approver.trim()) return setError('Enter who approved the void');
    const approvalArgs =
      approval === 'manager-pin' ? { managerPin: pin } : approval === 'approver-name' ? { approvedBy: approver.trim() } : {};
    const result = await run(() => command('order.voidLine', { orderId: order.id, lineId: line.lineId, reason: said, ...approvalArgs }));
    if (!result.ok && (result.error.code === 'approval_required' || result.error.code === 'approval_denied')) {
      setApproval('manager-pin');
      setPin('');
    }
  };

  return (
    <Modal title={`Void ${line.quantity} × ${line.name}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} className="dialog-form">
        {isFired(line) && (
          <p className="dialog-hint">
            Already sent to the kitchen: the ticket shows it struck through{approval === 'none' ? '.' : ', and a manager must approve.'}
          </p>
        )}
        <ReasonChoice name="void-reason" reasons={VOID_REASONS} reason={reason} onReason={setReason} other={other} onOther={setOther} />
        {approval === 'manager-pin' && <ManagerPinField pin={pin} onPin={setPin} />}
        {approval === 'approver-name' && (
          <label className="field">
            <span>Approved by</span>
            <input
              value={approver}
              maxLength={64}
              autoComplete="off"
              placeholder="Manager's name"
              onChange={(event) => setApprover(event.target.value)}
            />
          </label>
        )}
        <DialogFooter error={error} dismissLabel="Keep line" submitLabel="Void line" tone="danger" busy={busy} onDismiss={onClose} />
      </form>
    </Modal>
  );
}
