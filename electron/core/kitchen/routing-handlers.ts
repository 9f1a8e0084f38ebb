import type { CatalogItem } from '../../../shared/catalog.js';
import type { CommandName } from '../../../shared/ipc/contract.js';
import type { KitchenRouting } from '../../../shared/ipc/commands/kitchen.js';
import type { Logger } from '../../../shared/logger.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { CommandHandlers } from '../ipc/handlers.js';
import type { LineRouter } from '../orders/firing.js';
import { createLineRouter, loadRouting, routingView, saveRouting, type SettingsStore } from './kitchen-routing.js';

export type KitchenRoutingCommand = Extract<CommandName, 'kitchen.routing' | 'kitchen.setRouting'>;

/** Kitchen routing as the core holds it: read once, then kept in memory and written through on change. */
export class KitchenRoutingSettings {
  #routing: KitchenRouting;
  #router: LineRouter | undefined;
  readonly #listeners: ListenerSet<KitchenRouting>;

  constructor(
    private readonly store: SettingsStore,
    readonly catalog: readonly CatalogItem[],
    logger: Logger,
  ) {
    this.#routing = loadRouting(store, catalog, logger);
    this.#listeners = new ListenerSet((error) => logger.error({ err: error }, 'kitchen routing listener failed'));
  }

  get current(): KitchenRouting {
    return this.#routing;
  }

  /** Where a line goes under the current routing (built once per routing, not per line). */
  get router(): LineRouter {
    this.#router ??= createLineRouter(this.#routing, this.catalog);
    return this.#router;
  }

  /**
   * The station a new line of `item` is rung up for: what the counter's OrderService records on the
   * line, so counter sales follow routing the way channel orders do.
   */
  stationFor(item: CatalogItem): string | undefined {
    return this.router({
      itemId: item.id,
      ...(item.kitchenStation ? { kitchenStation: item.kitchenStation } : {}),
    } as Parameters<LineRouter>[0]);
  }

  /** Saved before anyone hears of it; lines rung up and tickets fired from now on follow the new routing. */
  replace(routing: KitchenRouting): void {
    saveRouting(this.store, routing);
    this.#routing = routing;
    this.#router = undefined;
    this.#listeners.emit(routing);
  }

  onChange(listener: (routing: KitchenRouting) => void): () => void {
    return this.#listeners.add(listener);
  }
}

export function createKitchenRoutingHandlers(settings: KitchenRoutingSettings): Pick<CommandHandlers, KitchenRoutingCommand> {
  return {
    'kitchen.routing': () => ({ ok: true, value: routingView(settings.current, settings.catalog) }),
    'kitchen.setRouting': ({ routing }) => {
      settings.replace(routing);
      return { ok: true, value: routingView(routing, settings.catalog) };
    },
  };
}
