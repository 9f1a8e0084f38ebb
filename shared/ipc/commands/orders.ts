import { z } from 'zod';
import { CatalogItem, CatalogItemId } from '../../catalog.js';
import { DiscountAmount, DiscountTarget, EntityId, LineId, OrderId, OrderType } from '../../events.js';
import { MinorUnits } from '../../money.js';
import { OrderView } from '../../order-view.js';
import { command } from '../command-spec.js';

/** Why a person did something: kept on the event for the audit log. */
const Reason = z.string().trim().min(1).max(200);
/** Lines, discounts and notes are edited at the counter; every edit answers the order as folded after it. */
const OrderTarget = { orderId: OrderId };
/**
 * A manager's PIN typed at the till to approve a guarded action (voiding a fired line, a refund,
 * cancelling a paid order) when the signed-in staff member is not a manager. Verified by the core.
 */
const ManagerPin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

/** Options chosen in one modifier group of the item ("milk": ["oat"]); checked against the catalog by the core. */
export const ModifierSelection = z
  .object({ groupId: z.string().min(1).max(40), optionIds: z.array(z.string().min(1).max(40)).max(40) })
  .strict();

/** The published menu a station sells from: its version, who published it and when, and when it arrived here. */
export const MenuInfo = z
  .object({
    version: z.int().positive(),
    publishedBy: z.string().min(1).max(80),
    publishedAtMs: z.int().nonnegative(),
    receivedAtMs: z.int().nonnegative(),
  })
  .strict();
export type MenuInfo = z.infer<typeof MenuInfo>;

/** The catalog new lines are rung up from; `menu` null: the station's start-up catalog (no menu held yet). */
export const CatalogView = z.object({ items: z.array(CatalogItem), menu: MenuInfo.nullable() }).strict();
export type CatalogView = z.infer<typeof CatalogView>;

/** Catalog and order commands of the cashier and kitchen windows. */
export const orderCommands = {
  'catalog.list': command({
    args: z.object({}).strict(),
    result: CatalogView,
    roles: ['cashier', 'kitchen', 'customer'],
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
        /** Needed (where staff sign in) to sell an item marked sold out: `approval_required` without it. */
        managerPin: ManagerPin.optional(),
        quantity: z.int().min(1).max(999).default(1),
        /** Chosen options per modifier group; required groups must be chosen (`invalid_modifiers`). */
        modifiers: z.array(ModifierSelection).max(10).default([]),
        /** For the kitchen ("no onions"). */
        note: z.string().trim().min(1).max(200).optional(),
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
  /** Sends a draft: OrderPlaced, then one kitchen ticket per station for its lines. */
  'order.place': command({ args: z.object(OrderTarget).strict(), result: OrderView, roles: ['cashier'] }),
  /** Sends kitchen lines not yet on a ticket (another round); places a draft on the way. */
  'order.fire': command({ args: z.object(OrderTarget).strict(), result: OrderView, roles: ['cashier'] }),
  /**
   * Voids a line, also after it was fired (the KDS strikes it through; started work is waste).
   * With staff sign-in configured, voiding a fired line needs a signed-in manager or `managerPin`
   * (`approval_required` / `approval_denied`); the event records the approving manager's id.
   * `approvedBy` is only honoured when sign-in is not configured (a free-text name, as before).
   */
  'order.voidLine': command({
    args: z
      .object({
        ...OrderTarget,
        lineId: LineId,
        reason: z.string().trim().min(1).max(120),
        approvedBy: z.string().trim().min(1).max(64).optional(),
        managerPin: ManagerPin.optional(),
      })
      .strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  /** Quantity or note of a line not yet fired; `note: null` clears it. Modifiers change by void and re-add. */
  'order.changeLine': command({
    args: z
      .object({
        ...OrderTarget,
        lineId: LineId,
        quantity: z.int().min(1).max(999).optional(),
        note: z.string().trim().min(1).max(200).nullable().optional(),
      })
      .strict()
      .refine((a) => a.quantity !== undefined || a.note !== undefined, { message: 'change quantity or note', path: ['quantity'] }),
    result: OrderView,
    roles: ['cashier'],
  }),
  /** An empty note clears it. */
  'order.setNote': command({
    args: z.object({ ...OrderTarget, note: z.string().trim().max(500) }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  'order.setType': command({ args: z.object({ ...OrderTarget, orderType: OrderType }).strict(), result: OrderView, roles: ['cashier'] }),
  /**
   * Table and guest name, printed on kitchen tickets and receipts. Each field: absent leaves it,
   * `null` clears it, a string (trimmed) replaces it; at least one must be given.
   */
  'order.setGuest': command({
    args: z
      .object({
        ...OrderTarget,
        tableNumber: z.string().trim().min(1).max(12).nullable().optional(),
        customerName: z.string().trim().min(1).max(80).nullable().optional(),
      })
      .strict()
      .refine((a) => a.tableNumber !== undefined || a.customerName !== undefined, {
        message: 'set tableNumber or customerName',
        path: ['tableNumber'],
      }),
    result: OrderView,
    roles: ['cashier'],
  }),
  /** Percent in basis points (1000 = 10 %) or a fixed amount in minor units, on the order or one line. */
  'order.applyDiscount': command({
    args: z.object({ ...OrderTarget, target: DiscountTarget, amount: DiscountAmount, reason: Reason }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  'order.removeDiscount': command({
    args: z.object({ ...OrderTarget, discountId: EntityId, reason: Reason.optional() }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  /**
   * Requests cancellation: `cancelled`, `refund_pending` when money was taken, or `cancel_requested`
   * while the kitchen is working on it (cooks acknowledge, or the cashier confirms).
   */
  'order.cancel': command({
    args: z.object({ ...OrderTarget, reason: Reason, managerPin: ManagerPin.optional() }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  /** Accepts a requested cancellation without waiting for every cook to acknowledge. */
  'order.confirmCancel': command({ args: z.object(OrderTarget).strict(), result: OrderView, roles: ['cashier'] }),
  /** Handed over: a paid order, or one with nothing to pay. */
  'order.complete': command({ args: z.object(OrderTarget).strict(), result: OrderView, roles: ['cashier'] }),
  /**
   * Gives cash back from the order's cash payments (never more than they took). With staff sign-in
   * configured it needs a signed-in manager or `managerPin`.
   */
  'order.refundCash': command({
    args: z.object({ ...OrderTarget, amountMinor: MinorUnits.positive(), reason: Reason, managerPin: ManagerPin.optional() }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  'orders.listActive': command({
    args: z.object({}).strict(),
    result: z.object({ orders: z.array(OrderView) }),
    // Diagnostics reads them to filter its logs by ticket number.
    roles: ['cashier', 'kitchen', 'customer', 'diagnostics'],
  }),
} as const;
