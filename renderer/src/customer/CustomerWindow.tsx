import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useMemo } from 'react';
import { useAppSelector } from '../store/hooks.js';
import { orderSelectors } from '../store/orders-slice.js';
import { customerDisplayMachine } from './customer-display.js';
import { customerScreen } from './customer-view.js';

/**
 * The second screen facing the customer: what the cashier rings up (options, discounts, tax, tip), the
 * card terminal's prompt, what a split has paid and still owes, the change after cash, and a welcome
 * screen in between. Read-only: its token may only list the catalog and orders.
 */
export function CustomerWindow() {
  const stationId = useAppSelector((s) => s.connection.stationId);
  const status = useAppSelector((s) => s.connection.status);
  const orders = useAppSelector((s) => s.orders);
  const attempts = useAppSelector((s) => s.payments.attempts);
  const facing = useAppSelector((s) => s.customerFacing.view);
  const named = useAppSelector((s) => (facing?.orderId ? s.orders.entities[facing.orderId] : undefined));
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
  // The cashier's choice wins (a recalled tab, the next guest); sent again when that order arrives or changes.
  useEffect(() => {
    if (facing === null) return;
    if (facing.orderId === null) display.send({ type: 'SHOWN', order: null });
    else if (named) display.send({ type: 'SHOWN', order: named });
  }, [display, facing, named]);

  const attemptList = useMemo(() => Object.values(attempts), [attempts]);
  if (phase === 'idle' || order === null) {
    return (
      <main className="customer customer-idle" aria-label="Customer display">
        <h1>Welcome</h1>
        <p className="customer-sub">Your order will appear here</p>
        {status !== 'online' && <p className="customer-offline">Display connecting…</p>}
      </main>
    );
  }
  const screen = customerScreen(order, phase === 'paid' ? 'paid' : 'ordering', attemptList);
  return (
    <main className="customer customer-active" aria-label="Customer display">
      <h1>{screen.heading}</h1>
      <ul role="list" aria-label="Your order" className="customer-lines">
        {screen.lines.map((line) => (
          <li key={line.key}>
            <div className="customer-line">
              <span>{line.text}</span> <span className="amount">{line.amount}</span>
            </div>
            {line.details.length > 0 && (
              <ul className="customer-details" aria-label={`${line.text} details`}>
                {line.details.map((detail) => (
                  <li key={detail.key}>
                    <span>{detail.text}</span> <span className="amount">{detail.amount}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <div className="customer-summary">
        <dl className="customer-totals">
          {screen.totals.map((row) => (
            <div key={row.key} className={row.tone ? `customer-row customer-${row.tone}` : 'customer-row'}>
              <dt>{row.label}</dt>
              <dd aria-label={row.name}>{row.amount}</dd>
            </div>
          ))}
        </dl>
        {screen.prompt && (
          <p role="status" className={`customer-prompt customer-prompt-${screen.prompt.tone}`} aria-label="Card terminal">
            <strong>{screen.prompt.text}</strong> {screen.prompt.amount && <span className="amount">{screen.prompt.amount}</span>}
          </p>
        )}
      </div>
    </main>
  );
}
