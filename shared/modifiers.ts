import type { ModifierGroup } from './catalog.js';
import type { ChosenModifier } from './events/order-events.js';

export interface ModifierSelection {
  groupId: string;
  optionIds: readonly string[];
}

export type ModifierChoice = { ok: true; modifiers: ChosenModifier[] } | { ok: false; field: string; message: string };

/**
 * Checks a selection against an item's groups (required groups, min/max choices, known options) and
 * returns the modifiers to record on the line, in the catalog's group and option order so two
 * stations choosing the same options record the same line.
 */
export function chooseModifiers(groups: readonly ModifierGroup[] | undefined, selection: readonly ModifierSelection[]): ModifierChoice {
  const byGroup = new Map<string, readonly string[]>();
  for (const [i, s] of selection.entries()) {
    if (byGroup.has(s.groupId)) return { ok: false, field: `modifiers.${i}.groupId`, message: `group "${s.groupId}" chosen twice` };
    if (new Set(s.optionIds).size !== s.optionIds.length)
      return { ok: false, field: `modifiers.${i}.optionIds`, message: 'an option is chosen twice' };
    byGroup.set(s.groupId, s.optionIds);
  }
  const known = new Map((groups ?? []).map((g) => [g.id, g]));
  for (const groupId of byGroup.keys()) {
    if (!known.has(groupId)) return { ok: false, field: `modifiers.${groupId}`, message: `no modifier group "${groupId}" on this item` };
  }
  const modifiers: ChosenModifier[] = [];
  for (const group of groups ?? []) {
    const chosen = byGroup.get(group.id) ?? [];
    if (chosen.length < group.minChoices) {
      return { ok: false, field: `modifiers.${group.id}`, message: `${group.name}: choose at least ${group.minChoices}` };
    }
    if (chosen.length > group.maxChoices) {
      return { ok: false, field: `modifiers.${group.id}`, message: `${group.name}: choose at most ${group.maxChoices}` };
    }
    for (const optionId of chosen) {
      if (!group.options.some((o) => o.id === optionId)) {
        return { ok: false, field: `modifiers.${group.id}`, message: `${group.name} has no option "${optionId}"` };
      }
    }
    for (const option of group.options) {
      if (chosen.includes(option.id)) {
        modifiers.push({ groupId: group.id, optionId: option.id, name: option.name, priceDeltaMinor: option.priceDeltaMinor });
      }
    }
  }
  return { ok: true, modifiers };
}
