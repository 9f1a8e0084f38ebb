import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import { hasUnfiredKitchenLines } from '../orders/firing.js';
import type { KitchenService } from '../orders/kitchen-service.js';
import { createLineRouter } from './kitchen-routing.js';
import type { KitchenRoutingSettings } from './routing-handlers.js';

export interface ChannelFiringDeps {
  /** Orders this station holds: every change, local or pulled, and the active list at start. */
  onOrderChanged(listener: (order: OrderView) => void): () => void;
  listActive(): OrderView[];
  kitchen: Pick<KitchenService, 'fireRouted'>;
  routing: KitchenRoutingSettings;
  logger: Logger;
  /** Runs the firing after the change that triggered it has been committed and announced. */
  defer?: (run: () => void) => void;
}

const FIREABLE = new Set(['placed', 'paid']);

/**
 * Web and mobile orders come in through the server without kitchen tickets. When routing says so,
 * this station fires them as soon as it has them (pulled live, or found at start after a restart),
 * so they show up on the kitchen screens ready to start, and print where kitchen tickets print.
 * Routing is store data (the same document at every station once replicated), so every station that
 * has the order decides the same tickets; a routing that wins later applies to what is still unfired.
 * Every station doing this may fire the same order before it hears of another's firing; the ticket
 * ids are derived from the order, the station and the lines, so the firings are one set of tickets
 * in the merge log, with no conflict (see `ticketIdFor`). Whoever fired them, the tickets print at the
 * station that owns their kitchen printer, once (`kitchenTicketsDue` in devices/kitchen-prints.ts).
 */
export function startChannelFiring(deps: ChannelFiringDeps): () => void {
  const defer = deps.defer ?? ((run) => setImmediate(run));
  const log = deps.logger.child({ component: 'kitchen' });
  const pending = new Set<string>();

  const consider = (order: OrderView) => {
    if (!deps.routing.current.fireChannelOrders) return;
    if (order.channel === 'counter' || !FIREABLE.has(order.status) || pending.has(order.id)) return;
    const route = createLineRouter(deps.routing.current, deps.routing.catalog);
    if (!hasUnfiredKitchenLines(order, route)) return;
    pending.add(order.id);
    defer(() => {
      pending.delete(order.id);
      const result = deps.kitchen.fireRouted(order.id, route);
      // Sync and kitchen printing follow from the store's announcement of this commit.
      if (result.ok)
        log.info({ orderId: order.id, channel: order.channel, tickets: result.value.tickets.length }, 'channel order sent to the kitchen');
      // invalid_state: someone fired or cancelled it meanwhile, which is fine.
      else if (result.error.code !== 'invalid_state')
        log.error({ orderId: order.id, reason: result.error.message }, 'channel order could not be sent to the kitchen');
    });
  };

  const stop = deps.onOrderChanged(consider);
  for (const order of deps.listActive()) consider(order);
  const stopRouting = deps.routing.onChange(() => {
    for (const order of deps.listActive()) consider(order);
  });
  return () => {
    stop();
    stopRouting();
  };
}
