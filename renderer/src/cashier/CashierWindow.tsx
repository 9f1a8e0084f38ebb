import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useMemo } from 'react';
import { formatMoney } from '../../../shared/money.js';
import { useBridge } from '../app/BridgeContext.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { noticeDismissed, noticeShown } from '../store/notices-slice.js';
import { orderChanged } from '../store/orders-slice.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { orderTypeLabel } from '../ui/labels.js';
import { StationHeader } from '../ui/StationHeader.js';
import { StatusStrip } from '../ui/StatusStrip.js';
import { attachWedgeScanner } from '../scanner/attach-wedge-scanner.js';
import { BarcodeEntry } from './BarcodeEntry.js';
import { CartPanel } from './CartPanel.js';
import { cartMachine } from './cart-machine.js';
import { describeCartError } from './cart-errors.js';
import { CatalogGrid } from './CatalogGrid.js';
import { PayPanel } from './PayPanel.js';

const COUNTER_ORDER_TYPES = ['takeout', 'dine_in'] as const;

export function CashierWindow() {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const catalog = useAppSelector((s) => s.catalog);

  // The machine owns the workflow; these hooks are where it meets Redux, through actions only.
  const machine = useMemo(
    () =>
      cartMachine.provide({
        actions: {
          reportError: (_, { error, request }) =>
            dispatch(noticeShown({ key: 'cart', severity: 'error', code: error.code, message: describeCartError(error, request) })),
          clearError: () => dispatch(noticeDismissed('cart')),
          publishOrder: (_, { order }) => dispatch(orderChanged(order)),
        },
      }),
    [dispatch],
  );
  const cart = useActorRef(machine, { input: { bridge } });
  const order = useSelector(cart, (s) => s.context.order);
  const orderType = useSelector(cart, (s) => s.context.orderType);
  const changeMinor = useSelector(cart, (s) => s.context.changeMinor);
  const phase = useSelector(cart, (s) => s.value);

  // Scanner pushes and typed codes take one path into the machine.
  useEffect(() => bridge.on('scanner.scanned', ({ barcode }) => cart.send({ type: 'SCAN', barcode })), [bridge, cart]);
  // A scanner left in keyboard mode types fast and ends with Enter: caught here, whatever has focus.
  useEffect(
    () =>
      attachWedgeScanner(window, ({ code }) => cart.send({ type: 'SCAN', barcode: code }), {
        // In a text field the burst is typed there, and the Barcode field's own Enter adds it.
        ignore: (target) => target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement,
      }),
    [cart],
  );

  // The read model's view of the current order (push or post-reconnect reload) flows back into the machine.
  const stored = useAppSelector((s) => (order ? s.orders.entities[order.id] : undefined));
  useEffect(() => {
    if (stored) cart.send({ type: 'ORDER_CHANGED', order: stored });
  }, [stored, cart]);

  const currency = order?.currency ?? catalog.items[0]?.currency ?? 'EUR';
  const paying = phase === 'paying';
  const paid = phase === 'paid';
  // Stays mounted through adds so a half-typed tender survives a scan; only submitting waits.
  const canPay = !paid && order !== null && order.lines.length > 0;
  const orderTypeLocked = (order?.lines.length ?? 0) > 0 && !paid;

  return (
    <div className="window cashier">
      <StationHeader title="Cashier">
        <StatusStrip canSync diagnosticsLink />
      </StationHeader>
      <AlertRegion />
      <main className="cashier-main">
        <CatalogGrid
          items={catalog.items}
          loaded={catalog.loaded}
          disabled={paying}
          onAdd={(item) => cart.send({ type: 'ADD_ITEM', itemId: item.id })}
        />
        <aside className="side" aria-label="Order">
          <BarcodeEntry onScan={(barcode) => cart.send({ type: 'SCAN', barcode })} />
          <fieldset className="order-type" disabled={orderTypeLocked || paying}>
            <legend>Order type</legend>
            {COUNTER_ORDER_TYPES.map((type) => (
              <label key={type}>
                <input
                  type="radio"
                  name="order-type"
                  value={type}
                  checked={orderType === type}
                  onChange={() => cart.send({ type: 'SET_ORDER_TYPE', orderType: type })}
                />
                {orderTypeLabel[type]}
              </label>
            ))}
          </fieldset>
          <CartPanel order={order} fallbackCurrency={currency} />
          <p role="status" className={paid ? 'outcome outcome-paid' : 'outcome'}>
            {paid && changeMinor !== null ? `Paid — Change ${formatMoney(changeMinor, currency)}` : paying ? 'Taking payment…' : ''}
          </p>
          {canPay && order && (
            <PayPanel
              totalMinor={order.totalMinor}
              currency={currency}
              busy={paying}
              canSubmit={phase === 'ordering'}
              onPay={(tenderedMinor) => cart.send({ type: 'PAY', tenderedMinor })}
              onInvalid={(message) => dispatch(noticeShown({ key: 'cart', severity: 'error', message }))}
            />
          )}
          {paid && (
            <button type="button" className="primary new-order" onClick={() => cart.send({ type: 'NEW_ORDER' })}>
              New order
            </button>
          )}
        </aside>
      </main>
    </div>
  );
}
