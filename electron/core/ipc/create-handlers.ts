import type { OrderService } from '../orders/order-service.js';
import type { EventStore } from '../event-store.js';
import type { CommandName } from '../../../shared/ipc/contract.js';
import type { MenuInfo } from '../../../shared/ipc/commands/orders.js';
import type { DeviceCommand } from './device-handlers.js';
import type { DisplayCommand } from './display-handlers.js';
import type { PaymentCommand } from './payment-handlers.js';
import type { DiagnosticsCommand } from './diagnostics-handlers.js';
import type { StaffCommand } from './staff-handlers.js';
import type { KitchenRoutingCommand } from '../kitchen/routing-handlers.js';
import type { MenuCommand } from '../menu/availability-handlers.js';
import type { CommandHandlers } from './handlers.js';
import type { WindowAccessCommand } from '../window-access/window-handlers.js';

/** What follows a write (sync, printing, windows) hears of it from the store's commits, not from here. */
export interface HandlerDeps {
  orders: OrderService;
  store: EventStore;
  /** The published menu the catalog comes from (null or absent: the start-up catalog). */
  menu?: () => MenuInfo | null;
}

export type OrderCommand = Exclude<
  CommandName,
  | DiagnosticsCommand
  | DeviceCommand
  | PaymentCommand
  | StaffCommand
  | KitchenRoutingCommand
  | MenuCommand
  | DisplayCommand
  | WindowAccessCommand
>;

export function createHandlers({ orders, store, menu }: HandlerDeps): Pick<CommandHandlers, OrderCommand> {
  return {
    'catalog.list': () => ({ ok: true, value: { items: [...orders.catalog], menu: menu?.() ?? null } }),
    'order.open': ({ orderType }) => orders.open(orderType),
    'order.addLine': ({ orderId, orderType, itemId, quantity, modifiers, note, managerPin }) =>
      orders.addLine({ orderId, orderType }, itemId, quantity, { modifiers, note, managerPin }),
    'order.addBarcode': ({ orderId, orderType, barcode }) => orders.addBarcode({ orderId, orderType }, barcode),
    'order.payCash': ({ orderId, tenderedMinor }) => orders.payCash(orderId, tenderedMinor),
    'order.place': ({ orderId }) => orders.lifecycle.place(orderId),
    'order.fire': ({ orderId }) => orders.lifecycle.fire(orderId),
    'order.voidLine': ({ orderId, lineId, reason, approvedBy, managerPin }) =>
      orders.edits.voidLine(orderId, lineId, reason, approvedBy, managerPin),
    'order.changeLine': ({ orderId, lineId, quantity, note }) => orders.edits.changeLine(orderId, lineId, { quantity, note }),
    'order.setNote': ({ orderId, note }) => orders.edits.setNote(orderId, note),
    'order.setType': ({ orderId, orderType }) => orders.edits.setType(orderId, orderType),
    'order.setGuest': ({ orderId, tableNumber, customerName }) => orders.edits.setGuest(orderId, { tableNumber, customerName }),
    'order.applyDiscount': ({ orderId, target, amount, reason }) => orders.edits.applyDiscount(orderId, target, amount, reason),
    'order.removeDiscount': ({ orderId, discountId, reason }) => orders.edits.removeDiscount(orderId, discountId, reason),
    'order.cancel': ({ orderId, reason, managerPin }) => orders.lifecycle.cancel(orderId, reason, managerPin),
    'order.confirmCancel': ({ orderId }) => orders.lifecycle.confirmCancel(orderId),
    'order.complete': ({ orderId }) => orders.lifecycle.complete(orderId),
    'order.refundCash': ({ orderId, amountMinor, reason, managerPin }) =>
      orders.lifecycle.refundCash(orderId, amountMinor, reason, managerPin),
    'orders.listActive': () => ({ ok: true, value: { orders: store.listActive() } }),
    'ticket.start': ({ orderId, ticketId }) => orders.kitchen.start(orderId, ticketId),
    'ticket.ready': ({ orderId, ticketId }) => orders.kitchen.ready(orderId, ticketId),
    'ticket.bump': ({ orderId, ticketId }) => orders.kitchen.bump(orderId, ticketId),
    'ticket.recall': ({ orderId, ticketId }) => orders.kitchen.recall(orderId, ticketId),
    'ticket.acknowledgeCancel': ({ orderId, ticketId }) => orders.kitchen.acknowledgeCancel(orderId, ticketId),
    'ticket.lineDone': ({ orderId, ticketId, lineId }) => orders.kitchen.lineDone(orderId, ticketId, lineId),
    'ticket.lineUndone': ({ orderId, ticketId, lineId }) => orders.kitchen.lineUndone(orderId, ticketId, lineId),
  };
}
