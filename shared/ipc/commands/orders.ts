import { z } from 'zod';
import { CatalogItem, CatalogItemId } from '../../catalog.js';
import { OrderId, OrderType } from '../../events.js';
import { MinorUnits } from '../../money.js';
import { OrderView } from '../../order-view.js';
import { command } from '../command-spec.js';

/** Catalog and order commands of the cashier and kitchen windows. */
export const orderCommands = {
  'catalog.list': command({
    args: z.object({}).strict(),
    result: z.object({ items: z.array(CatalogItem) }),
    roles: ['cashier', 'kitchen'],
  }),
  'order.open': command({
    args: z.object({ orderType: OrderType.default('takeout') }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  /**
   * Without `orderId`, opens a new order (of `orderType`) and adds the line in one transaction, so a
   * refused first item leaves no empty order behind.
   */
  'order.addLine': command({
    args: z
      .object({
        orderId: OrderId.optional(),
        orderType: OrderType.default('takeout'),
        itemId: CatalogItemId,
        quantity: z.int().min(1).max(999).default(1),
      })
      .strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  /** Typed or scanned code: validated (check digit) and looked up by the core. Opens an order like addLine. */
  'order.addBarcode': command({
    args: z.object({ orderId: OrderId.optional(), orderType: OrderType.default('takeout'), barcode: z.string().min(1).max(64) }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  'order.payCash': command({
    args: z.object({ orderId: OrderId, tenderedMinor: MinorUnits.positive() }).strict(),
    result: z.object({ order: OrderView, changeMinor: MinorUnits }),
    roles: ['cashier'],
  }),
  'orders.listActive': command({
    args: z.object({}).strict(),
    result: z.object({ orders: z.array(OrderView) }),
    roles: ['cashier', 'kitchen'],
  }),
} as const;
