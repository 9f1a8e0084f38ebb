import type { CustomerFacingView } from '../../../shared/ipc/commands/display.js';
import type { CommandName, IpcResult } from '../../../shared/ipc/contract.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { CommandHandlers } from './handlers.js';

export type DisplayCommand = Extract<CommandName, `display.${string}`>;

/**
 * The order the cashier has on screen, relayed to the customer display. Kept in memory only: after a
 * restart the cashier window reconnects and names its order again, and until then "Welcome" is true.
 */
export class CustomerFacing {
  #current: CustomerFacingView = { orderId: null };
  readonly #listeners: ListenerSet<CustomerFacingView>;

  constructor(
    /** Whether an order of that id is on this station: a display never follows an order it cannot read. */
    private readonly hasOrder: (orderId: string) => boolean,
    onListenerError?: (error: unknown) => void,
  ) {
    this.#listeners = new ListenerSet(onListenerError);
  }

  current(): CustomerFacingView {
    return this.#current;
  }

  show(orderId: string | null): IpcResult<CustomerFacingView> {
    if (orderId !== null && !this.hasOrder(orderId)) {
      return { ok: false, error: { code: 'not_found', message: `No order ${orderId} on this station` } };
    }
    // The cashier re-announces on every reconnect; the displays only hear of a real change.
    if (this.#current.orderId === orderId) return { ok: true, value: this.#current };
    this.#current = { orderId };
    this.#listeners.emit(this.#current);
    return { ok: true, value: this.#current };
  }

  onChange(listener: (view: CustomerFacingView) => void): () => void {
    return this.#listeners.add(listener);
  }
}

export function createDisplayHandlers(display: CustomerFacing): Pick<CommandHandlers, DisplayCommand> {
  return {
    'display.show': ({ orderId }) => display.show(orderId),
    'display.current': () => ({ ok: true, value: display.current() }),
  };
}
