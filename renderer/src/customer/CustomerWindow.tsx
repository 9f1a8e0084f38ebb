import { useActorRef, useSelector } from '@xstate/react';
import { useEffect } from 'react';
import { formatMoney } from '../../../shared/money.js';
import { useAppSelector } from '../store/hooks.js';
import { orderSelectors } from '../store/orders-slice.js';
import { summarizeLines } from '../ui/labels.js';
import { customerDisplayMachine } from './customer-display.js';

/**
 * The second screen facing the customer: what the cashier rings up, the totals, the change after
 * payment, and a welcome screen in between. Read-only: its token may only list the catalog and orders.
 */
export function CustomerWindow() {
  const stationId = useAppSelector((s) => s.connection.stationId);
  const status = useAppSelector((s) => s.connection.status);
  const orders = useAppSelector((s) => s.orders);
  const display = useActorRef(customerDisplayMachine, { input: { stationId } });
  const phase = useSelector(display, (s) => s.value);
  const order = useSelector(display, (s) => s.context.order);

  useEffect(() => display.send({ type: 'STATION', stationId }), [display, stationId]);
  // Every change of the read model (push or reload) reaches the machine; it decides what is current.
  const all = orderSelectors.selectAll(orders);
  useEffect(() => {
    display.send({ type: 'ACTIVE_LOADED', orders: all });
    for (const o of all) display.send({ type: 'ORDER_CHANGED', order: o });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orders, display]);

  if (phase === 'idle' || order === null) {
    return (
      <main className="customer customer-idle" aria-label="Customer display">
        <h1>Welcome</h1>
        <p className="customer-sub">Your order will appear here</p>
        {status !== 'online' && <p className="customer-offline">Display connecting…</p>}
      </main>
    );
  }
  const currency = order.currency;
  const lines = summarizeLines(order.lines);
  return (
    <main className="customer" aria-label="Customer display">
      <h1>{phase === 'paid' ? 'Thank you!' : `Order ${order.ticketNumber}`}</h1>
      <ul role="list" aria-label="Your order" className="customer-lines">
        {lines.map((line) => (
          <li key={line.key}>
            <span>{`${line.quantity} × ${line.name}`}</span> <span className="amount">{formatMoney(line.totalMinor, currency)}</span>
          </li>
        ))}
      </ul>
      <dl className="customer-totals">
        {order.discountMinor > 0 && (
          <>
            <dt>Discount</dt>
            <dd aria-label="Discount">−{formatMoney(order.discountMinor, currency)}</dd>
          </>
        )}
        {order.taxMinor > 0 && (
          <>
            <dt>Tax</dt>
            <dd aria-label="Tax">{formatMoney(order.taxMinor, currency)}</dd>
          </>
        )}
        <dt>Total</dt>
        <dd aria-label="Order total" className="customer-total">
          {formatMoney(order.totalMinor, currency)}
        </dd>
        {phase === 'paid' && (
          <>
            <dt>Paid</dt>
            <dd aria-label="Paid">{formatMoney(order.paidMinor, currency)}</dd>
            <dt>Change</dt>
            <dd aria-label="Change due" className="customer-change">
              {formatMoney(order.changeMinor, currency)}
            </dd>
          </>
        )}
      </dl>
    </main>
  );
}
