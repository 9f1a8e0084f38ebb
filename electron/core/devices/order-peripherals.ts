import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { PrintJob } from '../../../drivers/queue/print-job.js';
import type { Clock } from '../../../shared/clock.js';
import type { IpcResult } from '../../../shared/ipc/contract.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import { formatPrintTime, kitchenOrderFor, receiptFor, type StoreHeader } from '../receipt.js';
import { refundSlipFor } from '../refund-slip.js';
import { changedOrders, type Commit, type LocalCommit } from '../store/commit-notice.js';
import { commitEffect } from './commit-effects.js';
import { kitchenTicketsDue, STALE_TICKET_MS } from './kitchen-prints.js';

/** What the peripherals use of the device manager (the simulation in sim/ supplies its own). */
export type PeripheralDevices = Pick<DeviceManager, 'printReceipt' | 'printKitchen' | 'openDrawer' | 'display'>;

export interface PeripheralContext {
  devices: PeripheralDevices;
  /** Name, address and tax id: the top of every slip (`store` in station.json). */
  store: StoreHeader;
  stationId: string;
  clock: Clock;
  logger: Logger;
  /** Without `ownsKitchenStation`: true owns every kitchen station's printer, false none. */
  hasKitchenRoutes: boolean;
  /** The kitchen stations whose tickets print here, from this station's routing (`kitchenStationsOwned`). */
  ownsKitchenStation?: (station: string) => boolean;
  /** Defaults to `STALE_TICKET_MS`. */
  staleTicketMs?: number;
}

const IDLE_AFTER_PAYMENT_MS = 20_000;

/** Statuses after which an order is no longer a sale the customer is watching. */
const CANCELLING: ReadonlySet<OrderView['status']> = new Set(['cancel_requested', 'cancelled', 'refund_pending', 'refunded']);

/**
 * What the station's hardware does around an order: receipt and drawer after a committed cash
 * payment here, the customer display following the order being rung up here, and the kitchen tickets
 * of kitchen stations whose printers this station owns, whoever fired them. None of it decides
 * anything about the order, and a device failure never undoes a sale. `committed` is the way in:
 * the effects follow from the events each commit brought (see `commitEffect`, `kitchenTicketsDue`).
 */
export function createOrderPeripherals(context: PeripheralContext) {
  const { devices, logger } = context;
  let idleTimer: NodeJS.Timeout | undefined;
  /** The order the pole display shows a line of, so its cancellation can clear the display. */
  let shownOrderId: string | undefined;
  /** Tells apart two copies asked for within one clock tick. */
  let copies = 0;

  const showOnDisplay = (action: (display: NonNullable<ReturnType<PeripheralDevices['display']>>) => Promise<void>) => {
    const display = devices.display();
    if (!display) return;
    action(display).catch((error: unknown) => logger.warn({ err: error }, 'customer display update failed'));
  };

  const owns = context.ownsKitchenStation ?? (() => context.hasKitchenRoutes);

  const receiptContext = () => ({ store: context.store, stationId: context.stationId, printedAt: formatPrintTime(context.clock.now()) });

  /** The receipt of a paid sale; throws only on a programming error. */
  const printReceipt = (order: OrderView, log: Logger): void => {
    const job = devices.printReceipt(receiptFor(order, receiptContext()), { orderId: order.id });
    log.info({ jobId: job.id }, 'receipt queued');
  };

  /**
   * One print job per ticket, keyed on the ticket id: the ids are the same on every station, so a
   * ticket that this station printed once (fired here, or brought by a page, before or after a
   * restart) never prints again here, whoever fires it next.
   */
  const printTickets = (order: OrderView, ticketIds: readonly string[]): void => {
    if (ticketIds.length === 0) return;
    const log = logger.child({ orderId: order.id });
    const printedAt = formatPrintTime(context.clock.now());
    for (const ticketId of ticketIds) {
      try {
        // The ticket's station, not the lines': routing decided where each line went when it was fired.
        const kitchenOrder = kitchenOrderFor(order, printedAt, [ticketId]);
        if (kitchenOrder.items.length === 0) continue;
        const kitchen = devices.printKitchen(kitchenOrder, { orderId: order.id, keyPrefix: `kitchen-ticket:${ticketId}` });
        for (const error of kitchen.errors) log.error({ ticketId, reason: error }, 'kitchen ticket not routed');
      } catch (error) {
        log.error({ ticketId, err: error }, 'printing a kitchen ticket failed');
      }
    }
  };

  /** The kitchen tickets a commit made due that this station owns, from any source (see `kitchenTicketsDue`). */
  const printDueTickets = (commit: Commit): void => {
    const rules = {
      owns,
      local: commit.source === 'local',
      now: context.clock.now(),
      staleAfterMs: context.staleTicketMs ?? STALE_TICKET_MS,
    };
    for (const order of changedOrders(commit)) {
      const { print, stale } = kitchenTicketsDue(order, commit.events, rules);
      if (stale.length > 0)
        logger.warn({ orderId: order.id, ticketIds: stale }, 'kitchen tickets arrived too late to print (kitchen screens show them)');
      printTickets(order, print);
    }
  };

  const peripherals = {
    /**
     * After every commit the store announces. Receipts, the drawer and the pole display follow this
     * station's own writes only (a sale paid at another till never prints its receipt or opens the
     * drawer here; a pulled page only clears the display of an order cancelled elsewhere). Kitchen
     * tickets follow every commit, whatever its source: each prints at the station that owns its
     * kitchen printer, once (see `kitchenTicketsDue`), after this station's receipt for the sale.
     */
    committed(commit: Commit): void {
      for (const order of changedOrders(commit)) peripherals.orderChanged(order);
      try {
        if (commit.source === 'local') peripherals.localHardware(commit.order, commit.events);
      } finally {
        // The kitchen's paper does not depend on the counter's hardware.
        printDueTickets(commit);
      }
    },

    /** What the counter's own hardware does after a write of this station (see `commitEffect`). */
    localHardware(order: OrderView, events: LocalCommit['events']): void {
      const effect = commitEffect(order, events);
      switch (effect.kind) {
        case 'cash_sale':
          return peripherals.afterCashPayment(order);
        case 'cash_part':
          return peripherals.afterCashPart(order);
        case 'card_sale':
          return peripherals.afterCardPayment(order);
        case 'ring_up':
          return peripherals.afterLineAdded(order);
        case 'refunded':
          return peripherals.afterRefund(order, effect.refundIds);
        // Fired tickets print with the kitchen tickets of every commit; a channel order has no receipt here.
        case 'channel_fired':
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
        printReceipt(order, log);
      } catch (error) {
        log.error({ err: error }, 'printing the receipt failed');
      }
      devices
        .openDrawer({ orderId: order.id, reason: 'sale', requestedBy: context.stationId })
        .then((kick) => log.info({ kickId: kick.id, state: kick.state }, 'drawer kicked'))
        .catch((error: unknown) => log.error({ err: error }, 'drawer did not open'));
      showOnDisplay((display) =>
        display.showChange({ paidMinor: order.paidMinor + order.changeMinor, changeMinor: order.changeMinor, currency: order.currency }),
      );
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => showOnDisplay((display) => display.showIdle(context.store.name)), IDLE_AFTER_PAYMENT_MS);
      idleTimer.unref();
    },

    /**
     * A card payment paid the order: the same receipt as cash, but no drawer kick (no cash moved)
     * and no change on the display.
     */
    afterCardPayment(order: OrderView): void {
      const log = logger.child({ orderId: order.id });
      try {
        printReceipt(order, log);
      } catch (error) {
        log.error({ err: error }, 'printing the receipt failed');
      }
      showOnDisplay((display) => display.showChange({ paidMinor: order.paidMinor, changeMinor: 0, currency: order.currency }));
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => showOnDisplay((display) => display.showIdle(context.store.name)), IDLE_AFTER_PAYMENT_MS);
      idleTimer.unref();
    },

    /**
     * Money went back (cash from the drawer or to the card): one REFUND slip per refund, keyed on the
     * refund id so a refund never prints twice. A cash refund's drawer opens from the refund dialog.
     */
    afterRefund(order: OrderView, refundIds: readonly string[]): void {
      const log = logger.child({ orderId: order.id });
      for (const refundId of refundIds) {
        try {
          const job = devices.printReceipt(refundSlipFor(order, refundId, receiptContext()), {
            orderId: order.id,
            idempotencyKey: `refund-slip:${refundId}`,
          });
          log.info({ jobId: job.id, refundId }, 'refund slip queued');
        } catch (error) {
          log.error({ err: error, refundId }, 'printing the refund slip failed');
        }
      }
    },

    /**
     * An operator's copy of an order's receipt, marked COPY and rebuilt from the order now (refunds
     * included); each press is a new job. Only an order that took money has a receipt to copy.
     */
    printReceiptCopy(order: OrderView): IpcResult<PrintJob> {
      if (!order.payments.some((p) => p.status === 'captured' || p.status === 'refunded')) {
        return { ok: false, error: { code: 'invalid_state', message: 'No payment was taken for this order yet, so it has no receipt' } };
      }
      const job = devices.printReceipt(receiptFor(order, receiptContext(), { copy: true }), {
        orderId: order.id,
        idempotencyKey: `receipt-copy:${order.id}:${context.clock.now()}:${++copies}`,
      });
      logger.info({ orderId: order.id, jobId: job.id }, 'receipt copy queued');
      return { ok: true, value: job };
    },

    /** The order being rung up at this counter changed: show its last line and the total. */
    afterLineAdded(order: OrderView): void {
      const line = order.lines.at(-1);
      clearTimeout(idleTimer);
      shownOrderId = line ? order.id : undefined;
      if (!line) {
        // The last line was voided: the pole must not keep showing an item the customer no longer buys.
        showOnDisplay((display) => display.showIdle(context.store.name));
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
      showOnDisplay((display) => display.showIdle(context.store.name));
    },

    stop(): void {
      clearTimeout(idleTimer);
    },
  };
  return peripherals;
}
