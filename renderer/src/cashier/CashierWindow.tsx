import { useManagerApproval } from '../staff/ManagerApproval.js';
import { availabilityByItem } from '../store/availability-slice.js';
import { menuLabel } from '../store/catalog-slice.js';
import { useActorRef, useSelector } from '@xstate/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { OrderType } from '../../../shared/events.js';
import { formatMoney } from '../../../shared/money.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';
import { useBridge } from '../app/BridgeContext.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { noticeDismissed, noticeShown } from '../store/notices-slice.js';
import { orderChanged, orderSelectors } from '../store/orders-slice.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { StationHeader } from '../ui/StationHeader.js';
import { StatusStrip } from '../ui/StatusStrip.js';
import { attachWedgeScanner } from '../scanner/attach-wedge-scanner.js';
import { BarcodeEntry } from './BarcodeEntry.js';
import { cancelOutcome, isCancellable } from './cancel-order.js';
import { CancelOrderDialog } from './CancelOrderDialog.js';
import { CartPanel } from './CartPanel.js';
import { cartMachine } from './cart-machine.js';
import { describeCartError } from './cart-errors.js';
import { CatalogGrid } from './CatalogGrid.js';
import { DiscountDialog } from './DiscountDialog.js';
import { LineNoteDialog, VoidLineDialog } from './LineDialogs.js';
import { canTakePayment, paymentInFlight, unsentKitchenLines } from './line-view.js';
import { ModifiersDialog } from './ModifiersDialog.js';
import { OfflineCardPayments } from './offline/OfflineCardPayments.js';
import { OpenOrdersDialog } from './OpenOrdersDialog.js';
import { OrderActions, OrderTypePicker } from './OrderActions.js';
import { stationOrders } from '../../../shared/station-orders.js';
import { OrderDetailsDialog } from './OrderDetailsDialog.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { useCashierShortcuts } from './shortcuts.js';
import { RefundDialog } from './refund/RefundDialog.js';
import { RefundsDue } from './refund/RefundsDue.js';
import { ReprintReceipt } from './tender/ReprintReceipt.js';
import { TenderPanel } from './tender/TenderPanel.js';
import { useCustomerFacing } from './use-customer-facing.js';
import { useOrderCommand } from './use-order-command.js';
import { useResumeOrder } from './use-resume-order.js';
import { useScannedBarcodes } from './use-scanned-barcodes.js';

type Dialog =
  | { kind: 'modifiers'; item: CatalogItem }
  | { kind: 'note'; line: OrderLineView }
  | { kind: 'void'; line: OrderLineView }
  | { kind: 'discount'; line: OrderLineView | null }
  | { kind: 'details' }
  | { kind: 'orders' }
  | { kind: 'cancel'; order: OrderView }
  /** Led here after cancelling an order that held money: the refund it now owes. */
  | { kind: 'refund'; order: OrderView };

const closedWording: Partial<Record<OrderView['status'], string>> = {
  cancelled: 'was cancelled',
  cancel_requested: 'is being cancelled',
  refund_pending: 'was cancelled and is owed a refund',
  refunded: 'was refunded',
  completed: 'was completed',
};

export function CashierWindow() {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const command = useOrderCommand();
  const catalog = useAppSelector((s) => s.catalog);
  const availabilityView = useAppSelector((s) => s.availability.view);
  const availability = useMemo(() => availabilityByItem(availabilityView), [availabilityView]);
  const stationId = useAppSelector((s) => s.connection.stationId);
  const allOrders = useAppSelector((s) => orderSelectors.selectAll(s.orders));
  /** Orders cancelled from this window: their closing is this cashier's doing, not news from elsewhere. */
  const cancelledHere = useRef(new Set<string>());

  // The machine owns the workflow; these hooks are where it meets Redux, through actions only.
  const machine = useMemo(
    () =>
      cartMachine.provide({
        actions: {
          reportError: (_, { error, request }) =>
            dispatch(noticeShown({ key: 'cart', severity: 'error', code: error.code, message: describeCartError(error, request) })),
          clearError: () => dispatch(noticeDismissed('cart')),
          publishOrder: (_, { order }) => dispatch(orderChanged(order)),
          reportClosed: (_, { order }) =>
            !cancelledHere.current.has(order.id) &&
            dispatch(
              noticeShown({
                key: 'cart',
                severity: 'warning',
                message: `Order ${order.ticketNumber} ${closedWording[order.status] ?? `is ${order.status.replace('_', ' ')}`} elsewhere`,
              }),
            ),
        },
      }),
    [dispatch],
  );
  const cart = useActorRef(machine, { input: { bridge } });
  const order = useSelector(cart, (s) => s.context.order);
  const orderType = useSelector(cart, (s) => s.context.orderType);
  const changeMinor = useSelector(cart, (s) => s.context.changeMinor);
  const phase = useSelector(cart, (s) => s.value);

  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [selectedLineId, setSelectedLineId] = useState<string | null>(null);
  const [pendingOrderType, setPendingOrderType] = useState<OrderType | null>(null);
  // The tender view replaces the menu; "Charge" (or F4) opens it, each opening focuses the cash field.
  const [tendering, setTendering] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);

  // Scanner pushes and typed codes take one path into the machine.
  useScannedBarcodes(useCallback((barcode: string) => cart.send({ type: 'SCAN', barcode }), [cart]));
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

  useResumeOrder(cart, { order, idle: phase === 'idle' }, allOrders);
  useCustomerFacing(order?.id ?? null);

  // A selection only means something for a line still on the order.
  useEffect(() => {
    if (selectedLineId && !order?.lines.some((l) => l.lineId === selectedLineId)) setSelectedLineId(null);
  }, [order, selectedLineId]);

  const currency = order?.currency ?? catalog.items[0]?.currency ?? 'EUR';
  const paid = phase === 'paid';
  const editing = order !== null && (order.status === 'open' || order.status === 'placed') && !paid;
  const payable = canTakePayment(order) && !paid ? order : null;
  const unsent = order && editing ? unsentKitchenLines(order) : 0;
  const listed = useMemo(() => stationOrders(allOrders, stationId), [allOrders, stationId]);
  const showTender = tendering && payable !== null;
  useEffect(() => {
    if (!payable) setTendering(false);
  }, [payable]);
  const openTender = useCallback(() => {
    setTendering(true);
    setFocusRequest((n) => n + 1);
  }, []);
  const cancellable = isCancellable(order) ? order : null;
  // The refund owed after a cancellation, kept live from the store (pushes, the refunds-due list).
  const refundOrderId = dialog?.kind === 'refund' ? dialog.order.id : null;
  const refundView = useAppSelector((s) =>
    refundOrderId ? (s.refundsDue.orders.find((o) => o.id === refundOrderId) ?? s.orders.entities[refundOrderId]) : undefined,
  );

  const fail = (message: string) => dispatch(noticeShown({ key: 'cart', severity: 'error', message }));

  const approver = useManagerApproval();
  const pickItem = useCallback(
    (item: CatalogItem) => {
      if ((item.modifierGroups?.length ?? 0) > 0) setDialog({ kind: 'modifiers', item });
      else if (availability.get(item.id)?.soldOut) {
        // Sold out: the core asks for a manager's PIN (where staff sign in); the line joins the order on screen.
        void approver
          .withManagerPin(`Sell ${item.name}, marked sold out`, (managerPin) =>
            bridge.invoke('order.addLine', {
              ...(order ? { orderId: order.id } : {}),
              orderType,
              itemId: item.id,
              ...(managerPin === undefined ? {} : { managerPin }),
            }),
          )
          .then((result) => {
            if (!result.ok) return void dispatch(noticeShown({ key: 'cart', severity: 'error', message: result.error.message }));
            cart.send(order ? { type: 'ORDER_CHANGED', order: result.value } : { type: 'RECALL', order: result.value });
          });
      } else cart.send({ type: 'ADD_ITEM', itemId: item.id });
    },
    [cart, availability, approver, bridge, dispatch, order, orderType],
  );

  const chooseOrderType = async (type: OrderType) => {
    cart.send({ type: 'SET_ORDER_TYPE', orderType: type });
    if (order && editing && order.orderType !== type) {
      // The choice shows at once; the core's answer confirms it, or the old type comes back with the error.
      setPendingOrderType(type);
      const result = await command('order.setType', { orderId: order.id, orderType: type });
      setPendingOrderType(null);
      if (!result.ok) fail(result.error.message);
    }
  };

  const sendToKitchen = async () => {
    if (!order || unsent === 0) return;
    const result = await command('order.fire', { orderId: order.id });
    if (!result.ok) return fail(result.error.message);
    // A sent tab waits in Open orders; the counter moves on to the next guest.
    cart.send({ type: 'NEW_ORDER' });
    dispatch(noticeShown({ key: 'cart', severity: 'info', message: `Order ${result.value.ticketNumber} sent to the kitchen` }));
  };

  // A fully comped order has nothing to tender: it is completed instead, and the machine shows it settled.
  const comped = editing && order.lines.length > 0 && order.totalMinor === 0 && order.dueMinor === 0;
  const completeComped = async () => {
    if (!order) return;
    // The core sends unsent kitchen lines in the same transaction as completing.
    const result = await command('order.complete', { orderId: order.id });
    if (!result.ok) fail(result.error.message);
  };

  const newOrder = () => {
    cart.send({ type: 'NEW_ORDER' });
    setSelectedLineId(null);
  };

  const orderCancelled = (cancelled: OrderView) => {
    cancelledHere.current.add(cancelled.id);
    const money = (minor: number) => formatMoney(minor, cancelled.currency);
    dispatch(noticeShown({ key: 'cart', severity: 'info', message: cancelOutcome(cancelled, money) }));
    // Money was taken and the kitchen has nothing to acknowledge: straight on to the refund it owes.
    setDialog(cancelled.status === 'refund_pending' && cancelled.refundDueMinor > 0 ? { kind: 'refund', order: cancelled } : null);
  };

  useCashierShortcuts({
    enabled: dialog === null,
    openOrders: () => setDialog({ kind: 'orders' }),
    sendToKitchen: unsent > 0 ? () => void sendToKitchen() : null,
    details: editing ? () => setDialog({ kind: 'details' }) : null,
    discount: editing && (order?.lines.length ?? 0) > 0 ? () => setDialog({ kind: 'discount', line: null }) : null,
    newOrder: order ? newOrder : null,
    tender: payable ? openTender : null,
  });

  return (
    <div className="window cashier">
      <StationHeader title="Cashier">
        <StatusStrip canSync diagnosticsLink />
        <span
          className="menu-version"
          data-testid="menu-version"
          title="The menu new lines are priced from, who published it, and when it arrived"
        >
          {menuLabel(catalog.menu)}
        </span>
        <ShortcutHelp />
      </StationHeader>
      <AlertRegion />
      <main className="cashier-main">
        <div className="cashier-pane">
          <div className="catalog-pane" hidden={showTender}>
            <CatalogGrid
              items={catalog.items}
              loaded={catalog.loaded}
              disabled={paymentInFlight(order)}
              availability={availability}
              onPick={pickItem}
            />
          </div>
          {payable && (
            <TenderPanel
              order={payable}
              disabled={phase !== 'ordering'}
              open={showTender}
              focusRequest={focusRequest}
              onBack={() => setTendering(false)}
              onActive={() => setTendering(true)}
              onPaid={(paidOrder, change) => {
                dispatch(orderChanged(paidOrder));
                cart.send({ type: 'PAID', order: paidOrder, changeMinor: change });
              }}
            />
          )}
        </div>
        <aside className="side" aria-label="Order">
          <div className="side-scroll">
            {/* Cancellations from other channels and refunds owed: the counter must see them whatever is on screen. */}
            <OfflineCardPayments />
            <RefundsDue />
            <BarcodeEntry onScan={(barcode) => cart.send({ type: 'SCAN', barcode })} />
            <OrderTypePicker
              value={pendingOrderType ?? (editing ? order.orderType : orderType)}
              onChange={(type) => void chooseOrderType(type)}
            />
            <CartPanel
              order={order}
              fallbackCurrency={currency}
              selectedLineId={selectedLineId}
              editable={editing}
              onSelect={setSelectedLineId}
              onChangeQuantity={(line, quantity) =>
                void command('order.changeLine', { orderId: order!.id, lineId: line.lineId, quantity }).then((r) => {
                  if (!r.ok) fail(r.error.message);
                })
              }
              onLineNote={(line) => setDialog({ kind: 'note', line })}
              onLineDiscount={(line) => setDialog({ kind: 'discount', line })}
              onVoid={(line) => setDialog({ kind: 'void', line })}
              onRemoveDiscount={(discountId) =>
                void command('order.removeDiscount', { orderId: order!.id, discountId }).then((r) => {
                  if (!r.ok) fail(r.error.message);
                })
              }
            />
            <OrderActions
              editing={editing}
              hasLines={(order?.lines.length ?? 0) > 0}
              unsent={unsent}
              openOrders={listed.length}
              onDetails={() => setDialog({ kind: 'details' })}
              onDiscount={() => setDialog({ kind: 'discount', line: null })}
              onSend={() => void sendToKitchen()}
              onOpenOrders={() => setDialog({ kind: 'orders' })}
              onPark={newOrder}
              cancellable={cancellable !== null}
              onCancel={() => cancellable && setDialog({ kind: 'cancel', order: cancellable })}
            />
          </div>
          {/* Pinned under the order, never scrolled away: the way to the payment, then its outcome. */}
          <div className="side-footer">
            <p role="status" className={paid ? 'outcome outcome-paid' : 'outcome'}>
              {paid && changeMinor !== null ? (
                order?.totalMinor === 0 ? (
                  'Done — nothing to pay'
                ) : (
                  <>
                    Paid — Change <strong className="change-due">{formatMoney(changeMinor, currency)}</strong>
                  </>
                )
              ) : (
                ''
              )}
            </p>
            {payable && !showTender && (
              <button type="button" className="primary charge" aria-keyshortcuts="F4" disabled={phase !== 'ordering'} onClick={openTender}>
                Charge {formatMoney(payable.dueMinor, currency)}
              </button>
            )}
            {comped && (
              <button type="button" className="primary" onClick={() => void completeComped()}>
                Complete — nothing to pay
              </button>
            )}
            {paid && (
              <button type="button" className="primary new-order" aria-keyshortcuts="Alt+N" autoFocus onClick={newOrder}>
                New order
              </button>
            )}
            {paid && order && order.totalMinor > 0 && <ReprintReceipt orderId={order.id} />}
          </div>
        </aside>
      </main>
      {dialog?.kind === 'modifiers' && (
        <ModifiersDialog
          item={dialog.item}
          onClose={() => setDialog(null)}
          onAdd={(line) => {
            cart.send({ type: 'ADD_ITEM', itemId: dialog.item.id, ...line });
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'note' && order && <LineNoteDialog order={order} line={dialog.line} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'void' && order && <VoidLineDialog order={order} line={dialog.line} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'discount' && order && <DiscountDialog order={order} line={dialog.line} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'details' && order && <OrderDetailsDialog order={order} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'cancel' && <CancelOrderDialog order={dialog.order} onClose={() => setDialog(null)} onCancelled={orderCancelled} />}
      {dialog?.kind === 'refund' && <RefundDialog order={refundView ?? dialog.order} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'orders' && (
        <OpenOrdersDialog
          orders={listed}
          currentOrderId={editing ? order.id : null}
          onClose={() => setDialog(null)}
          onCancel={(picked) => setDialog({ kind: 'cancel', order: picked })}
          onRecall={(recalled) => {
            cart.send({ type: 'RECALL', order: recalled });
            setSelectedLineId(null);
            setDialog(null);
          }}
        />
      )}
    </div>
  );
}
