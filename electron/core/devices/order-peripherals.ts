import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import { formatPrintTime, kitchenOrderFor, receiptFor } from '../receipt.js';
import { changedOrders, type Commit } from '../store/commit-notice.js';
import { commitEffect } from './commit-effects.js';

export interface PeripheralContext {
  devices: DeviceManager;
  storeName: string;
  stationId: string;
  clock: Clock;
  logger: Logger;
  hasKitchenRoutes: boolean;
}

const IDLE_AFTER_PAYMENT_MS = 20_000;

/** Statuses after which an order is no longer a sale the customer is watching. */
const CANCELLING: ReadonlySet<OrderView['status']> = new Set(['cancel_requested', 'cancelled', 'refund_pending', 'refunded']);

/**
 * What the counter's hardware does around an order: receipt, kitchen tickets and the drawer after a
 * committed cash payment; the customer display follows the order being rung up. None of it decides
 * anything about the order, and a device failure never undoes a sale. `committed` is the way in:
 * the effects follow from the events each commit appended (see `commitEffect`).
 */
export function createOrderPeripherals(context: PeripheralContext) {
  const { devices, logger } = context;
  let idleTimer: NodeJS.Timeout | undefined;
  /** The order the pole display shows a line of, so its cancellation can clear the display. */
  let shownOrderId: string | undefined;

  const showOnDisplay = (action: (display: NonNullable<ReturnType<DeviceManager['display']>>) => Promise<void>) => {
    const display = devices.display();
    if (!display) return;
    action(display).catch((error: unknown) => logger.warn({ err: error }, 'customer display update failed'));
  };

  /** Receipt, then kitchen tickets for routed lines; throws only on a programming error. */
  const printAfterPayment = (order: OrderView, log: Logger): void => {
    const printedAt = formatPrintTime(context.clock.now());
    const job = devices.printReceipt(receiptFor(order, { storeName: context.storeName, stationId: context.stationId, printedAt }), {
      orderId: order.id,
    });
    log.info({ jobId: job.id }, 'receipt queued');
    // The tickets' stations, not the lines': routing decided where each line went when it was fired.
    const kitchenOrder = kitchenOrderFor(order, printedAt);
    if (context.hasKitchenRoutes && kitchenOrder.items.length > 0) {
      const kitchen = devices.printKitchen(kitchenOrder, { orderId: order.id });
      for (const error of kitchen.errors) log.error({ reason: error }, 'kitchen ticket not routed');
    }
  };

  const peripherals = {
    /**
     * After every commit the store announces. Pulled pages only clear the display of an order
     * cancelled elsewhere: their receipts and tickets are printed where they were written, and a
     * pulled channel order is printed when this station fires it (a local commit of its own).
     */
    committed(commit: Commit): void {
      for (const order of changedOrders(commit)) peripherals.orderChanged(order);
      if (commit.source !== 'local') return;
      const { order } = commit;
      const effect = commitEffect(order, commit.events);
      switch (effect.kind) {
        case 'cash_sale':
          return peripherals.afterCashPayment(order);
        case 'cash_part':
          return peripherals.afterCashPart(order);
        case 'card_sale':
          return peripherals.afterCardPayment(order);
        case 'channel_fired':
          return peripherals.afterChannelOrderFired(order, effect.ticketIds);
        case 'ring_up':
          return peripherals.afterLineAdded(order);
        case 'none':
          return;
      }
    },

    /** Cash went in for one part: open the drawer; the receipt waits for the part that settles. */
    afterCashPart(order: OrderView): void {
      devices
        .openDrawer({ orderId: order.id, reason: 'sale', requestedBy: context.stationId })
        .catch((error: unknown) => logger.error({ orderId: order.id, err: error }, 'drawer did not open'));
    },

    afterCashPayment(order: OrderView): void {
      const log = logger.child({ orderId: order.id });
      try {
        printAfterPayment(order, log);
      } catch (error) {
        log.error({ err: error }, 'printing after payment failed');
      }
      devices
        .openDrawer({ orderId: order.id, reason: 'sale', requestedBy: context.stationId })
        .then((kick) => log.info({ kickId: kick.id, state: kick.state }, 'drawer kicked'))
        .catch((error: unknown) => log.error({ err: error }, 'drawer did not open'));
      showOnDisplay((display) =>
        display.showChange({ paidMinor: order.paidMinor + order.changeMinor, changeMinor: order.changeMinor, currency: order.currency }),
      );
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => showOnDisplay((display) => display.showIdle(context.storeName)), IDLE_AFTER_PAYMENT_MS);
      idleTimer.unref();
    },

    /**
     * A card payment paid the order: the same receipt and kitchen tickets as cash, but no drawer
     * kick (no cash moved) and no change on the display.
     */
    afterCardPayment(order: OrderView): void {
      const log = logger.child({ orderId: order.id });
      try {
        printAfterPayment(order, log);
      } catch (error) {
        log.error({ err: error }, 'printing after payment failed');
      }
      showOnDisplay((display) => display.showChange({ paidMinor: order.paidMinor, changeMinor: 0, currency: order.currency }));
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => showOnDisplay((display) => display.showIdle(context.storeName)), IDLE_AFTER_PAYMENT_MS);
      idleTimer.unref();
    },

    /** The order being rung up at this counter changed: show its last line and the total. */
    afterLineAdded(order: OrderView): void {
      const line = order.lines.at(-1);
      clearTimeout(idleTimer);
      shownOrderId = line ? order.id : undefined;
      if (!line) {
        // The last line was voided: the pole must not keep showing an item the customer no longer buys.
        showOnDisplay((display) => display.showIdle(context.storeName));
        return;
      }
      showOnDisplay((display) =>
        display.showLineAndTotal({
          name: line.name,
          quantity: line.quantity,
          amountMinor: line.totalMinor,
          totalMinor: order.totalMinor,
          currency: order.currency,
        }),
      );
    },

    /**
     * Any order changed on this station. When the one the pole display shows is cancelled (here or
     * from another till), the display goes back to the welcome text instead of a sale that is gone.
     */
    orderChanged(order: OrderView): void {
      if (order.id !== shownOrderId || !CANCELLING.has(order.status)) return;
      shownOrderId = undefined;
      clearTimeout(idleTimer);
      showOnDisplay((display) => display.showIdle(context.storeName));
    },

    /**
     * A web or mobile order was just sent to the kitchen by this station: the kitchen printers print
     * its new tickets as they do for counter sales (keyed per ticket, so a retry never prints twice).
     * No receipt (the channel gives its own) and nothing on this counter's customer display.
     */
    afterChannelOrderFired(order: OrderView, ticketIds: readonly string[]): void {
      if (!context.hasKitchenRoutes || ticketIds.length === 0) return;
      const log = logger.child({ orderId: order.id });
      const printedAt = formatPrintTime(context.clock.now());
      for (const ticket of order.tickets.filter((t) => ticketIds.includes(t.ticketId))) {
        try {
          const kitchen = devices.printKitchen(kitchenOrderFor(order, printedAt, [ticket.ticketId]), {
            orderId: order.id,
            keyPrefix: `kitchen-ticket:${ticket.ticketId}`,
          });
          for (const error of kitchen.errors) log.error({ reason: error }, 'kitchen ticket not routed');
        } catch (error) {
          log.error({ err: error }, 'printing a channel order kitchen ticket failed');
        }
      }
    },
    stop(): void {
      clearTimeout(idleTimer);
    },
  };
  return peripherals;
}
