import { z } from 'zod';
import { CatalogItemId } from '../catalog.js';
import type { Channel, ChosenModifier } from '../events.js';
import type { KitchenRouting } from '../ipc/commands/kitchen.js';
import type { LineTax } from '../money/tax.js';
import type { DerivedAvailability } from './availability.js';
import { channelPrice, effectiveLimits, menuStation, type Menu, type MenuItem } from './menu.js';

/** A channel order line by reference: the server looks up name, price, tax and station in the menu. */
export const ChannelOrderLine = z.strictObject({
  itemId: CatalogItemId,
  quantity: z.int().min(1).max(999),
  /** Option ids of the item's modifier groups (unique per item, the menu guarantees it). */
  modifiers: z.array(z.string().min(1).max(40)).max(30).default([]),
  note: z.string().min(1).max(200).optional(),
});
export type ChannelOrderLine = z.output<typeof ChannelOrderLine>;

/** What a priced line records (the LineAdded payload without its line id). */
export interface PricedLine {
  itemId: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  kitchenStation?: string;
  modifiers: ChosenModifier[];
  tax: LineTax;
  note?: string;
}

/**
 * Why a line cannot be priced. `unavailable` (HTTP 409): the item is unknown, hidden from the channel,
 * sold out or has fewer left than asked. `invalid` (HTTP 422): a modifier choice breaks a group's rules.
 * `field` names the request field, e.g. `lines[2].modifiers[1]`.
 */
export type PricingRefusal = { kind: 'unavailable' | 'invalid'; code: string; field: string; itemId: string; message: string };

export interface PricingContext {
  menu: Menu;
  channel: Channel;
  routing?: KitchenRouting | undefined;
  availability(itemId: string): DerivedAvailability;
}

/** Prices every line; the first refusal stops it (a customer fixes one thing at a time, and the order is all or nothing). */
export function priceLines(
  ctx: PricingContext,
  lines: readonly ChannelOrderLine[],
): { ok: true; lines: PricedLine[] } | { ok: false; refusal: PricingRefusal } {
  const items = new Map(ctx.menu.items.map((item) => [item.id, item]));
  const groups = new Map(ctx.menu.modifierGroups.map((group) => [group.id, group]));
  // Several lines of one counted item share what is left.
  const asked = new Map<string, number>();
  const priced: PricedLine[] = [];
  for (const [index, line] of lines.entries()) {
    const at = `lines[${index}]`;
    const refuse = (kind: PricingRefusal['kind'], code: string, field: string, message: string) =>
      ({ ok: false, refusal: { kind, code, field, itemId: line.itemId, message } }) as const;
    const item = items.get(line.itemId);
    const unitPrice = item === undefined ? undefined : channelPrice(ctx.menu, item, ctx.channel);
    if (item === undefined || unitPrice === undefined)
      return refuse('unavailable', 'unknown_item', `${at}.itemId`, `"${line.itemId}" is not on the ${ctx.channel} menu`);
    const state = ctx.availability(item.id);
    if (state.soldOut) return refuse('unavailable', 'sold_out', `${at}.itemId`, `${item.name} ("${item.id}") is sold out`);
    const wanted = (asked.get(item.id) ?? 0) + line.quantity;
    asked.set(item.id, wanted);
    if (state.left !== null && wanted > state.left)
      return refuse('unavailable', 'not_enough_left', `${at}.quantity`, `only ${state.left} ${item.name} ("${item.id}") left`);
    if (item.variableMeasure !== undefined)
      return refuse('invalid', 'measured_item', `${at}.itemId`, `${item.name} is sold by weight or embedded price, at the counter only`);
    const chosen = chooseOptions(item, line.modifiers, groups, at);
    if (!chosen.ok) return refuse('invalid', 'invalid_modifiers', chosen.field, chosen.message);
    const station = routeLine(ctx, item);
    priced.push({
      itemId: item.id,
      name: item.name,
      quantity: line.quantity,
      unitPriceMinor: unitPrice,
      ...(station === undefined ? {} : { kitchenStation: station }),
      modifiers: chosen.modifiers,
      tax: item.tax,
      ...(line.note === undefined ? {} : { note: line.note }),
    });
  }
  return { ok: true, lines: priced };
}

type Choice = { ok: true; modifiers: ChosenModifier[] } | { ok: false; field: string; message: string };

/** Checks the option ids against the item's groups; records them in the menu's group and option order, as a counter would. */
function chooseOptions(
  item: MenuItem,
  optionIds: readonly string[],
  groups: ReadonlyMap<string, Menu['modifierGroups'][number]>,
  at: string,
): Choice {
  const owner = new Map<string, string>();
  for (const ref of item.modifierGroups) for (const option of groups.get(ref.group)?.options ?? []) owner.set(option.id, ref.group);
  const byGroup = new Map<string, string[]>();
  for (const [m, optionId] of optionIds.entries()) {
    const group = owner.get(optionId);
    if (group === undefined) return { ok: false, field: `${at}.modifiers[${m}]`, message: `${item.name} has no option "${optionId}"` };
    const list = byGroup.get(group) ?? [];
    if (list.includes(optionId)) return { ok: false, field: `${at}.modifiers[${m}]`, message: `option "${optionId}" is chosen twice` };
    list.push(optionId);
    byGroup.set(group, list);
  }
  const modifiers: ChosenModifier[] = [];
  for (const ref of item.modifierGroups) {
    const group = groups.get(ref.group);
    if (group === undefined) continue; // the menu's cross-reference check makes this unreachable
    const { min, max } = effectiveLimits(group, ref);
    const chosen = byGroup.get(group.id) ?? [];
    if (chosen.length < min)
      return { ok: false, field: `${at}.modifiers`, message: `${group.name} ("${group.id}"): choose at least ${min}` };
    if (chosen.length > max)
      return { ok: false, field: `${at}.modifiers`, message: `${group.name} ("${group.id}"): choose at most ${max}` };
    for (const option of group.options)
      if (chosen.includes(option.id))
        modifiers.push({ groupId: group.id, optionId: option.id, name: option.name, priceDeltaMinor: option.priceDeltaMinor });
  }
  return { ok: true, modifiers };
}

/** The store's routing document wins (item, then category by name), else the menu's station; undefined: the counter. */
export function routeLine(ctx: Pick<PricingContext, 'menu' | 'routing'>, item: MenuItem): string | undefined {
  const routing = ctx.routing;
  if (routing !== undefined) {
    if (Object.hasOwn(routing.byItem, item.id)) return routing.byItem[item.id] ?? undefined;
    const category = ctx.menu.categories.find((c) => c.id === item.category);
    if (category !== undefined && Object.hasOwn(routing.byCategory, category.name)) return routing.byCategory[category.name] ?? undefined;
  }
  return menuStation(ctx.menu, item);
}
