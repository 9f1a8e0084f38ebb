import { z } from 'zod';
import { CatalogItemId, VariableMeasure } from '../catalog.js';
import { Channel } from '../events/envelope.js';
import { KitchenStationName } from '../ipc/commands/kitchen.js';
import { CurrencyCode, MinorUnits } from '../money.js';
import { LineTax } from '../money/tax.js';

/**
 * The store's menu: what every counter, kitchen screen and channel sells, edited centrally and
 * published as numbered versions (store data kind `menu`). Modifier groups are defined once and
 * attached to items, so "Milk" is one group whether five drinks or fifty use it.
 *
 * Sizes are bounded so one published version is one store data document that fits a peer frame and
 * a pull page (`MAX_MENU_BYTES`); availability lives in its own small document (`availability.ts`).
 */
const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'id: lowercase letters, digits, - and _, up to 40');
const Name = z.string().trim().min(1).max(80);

export const MAX_MENU_ITEMS = 3_000;
/** Serialized body limit: below the 2 MiB peer frame and the publish route's body limit, with room for the envelope. */
export const MAX_MENU_BYTES = 1_536 * 1024;

export const MenuCategory = z.strictObject({
  id: Id,
  name: Name,
  /** Where this category's lines are prepared unless the item says otherwise; absent: handed over at the counter. */
  kitchenStation: KitchenStationName.optional(),
});
export type MenuCategory = z.infer<typeof MenuCategory>;

export const MenuOption = z.strictObject({
  id: Id,
  name: Name,
  /** Per unit; negative for "no cheese". */
  priceDeltaMinor: MinorUnits.default(0),
});
export type MenuOption = z.infer<typeof MenuOption>;

export const MenuModifierGroup = z.strictObject({
  id: Id,
  name: Name,
  /** Choices a line must make in this group (1 = required). */
  min: z.int().min(0).max(20),
  max: z.int().min(1).max(20),
  options: z.array(MenuOption).min(1).max(40),
});
export type MenuModifierGroup = z.infer<typeof MenuModifierGroup>;

/** A group attached to an item; `min`/`max` override the group's own for this item only. */
export const ItemModifierGroup = z.strictObject({
  group: Id,
  min: z.int().min(0).max(20).optional(),
  max: z.int().min(1).max(20).optional(),
});
export type ItemModifierGroup = z.infer<typeof ItemModifierGroup>;

export const MenuItem = z.strictObject({
  id: CatalogItemId,
  name: Name,
  category: Id,
  priceMinor: MinorUnits.nonnegative(),
  tax: LineTax,
  /** GTIN printed on packaged goods. */
  barcode: z
    .string()
    .regex(/^\d{8}$|^\d{12,13}$/, 'barcode: a GTIN of 8, 12 or 13 digits')
    .optional(),
  /** The 4-5 digit item code inside in-store (weight or price) barcodes. */
  plu: z
    .string()
    .regex(/^\d{4,5}$/, 'plu: the 4-5 digit item code used in in-store barcodes')
    .optional(),
  variableMeasure: VariableMeasure.optional(),
  /** Overrides the category's station. */
  kitchenStation: KitchenStationName.optional(),
  modifierGroups: z.array(ItemModifierGroup).max(10).default([]),
});
export type MenuItem = z.infer<typeof MenuItem>;

/** Per channel (delivery apps often charge more): item prices that differ from the menu's, and channel-only hidden items. */
export const PriceList = z.strictObject({
  channel: Channel,
  prices: z.record(CatalogItemId, MinorUnits.nonnegative()).default({}),
  /** Items this channel does not sell at all. */
  hidden: z.array(CatalogItemId).max(MAX_MENU_ITEMS).default([]),
});
export type PriceList = z.infer<typeof PriceList>;

const MenuShape = z.strictObject({
  currency: CurrencyCode,
  categories: z.array(MenuCategory).max(200),
  modifierGroups: z.array(MenuModifierGroup).max(500).default([]),
  items: z.array(MenuItem).max(MAX_MENU_ITEMS),
  priceLists: z.array(PriceList).max(4).default([]),
});

/** Every cross-reference checked, each problem at its own path, so a publish lists all of them at once. */
export const Menu = MenuShape.superRefine((menu, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const unique = (values: readonly { id: string }[], list: string) => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v.id)) issue([list, i, 'id'], `duplicate id "${v.id}"`);
      seen.add(v.id);
    });
    return seen;
  };
  const categories = unique(menu.categories, 'categories');
  const groups = new Map(menu.modifierGroups.map((g) => [g.id, g]));
  unique(menu.modifierGroups, 'modifierGroups');
  const items = unique(menu.items, 'items');
  menu.modifierGroups.forEach((group, g) => {
    if (group.min > group.max) issue(['modifierGroups', g, 'min'], `min ${group.min} exceeds max ${group.max}`);
    if (group.min > group.options.length)
      issue(['modifierGroups', g, 'min'], `min ${group.min} exceeds the ${group.options.length} options`);
    const options = new Set<string>();
    group.options.forEach((option, o) => {
      if (options.has(option.id)) issue(['modifierGroups', g, 'options', o, 'id'], `duplicate option id "${option.id}"`);
      options.add(option.id);
    });
  });
  const barcodes = new Map<string, number>();
  const plus = new Map<string, number>();
  menu.items.forEach((item, i) => {
    if (!categories.has(item.category)) issue(['items', i, 'category'], `unknown category "${item.category}"`);
    if (item.barcode !== undefined) {
      const first = barcodes.get(item.barcode);
      if (first !== undefined) issue(['items', i, 'barcode'], `barcode ${item.barcode} is also items[${first}]'s`);
      else barcodes.set(item.barcode, i);
    }
    if (item.plu !== undefined) {
      const key = item.plu.padStart(5, '0');
      const first = plus.get(key);
      if (first !== undefined) issue(['items', i, 'plu'], `plu ${item.plu} is also items[${first}]'s`);
      else plus.set(key, i);
    }
    if (item.variableMeasure && item.plu === undefined) issue(['items', i, 'plu'], 'an item sold by weight or embedded price needs a plu');
    const attached = new Set<string>();
    // A channel line names option ids only: two groups of one item sharing an option id would be ambiguous.
    const optionOwner = new Map<string, string>();
    item.modifierGroups.forEach((ref, r) => {
      const at = ['items', i, 'modifierGroups', r];
      const group = groups.get(ref.group);
      if (group === undefined) return issue([...at, 'group'], `unknown modifier group "${ref.group}"`);
      if (attached.has(ref.group)) issue([...at, 'group'], `modifier group "${ref.group}" attached twice`);
      attached.add(ref.group);
      const { min, max } = effectiveLimits(group, ref);
      if (min > max) issue([...at, ref.max === undefined ? 'min' : 'max'], `min ${min} exceeds max ${max}`);
      if (min > group.options.length) issue([...at, 'min'], `min ${min} exceeds the ${group.options.length} options of "${group.id}"`);
      for (const option of group.options) {
        const other = optionOwner.get(option.id);
        if (other !== undefined) issue([...at, 'group'], `option "${option.id}" is in both "${other}" and "${group.id}"`);
        optionOwner.set(option.id, group.id);
      }
    });
  });
  menu.priceLists.forEach((list, l) => {
    if (menu.priceLists.findIndex((other) => other.channel === list.channel) !== l)
      issue(['priceLists', l, 'channel'], `a second price list for "${list.channel}"`);
    for (const id of Object.keys(list.prices)) if (!items.has(id)) issue(['priceLists', l, 'prices', id], `unknown item "${id}"`);
    list.hidden.forEach((id, h) => {
      if (!items.has(id)) issue(['priceLists', l, 'hidden', h], `unknown item "${id}"`);
    });
  });
});
export type Menu = z.output<typeof Menu>;
export type MenuInput = z.input<typeof Menu>;

export function effectiveLimits(group: MenuModifierGroup, ref: ItemModifierGroup): { min: number; max: number } {
  return { min: ref.min ?? group.min, max: ref.max ?? group.max };
}

/**
 * The body of the `menu` store data document: one published version. `version` counts publishes
 * from 1; the store data envelope's version is the same number.
 */
export const MenuDocument = z.strictObject({
  version: z.int().positive(),
  publishedBy: z.string().trim().min(1).max(80),
  /** Unix ms on the server's clock when it accepted the publish. */
  publishedAtMs: z.int().nonnegative(),
  menu: Menu,
});
export type MenuDocument = z.output<typeof MenuDocument>;

/** `items[12].modifierGroups[0].max`: the form people read and that names one field in the published JSON. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? '(root)' : text;
}

export interface MenuProblem {
  path: string;
  message: string;
}

/** Validates a whole menu: the parsed menu, or every problem with its path. */
export function checkMenu(input: unknown): { ok: true; menu: Menu } | { ok: false; problems: MenuProblem[] } {
  const parsed = Menu.safeParse(input);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })) };
  const bytes = JSON.stringify(parsed.data).length;
  if (bytes > MAX_MENU_BYTES)
    return { ok: false, problems: [{ path: '(root)', message: `the menu is ${bytes} bytes as JSON; the limit is ${MAX_MENU_BYTES}` }] };
  return { ok: true, menu: parsed.data };
}

/** The station a line of this item is prepared at by the menu alone (routing documents may override it). */
export function menuStation(menu: Menu, item: MenuItem): string | undefined {
  return item.kitchenStation ?? menu.categories.find((c) => c.id === item.category)?.kitchenStation;
}

/** The unit price a channel charges for an item: its price list's, else the menu's; undefined when the channel hides it. */
export function channelPrice(menu: Menu, item: MenuItem, channel: Channel): number | undefined {
  const list = menu.priceLists.find((l) => l.channel === channel);
  if (list?.hidden.includes(item.id)) return undefined;
  return list?.prices[item.id] ?? item.priceMinor;
}
