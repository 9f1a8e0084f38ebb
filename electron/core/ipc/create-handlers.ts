import type { OrderService } from '../order-service.js';
import type { EventStore } from '../event-store.js';
import type { CommandName } from '../../../shared/ipc/contract.js';
import type { DeviceCommand } from './device-handlers.js';
import type { DiagnosticsCommand } from './diagnostics-handlers.js';
import type { CommandHandlers } from './handlers.js';

export interface HandlerDeps {
  orders: OrderService;
  store: EventStore;
  /** Runs after a payment is committed: printing never decides whether an order is paid. */
  afterPayment: (orderId: string) => void;
  afterLocalWrite: (orderId: string) => void;
}

export type OrderCommand = Exclude<CommandName, DiagnosticsCommand | DeviceCommand>;

export function createHandlers({ orders, store, afterPayment, afterLocalWrite }: HandlerDeps): Pick<CommandHandlers, OrderCommand> {
  const written = <T extends { ok: true; value: { id: string } | { order: { id: string } } } | { ok: false }>(result: T): T => {
    if (result.ok) afterLocalWrite('order' in result.value ? result.value.order.id : result.value.id);
    return result;
  };
  return {
    'catalog.list': () => ({ ok: true, value: { items: [...orders.catalog] } }),
    'order.open': ({ orderType }) => written(orders.open(orderType)),
    'order.addLine': ({ orderId, orderType, itemId, quantity }) => written(orders.addLine({ orderId, orderType }, itemId, quantity)),
    'order.addBarcode': ({ orderId, orderType, barcode }) => written(orders.addBarcode({ orderId, orderType }, barcode)),
    'order.payCash': ({ orderId, tenderedMinor }) => {
      const result = written(orders.payCash(orderId, tenderedMinor));
      if (result.ok) afterPayment(orderId);
      return result;
    },
    'orders.listActive': () => ({ ok: true, value: { orders: store.listActive() } }),
  };
}
