import { useState, type JSX } from 'react';
import { formatMoney } from '../../../../shared/money.js';
import type { OrderView } from '../../../../shared/order-view.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { staffOutcome } from '../../ui/staff-wording.js';
import { cancellationSummary } from './cancellations.js';
import { RefundDialog } from './RefundDialog.js';
import { confirmCancellation } from './refund-thunks.js';

/**
 * Cancelled orders that still need the counter: the arbiter's outcome when a cancellation met the
 * kitchen or a payment, the kitchen's acknowledgement, and the refund the store owes. The list lives in
 * the store (refunds-due slice): loaded on every (re)connect and sign-in, kept live from order views.
 */
export function RefundsDue(): JSX.Element | null {
  const dispatch = useAppDispatch();
  const orders = useAppSelector((s) => s.refundsDue.orders);
  const error = useAppSelector((s) => s.refundsDue.error);
  const [refunding, setRefunding] = useState<OrderView | null>(null);

  const confirm = (order: OrderView) => dispatch(confirmCancellation(order));

  // The dialog outlives the entry: a full refund settles the order, and its result must stay readable.
  if (orders.length === 0 && !error && !refunding) return null;
  const current = refunding ? (orders.find((o) => o.id === refunding.id) ?? refunding) : null;
  return (
    <section className="refunds-due" aria-label="Cancellations">
      <h2>Cancellations</h2>
      {error && <p className="tender-error">{error}</p>}
      <ul>
        {orders.map((order) => {
          const money = (minor: number) => formatMoney(minor, order.currency);
          return (
            <li key={order.id} className="refund-due" aria-label={`Cancelled order ${order.ticketNumber}`}>
              <p>
                <strong>#{order.ticketNumber}</strong>
                {order.customerName ? ` ${order.customerName}` : ''} — {cancellationSummary(order, money)}
              </p>
              {order.conflicts.length > 0 && (
                <ul className="arbiter-outcomes" aria-label="Arbiter outcome">
                  {order.conflicts.map((c) => (
                    <li key={`${c.rule}:${c.eventIds[0] ?? ''}`}>{staffOutcome(c, order)}</li>
                  ))}
                </ul>
              )}
              {order.status === 'cancel_requested' && (
                <button type="button" onClick={() => void confirm(order)}>
                  Confirm cancellation <span className="visually-hidden">of order {order.ticketNumber}</span>
                </button>
              )}
              {order.refundDueMinor > 0 && order.status === 'refund_pending' && (
                <button type="button" className="primary" onClick={() => setRefunding(order)}>
                  Refund {money(order.refundDueMinor)} <span className="visually-hidden">on order {order.ticketNumber}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {current && <RefundDialog order={current} onClose={() => setRefunding(null)} />}
    </section>
  );
}
