import type { CatalogItem, ModifierGroup } from '../catalog.js';
import type { Channel } from '../events/envelope.js';
import { NO_TAX } from '../money/tax.js';
import { channelPrice, effectiveLimits, menuStation, type Menu, type MenuInput, type MenuModifierGroup } from './menu.js';

/** "Hot drinks" → "hot-drinks": category ids from the catalog file's category names. */
export function slug(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return id === '' ? 'category' : id;
}

/**
 * The station catalog file format (one list of items, each with its own groups) as a menu: categories
 * from the category names, groups shared when two items define the same group identically, else
 * renamed `<item>-<group>` so neither changes meaning. Validate the result with `checkMenu`.
 */
export function catalogToMenu(catalog: readonly CatalogItem[]): MenuInput {
  const currencies = [...new Set(catalog.map((item) => item.currency))];
  if (currencies.length > 1) throw new RangeError(`the catalog mixes currencies (${currencies.join(', ')}); a menu has one`);
  const categories = new Map<string, { id: string; name: string }>();
  const usedCategoryIds = new Set<string>();
  const groups = new Map<string, MenuModifierGroup>();
  const items = catalog.map((item) => {
    let category = categories.get(item.category);
    if (category === undefined) {
      let id = slug(item.category);
      for (let n = 2; usedCategoryIds.has(id); n++) id = `${slug(item.category).slice(0, 36)}-${n}`;
      usedCategoryIds.add(id);
      categories.set(item.category, (category = { id, name: item.category }));
    }
    const refs = (item.modifierGroups ?? []).map((group) => ({ group: shareGroup(groups, item.id, group) }));
    return {
      id: item.id,
      name: item.name,
      category: category.id,
      priceMinor: item.priceMinor,
      tax: item.tax ?? NO_TAX,
      ...(item.barcode === undefined ? {} : { barcode: item.barcode }),
      ...(item.plu === undefined ? {} : { plu: item.plu }),
      ...(item.variableMeasure === undefined ? {} : { variableMeasure: item.variableMeasure }),
      ...(item.kitchenStation === undefined ? {} : { kitchenStation: item.kitchenStation }),
      modifierGroups: refs,
    };
  });
  return {
    currency: currencies[0] ?? 'EUR',
    categories: [...categories.values()],
    modifierGroups: [...groups.values()],
    items,
    priceLists: [],
  };
}

function shareGroup(groups: Map<string, MenuModifierGroup>, itemId: string, group: ModifierGroup): string {
  const candidate: MenuModifierGroup = {
    id: group.id,
    name: group.name,
    min: group.minChoices,
    max: group.maxChoices,
    options: group.options.map((o) => ({ id: o.id, name: o.name, priceDeltaMinor: o.priceDeltaMinor })),
  };
  const held = groups.get(group.id);
  if (held === undefined) {
    groups.set(group.id, candidate);
    return group.id;
  }
  if (JSON.stringify(held) === JSON.stringify(candidate)) return group.id;
  const id = `${itemId}-${group.id}`.slice(0, 40);
  groups.set(id, { ...candidate, id });
  return id;
}

/**
 * The menu as the station catalog a counter sells from (what stations run on today): the channel's
 * prices, items it hides left out, groups with their per-item limits, category names as categories.
 */
export function menuToCatalog(menu: Menu, channel: Channel = 'counter'): CatalogItem[] {
  const groups = new Map(menu.modifierGroups.map((g) => [g.id, g]));
  const categories = new Map(menu.categories.map((c) => [c.id, c]));
  const catalog: CatalogItem[] = [];
  for (const item of menu.items) {
    const price = channelPrice(menu, item, channel);
    if (price === undefined) continue;
    const station = menuStation(menu, item);
    const modifierGroups: ModifierGroup[] = item.modifierGroups.flatMap((ref) => {
      const group = groups.get(ref.group);
      if (group === undefined) return [];
      const { min, max } = effectiveLimits(group, ref);
      return [{ id: group.id, name: group.name, minChoices: min, maxChoices: max, options: group.options.map((o) => ({ ...o })) }];
    });
    catalog.push({
      id: item.id,
      name: item.name,
      category: categories.get(item.category)?.name ?? item.category,
      priceMinor: price,
      currency: menu.currency,
      tax: item.tax,
      ...(item.barcode === undefined ? {} : { barcode: item.barcode }),
      ...(item.plu === undefined ? {} : { plu: item.plu }),
      ...(item.variableMeasure === undefined ? {} : { variableMeasure: item.variableMeasure }),
      ...(station === undefined ? {} : { kitchenStation: station }),
      ...(modifierGroups.length === 0 ? {} : { modifierGroups }),
    });
  }
  return catalog;
}
