import { useState, type FormEvent } from 'react';
import { formatMoney } from '../../../shared/money.js';
import type { OrderView } from '../../../shared/order-view.js';
import { useAppSelector } from '../store/hooks.js';
import { CANCEL_REASONS, cancelApproval, cancelConsequences } from './cancel-order.js';
import { Modal } from './Modal.js';
import { ManagerPinField, OTHER_REASON, ReasonChoice } from './ReasonFields.js';
import { useOrderCommand } from './use-order-command.js';
import { DialogFooter } from '../ui/DialogFooter.js';

interface Props {
  order: OrderView;
  onClose: () => void;
  /** The core took the cancellation; the view says where it landed (cancelled, refund owed, kitchen to acknowledge). */
  onCancelled: (order: OrderView) => void;
}

/**
 * Cancelling (voiding) a whole order at the counter: a reason, and a manager's PIN when money was
 * taken, like voiding a fired line. The core pulls the kitchen tickets (a started one flashes
 * CANCELLED until a cook acknowledges) and owes back what was paid.
 */
export function CancelOrderDialog({ order, onClose, onCancelled }: Props) {
  const command = useOrderCommand();
  const session = useAppSelector((s) => s.staff.session);
  const [approval, setApproval] = useState(() => cancelApproval(order, session));
  const [reason, setReason] = useState('');
  const [other, setOther] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const money = (minor: number) => formatMoney(minor, order.currency);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const said = reason === OTHER_REASON ? other.trim() : reason;
    if (!said) return setError(reason === OTHER_REASON ? 'Say why in a few words' : 'Pick a reason');
    if (approval === 'manager-pin' && !/^\d{4,8}$/.test(pin)) return setError('Enter the manager PIN (4 to 8 digits)');
    setBusy(true);
    const result = await command('order.cancel', {
      orderId: order.id,
      reason: said,
      ...(approval === 'manager-pin' ? { managerPin: pin } : {}),
    });
    setBusy(false);
    if (result.ok) return onCancelled(result.value);
    setError(result.error.message);
    if (result.error.code === 'approval_required' || result.error.code === 'approval_denied' || result.error.code === 'wrong_pin') {
      setApproval('manager-pin');
      setPin('');
    }
  };

  return (
    <Modal title={`Cancel order #${order.ticketNumber}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} className="dialog-form">
        <ul className="dialog-hint cancel-consequences">
          {cancelConsequences(order, money).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <ReasonChoice name="cancel-reason" reasons={CANCEL_REASONS} reason={reason} onReason={setReason} other={other} onOther={setOther} />
        {approval === 'manager-pin' && <ManagerPinField pin={pin} onPin={setPin} />}
        <DialogFooter error={error} dismissLabel="Keep order" submitLabel="Cancel order" tone="danger" busy={busy} onDismiss={onClose} />
      </form>
    </Modal>
  );
}
