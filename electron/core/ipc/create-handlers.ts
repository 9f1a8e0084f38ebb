import type { OrderService } from '../orders/order-service.js';
import type { EventStore } from '../event-store.js';
import type { CommandName } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { DeviceCommand } from './device-handlers.js';
import type { PaymentCommand } from './payment-handlers.js';
import type { DiagnosticsCommand } from './diagnostics-handlers.js';
import type { StaffCommand } from './staff-handlers.js';
import type { KitchenRoutingCommand } from '../kitchen/routing-handlers.js';
import type { CommandHandlers } from './handlers.js';

export interface HandlerDeps {
  orders: OrderService;
  store: EventStore;
  /** Runs after a payment is committed: printing never decides whether an order is paid. */
  afterPayment: (order: OrderView) => void;
  /** Gets the order as committed, so hooks never read it back from the database. */
  afterLocalWrite: (order: OrderView) => void;
}

export type OrderCommand = Exclude<CommandName, DiagnosticsCommand | DeviceCommand | PaymentCommand | StaffCommand | KitchenRoutingCommand>;

export function createHandlers({ orders, store, afterPayment, afterLocalWrite }: HandlerDeps): Pick<CommandHandlers, OrderCommand> {
  const written = <T extends { ok: true; value: OrderView | { order: OrderView } } | { ok: false }>(result: T): T => {
    if (result.ok) afterLocalWrite('order' in result.value ? result.value.order : result.value);
    return result;
  };
  return {
    'catalog.list': () => ({ ok: true, value: { items: [...orders.catalog] } }),
    'order.open': ({ orderType }) => written(orders.open(orderType)),
    'order.addLine': ({ orderId, orderType, itemId, quantity, modifiers, note }) =>
      written(orders.addLine({ orderId, orderType }, itemId, quantity, { modifiers, note })),
    'order.addBarcode': ({ orderId, orderType, barcode }) => written(orders.addBarcode({ orderId, orderType }, barcode)),
    'order.payCash': ({ orderId, tenderedMinor }) => {
      const result = written(orders.payCash(orderId, tenderedMinor));
      if (result.ok) afterPayment(result.value.order);
      return result;
    },
    'order.place': ({ orderId }) => written(orders.lifecycle.place(orderId)),
    'order.fire': ({ orderId }) => written(orders.lifecycle.fire(orderId)),
    'order.voidLine': ({ orderId, lineId, reason, approvedBy, managerPin }) =>
      written(orders.edits.voidLine(orderId, lineId, reason, approvedBy, managerPin)),
    'order.changeLine': ({ orderId, lineId, quantity, note }) => written(orders.edits.changeLine(orderId, lineId, { quantity, note })),
    'order.setNote': ({ orderId, note }) => written(orders.edits.setNote(orderId, note)),
    'order.setType': ({ orderId, orderType }) => written(orders.edits.setType(orderId, orderType)),
    'order.setGuest': ({ orderId, tableNumber, customerName }) => written(orders.edits.setGuest(orderId, { tableNumber, customerName })),
    'order.applyDiscount': ({ orderId, target, amount, reason }) => written(orders.edits.applyDiscount(orderId, target, amount, reason)),
    'order.removeDiscount': ({ orderId, discountId, reason }) => written(orders.edits.removeDiscount(orderId, discountId, reason)),
    'order.cancel': ({ orderId, reason, managerPin }) => written(orders.lifecycle.cancel(orderId, reason, managerPin)),
    'order.confirmCancel': ({ orderId }) => written(orders.lifecycle.confirmCancel(orderId)),
    'order.complete': ({ orderId }) => written(orders.lifecycle.complete(orderId)),
    'order.refundCash': ({ orderId, amountMinor, reason, managerPin }) =>
      written(orders.lifecycle.refundCash(orderId, amountMinor, reason, managerPin)),
    'orders.listActive': () => ({ ok: true, value: { orders: store.listActive() } }),
    'ticket.start': ({ orderId, ticketId }) => written(orders.kitchen.start(orderId, ticketId)),
    'ticket.ready': ({ orderId, ticketId }) => written(orders.kitchen.ready(orderId, ticketId)),
    'ticket.bump': ({ orderId, ticketId }) => written(orders.kitchen.bump(orderId, ticketId)),
    'ticket.recall': ({ orderId, ticketId }) => written(orders.kitchen.recall(orderId, ticketId)),
    'ticket.acknowledgeCancel': ({ orderId, ticketId }) => written(orders.kitchen.acknowledgeCancel(orderId, ticketId)),
    'ticket.lineDone': ({ orderId, ticketId, lineId }) => written(orders.kitchen.lineDone(orderId, ticketId, lineId)),
    'ticket.lineUndone': ({ orderId, ticketId, lineId }) => written(orders.kitchen.lineUndone(orderId, ticketId, lineId)),
  };
}
