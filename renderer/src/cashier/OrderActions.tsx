import type { OrderType } from '../../../shared/events.js';
import { orderTypeLabel } from '../ui/labels.js';

export const COUNTER_ORDER_TYPES = ['takeout', 'dine_in'] as const satisfies readonly OrderType[];

/** Takeout or dine in: for the order on screen (sent to the core) or, with none, for the next one. */
export function OrderTypePicker({ value, onChange }: { value: OrderType; onChange: (type: OrderType) => void }) {
  return (
    <fieldset className="order-type">
      <legend>Order type</legend>
      {COUNTER_ORDER_TYPES.map((type) => (
        <label key={type}>
          <input type="radio" name="order-type" value={type} checked={value === type} onChange={() => onChange(type)} />
          {orderTypeLabel[type]}
        </label>
      ))}
    </fieldset>
  );
}

interface Props {
  /** An open or placed order is on screen. */
  editing: boolean;
  hasLines: boolean;
  /** Kitchen lines not yet on a ticket. */
  unsent: number;
  openOrders: number;
  onDetails: () => void;
  onDiscount: () => void;
  onSend: () => void;
  onOpenOrders: () => void;
  onPark: () => void;
  /** The order on screen can be cancelled (open, placed or paid; no card being charged). */
  cancellable: boolean;
  onCancel: () => void;
}

/** The order-level actions; their keys are handled by `useCashierShortcuts`. */
export function OrderActions(props: Props) {
  const { editing, hasLines, unsent, openOrders, onDetails, onDiscount, onSend, onOpenOrders, onPark, cancellable, onCancel } = props;
  return (
    <div className="order-actions" role="group" aria-label="Order actions">
      <button type="button" disabled={!editing} aria-keyshortcuts="F6" onClick={onDetails}>
        Table / note
      </button>
      <button type="button" disabled={!editing || !hasLines} aria-keyshortcuts="Alt+D" onClick={onDiscount}>
        Discount order
      </button>
      <button type="button" disabled={unsent === 0} aria-keyshortcuts="F8" onClick={onSend}>
        Send to kitchen{unsent > 0 ? ` (${unsent})` : ''}
      </button>
      <button type="button" aria-keyshortcuts="F7" onClick={onOpenOrders}>
        Open orders{openOrders > 0 ? ` (${openOrders})` : ''}
      </button>
      {editing && (
        <button type="button" aria-keyshortcuts="Alt+N" onClick={onPark}>
          Park order
        </button>
      )}
      {cancellable && (
        <button type="button" className="danger" onClick={onCancel}>
          Cancel order
        </button>
      )}
    </div>
  );
}
