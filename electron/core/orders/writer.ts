import type { Actor } from '../../../shared/events.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Decision, EventStore } from '../event-store.js';
import type { ServiceResult } from './result.js';

/**
 * What every order command shares: decide against the committed order inside the store's write
 * transaction (so two windows cannot both pass a check on the same stale view), as this station.
 */
export class OrderWriter {
  constructor(
    private readonly store: EventStore,
    /** A function when the actor changes at runtime (whoever is signed in at the till). */
    private readonly actor: Actor | (() => Actor),
  ) {}

  newId(): string {
    return this.store.newId();
  }

  write(orderId: string, decide: (view: OrderView | undefined) => Decision): ServiceResult<OrderView> {
    const actor = typeof this.actor === 'function' ? this.actor() : this.actor;
    const result = this.store.write(orderId, actor, decide);
    return result.ok ? { ok: true, value: result.view } : result;
  }
}
