import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import { formatPrintTime, receiptFor } from '../receipt.js';

export interface PeripheralContext {
  devices: DeviceManager;
  storeName: string;
  stationId: string;
  clock: Clock;
  logger: Logger;
  hasKitchenRoutes: boolean;
}

const IDLE_AFTER_PAYMENT_MS = 20_000;

/**
 * What the counter's hardware does around an order: receipt, kitchen tickets and the drawer after a
 * committed cash payment; the customer display follows the order being rung up. None of it decides
 * anything about the order, and a device failure never undoes a sale.
 */
export function createOrderPeripherals(context: PeripheralContext) {
  const { devices, logger } = context;
  let idleTimer: NodeJS.Timeout | undefined;

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
    if (context.hasKitchenRoutes && order.lines.some((l) => l.kitchenStation)) {
      const kitchen = devices.printKitchen(
        {
          ticketNumber: String(order.ticketNumber),
          orderType: order.orderType.replace('_', ' '),
          timestamp: printedAt,
          items: order.lines
            .filter((l) => l.kitchenStation)
            .map((l) => ({ quantity: l.quantity, name: l.name, ...(l.kitchenStation ? { station: l.kitchenStation } : {}) })),
        },
        { orderId: order.id },
      );
      for (const error of kitchen.errors) log.error({ reason: error }, 'kitchen ticket not routed');
    }
  };

  return {
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
      showOnDisplay((display) => display.showChange({ paidMinor: order.paidMinor + order.changeMinor, changeMinor: order.changeMinor, currency: order.currency }));
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
      if (!line) return;
      clearTimeout(idleTimer);
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

    stop(): void {
      clearTimeout(idleTimer);
    },
  };
}
