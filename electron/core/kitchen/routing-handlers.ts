import type { CatalogItem } from '../../../shared/catalog.js';
import type { CommandName, IpcResult } from '../../../shared/ipc/contract.js';
import type { KitchenRouting } from '../../../shared/ipc/commands/kitchen.js';
import type { Logger } from '../../../shared/logger.js';
import type { StoreDocument } from '../../../shared/store-data.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { CommandHandlers } from '../ipc/handlers.js';
import type { LineRouter } from '../orders/firing.js';
import type { StoreData } from '../store-data/store-data.js';
import { createLineRouter, defaultRouting, legacyRouting, routingView, type SettingsReader } from './kitchen-routing.js';

export type KitchenRoutingCommand = Extract<CommandName, 'kitchen.routing' | 'kitchen.setRouting'>;

/**
 * Kitchen routing as the core follows it: the store's routing document (store data, the same at every
 * station once replicated), or the catalog's defaults while the store has none. A document that wins
 * here, edited at this station, pulled from the server or sent by a peer, takes effect at once.
 */
export class KitchenRoutingSettings {
  #routing: KitchenRouting;
  #router: LineRouter | undefined;
  #catalog: readonly CatalogItem[];
  readonly #listeners: ListenerSet<KitchenRouting>;

  constructor(
    private readonly storeData: StoreData,
    catalog: readonly CatalogItem[],
    logger: Logger,
    /** Where routing was kept before it was store data: migrated once into a first document by this station. */
    legacy?: SettingsReader,
  ) {
    this.#catalog = catalog;
    this.#listeners = new ListenerSet((error) => logger.error({ err: error }, 'kitchen routing listener failed'));
    if (storeData.current('kitchen-routing') === undefined && legacy) {
      const kept = legacyRouting(legacy, logger);
      // An upgraded station keeps its routing; the defaults are not data, so nothing is written without it.
      if (kept && storeData.writeLocal('kitchen-routing', kept).ok) logger.info({}, 'kitchen routing moved from settings to store data');
    }
    this.#routing = storeData.current('kitchen-routing')?.body ?? defaultRouting(catalog);
    storeData.onChange(({ document }) => {
      if (document.kind !== 'kitchen-routing') return;
      this.#routing = document.body;
      this.#router = undefined;
      this.#listeners.emit(document.body);
    });
  }

  get catalog(): readonly CatalogItem[] {
    return this.#catalog;
  }

  /** A new menu: items and categories route by it; while the store has no routing document, its defaults follow it too. */
  useCatalog(catalog: readonly CatalogItem[]): void {
    this.#catalog = catalog;
    this.#router = undefined;
    if (this.storeData.current('kitchen-routing') === undefined) this.#routing = defaultRouting(catalog);
    this.#listeners.emit(this.#routing);
  }

  get current(): KitchenRouting {
    return this.#routing;
  }

  /** The store's routing document this station follows; undefined while the catalog defaults apply. */
  get document(): StoreDocument<'kitchen-routing'> | undefined {
    return this.storeData.current('kitchen-routing');
  }

  /** Where a line goes under the current routing (built once per routing, not per line). */
  get router(): LineRouter {
    this.#router ??= createLineRouter(this.#routing, this.#catalog);
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

  /**
   * A manager's edit here: a new routing document for the whole store, stored before anyone hears of
   * it; lines rung up and tickets fired from now on follow it, here at once and elsewhere as it spreads.
   */
  replace(routing: KitchenRouting): IpcResult<KitchenRouting> {
    const written = this.storeData.writeLocal('kitchen-routing', routing);
    return written.ok
      ? { ok: true, value: written.value.body }
      : { ok: false, error: { code: 'bad_request', message: written.error.message } };
  }

  onChange(listener: (routing: KitchenRouting) => void): () => void {
    return this.#listeners.add(listener);
  }
}

export function createKitchenRoutingHandlers(settings: KitchenRoutingSettings): Pick<CommandHandlers, KitchenRoutingCommand> {
  return {
    'kitchen.routing': () => ({ ok: true, value: routingView(settings.current, settings.catalog, settings.document) }),
    'kitchen.setRouting': ({ routing }) => {
      const replaced = settings.replace(routing);
      return replaced.ok ? { ok: true, value: routingView(replaced.value, settings.catalog, settings.document) } : replaced;
    },
  };
}
