import { useState } from 'react';
import { formatMoney } from '../../../shared/money.js';
import type { OrderView } from '../../../shared/order-view.js';
import { orderTypeLabel } from '../ui/labels.js';
import { isCancellable } from './cancel-order.js';
import { Modal } from './Modal.js';
import { useNow } from '../kitchen/use-now.js';
import { isReadyToHandOver, orderAge, orderStatusLabel } from './open-orders.js';
import { guestOf } from './order-details.js';
import { RefundDialog } from './refund/RefundDialog.js';
import { useOrderCommand } from './use-order-command.js';

interface Props {
  orders: readonly OrderView[];
  currentOrderId: string | null;
  onRecall: (order: OrderView) => void;
  /** Cancel (void) the order: the window asks the reason and approval, then leads to the refund. */
  onCancel: (order: OrderView) => void;
  onClose: () => void;
}

/** Parked drafts and sent tabs to pick up again, paid orders to hand over or refund, and any of them to cancel. */
export function OpenOrdersDialog({ orders, currentOrderId, onRecall, onCancel, onClose }: Props) {
  const [refunding, setRefunding] = useState<OrderView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [handingOver, setHandingOver] = useState(false);
  const command = useOrderCommand();
  // Waits tick on while the list is open; a minute is the unit the counter reads.
  const now = useNow(undefined, 15_000);
  // A paid order stays active (kitchen, refunds) until it is handed over; then it leaves this list.
  const handOver = async (order: OrderView) => {
    const result = await command('order.complete', { orderId: order.id });
    setError(result.ok ? null : `Order ${order.ticketNumber} could not be handed over: ${result.error.message}`);
  };
  const ready = orders.filter(isReadyToHandOver);
  // The rush clears in one tap: every paid order the kitchen has finished, oldest first.
  const handOverAllReady = async () => {
    setHandingOver(true);
    const failed: string[] = [];
    for (const order of ready) {
      const result = await command('order.complete', { orderId: order.id });
      if (!result.ok) failed.push(`${order.ticketNumber} (${result.error.message})`);
    }
    setHandingOver(false);
    setError(failed.length === 0 ? null : `Not handed over: order ${failed.join(', ')}`);
  };
  if (refunding) return <RefundDialog order={refunding} onClose={() => setRefunding(null)} />;
  return (
    <Modal title="Open orders" onClose={onClose} className="open-orders-dialog">
      {ready.length > 1 && (
        <div className="open-orders-bulk">
          <button type="button" className="primary" disabled={handingOver} onClick={() => void handOverAllReady()}>
            Hand over all ready ({ready.length})
          </button>
        </div>
      )}
      {orders.length === 0 ? (
        <p className="placeholder">No open orders on this station</p>
      ) : (
        <ul role="list" aria-label="Open orders" className="open-orders">
          {orders.map((order, index) => {
            const guest = guestOf(order);
            const items = order.lines.reduce((sum, line) => sum + line.quantity, 0);
            return (
              <li key={order.id} className="open-order">
                <div className="open-order-summary">
                  <strong>#{order.ticketNumber}</strong>
                  <span>{orderTypeLabel[order.orderType]}</span>
                  {guest && <span className="guest">{guest}</span>}
                  <span>{`${items} item${items === 1 ? '' : 's'}`}</span>
                  <span className={`order-status status-${order.status}`}>
                    {orderStatusLabel[order.status] ?? order.status}
                    {order.status === 'paid' && (isReadyToHandOver(order) ? ' · ready' : ' · in the kitchen')}
                  </span>
                  <span className="order-age">
                    <span className="visually-hidden">waiting </span>
                    {orderAge(order, now)}
                  </span>
                  <span className="amount">{formatMoney(order.totalMinor, order.currency)}</span>
                </div>
                <span className="open-order-actions">
                  {order.status === 'paid' ? (
                    <>
                      <button type="button" data-autofocus={index === 0 || undefined} onClick={() => void handOver(order)}>
                        Handed over <span className="visually-hidden">order {order.ticketNumber}</span>
                      </button>
                      <button type="button" onClick={() => setRefunding(order)}>
                        Refund <span className="visually-hidden">order {order.ticketNumber}</span>
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      data-autofocus={index === 0 || undefined}
                      disabled={order.id === currentOrderId}
                      onClick={() => onRecall(order)}
                    >
                      {order.id === currentOrderId ? 'On screen' : 'Recall'}{' '}
                      <span className="visually-hidden">order {order.ticketNumber}</span>
                    </button>
                  )}
                  {isCancellable(order) && (
                    <button type="button" className="danger" onClick={() => onCancel(order)}>
                      Cancel <span className="visually-hidden">order {order.ticketNumber}</span>
                    </button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="dialog-error" aria-live="assertive">
          {error}
        </p>
      )}
    </Modal>
  );
}
