import type { CatalogItem } from '../../../shared/catalog.js';
import { KitchenRouting, type KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';
import { decodeHlc } from '../../../shared/hlc.js';
import type { Logger } from '../../../shared/logger.js';
import type { StoreDocument } from '../../../shared/store-data.js';
import type { LineRouter } from '../orders/firing.js';

/**
 * The settings key routing was kept under when it was per-station config. Read once, when a station
 * that has no routing document yet is upgraded (`legacyRouting`); routing is store data now.
 */
export const LEGACY_ROUTING_KEY = 'kitchen.routing';

export interface SettingsReader {
  getSetting(key: string): string | undefined;
}

/** Until someone changes routing: the catalog's stations, nothing overridden, web orders fired here. */
export function defaultRouting(catalog: readonly CatalogItem[]): KitchenRouting {
  const stations = [...new Set(catalog.flatMap((item) => (item.kitchenStation ? [item.kitchenStation] : [])))]
    .filter((s) => /^[a-z0-9][a-z0-9_-]{0,39}$/.test(s))
    .sort();
  return { stations, byCategory: {}, byItem: {}, fireChannelOrders: true };
}

/**
 * The routing a station kept in its settings before routing became store data: undefined when there
 * is none. A stored value that does not validate (edited by hand, or written by an older version) is
 * reported and not migrated, never half-applied.
 */
export function legacyRouting(store: SettingsReader, logger: Logger): KitchenRouting | undefined {
  const raw = store.getSetting(LEGACY_ROUTING_KEY);
  if (raw === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    data = undefined;
  }
  const parsed = KitchenRouting.safeParse(data);
  if (parsed.success) return parsed.data;
  logger.error({ reason: parsed.error?.message ?? 'not JSON' }, 'kitchen routing in the old settings is invalid; not migrated');
  return undefined;
}

/**
 * Where a line goes: the item's own entry, else its category's (looked up in this station's catalog,
 * which is how lines of web orders without a station find theirs), else the station named when it
 * was rung up or in the catalog. Undefined: handed over at the counter.
 */
export function createLineRouter(routing: KitchenRouting, catalog: readonly CatalogItem[]): LineRouter {
  const items = new Map(catalog.map((item) => [item.id, item] as const));
  return (line) => {
    if (Object.hasOwn(routing.byItem, line.itemId)) return routing.byItem[line.itemId] ?? undefined;
    const item = items.get(line.itemId);
    if (item && Object.hasOwn(routing.byCategory, item.category)) return routing.byCategory[item.category] ?? undefined;
    return line.kitchenStation ?? item?.kitchenStation;
  };
}

/** Routing with the catalog laid out against it, for the settings screen; `document`: the store document it comes from. */
export function routingView(
  routing: KitchenRouting,
  catalog: readonly CatalogItem[],
  document?: Pick<StoreDocument<'kitchen-routing'>, 'version' | 'author' | 'hlc'>,
): KitchenRoutingView {
  const route = createLineRouter(routing, catalog);
  const categories = [...new Set(catalog.map((item) => item.category))];
  return {
    routing,
    source: document ? { version: document.version, author: document.author, editedAtMs: decodeHlc(document.hlc).wallMs } : null,
    categories: categories.map((name) => {
      const station = routing.byCategory[name];
      return { name, station: station === undefined ? null : station };
    }),
    items: catalog.map((item) => ({
      id: item.id,
      name: item.name,
      category: item.category,
      // The route a fresh line of this item takes: what the kitchen will see.
      station:
        route({ itemId: item.id, ...(item.kitchenStation ? { kitchenStation: item.kitchenStation } : {}) } as Parameters<LineRouter>[0]) ??
        null,
    })),
  };
}
