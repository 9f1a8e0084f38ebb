import type { CatalogItem, ModifierGroup } from '../../../shared/catalog.js';
import { chooseModifiers } from '../../../shared/modifiers.js';

export interface ChosenGroup {
  groupId: string;
  optionIds: string[];
}

/** Option ids chosen so far, per group id. */
export type ModifierPicks = Readonly<Record<string, readonly string[]>>;

export const noPicks: ModifierPicks = {};

/**
 * A tap on an option. In a single-choice group it replaces the choice (a radio); in a multi-choice
 * group it toggles, and a tap beyond the maximum changes nothing (the group's hint says why).
 */
export function toggleOption(picks: ModifierPicks, group: ModifierGroup, optionId: string): ModifierPicks {
  if (!group.options.some((o) => o.id === optionId)) return picks;
  const chosen = picks[group.id] ?? [];
  if (group.maxChoices === 1) return { ...picks, [group.id]: chosen.includes(optionId) && group.minChoices === 0 ? [] : [optionId] };
  if (chosen.includes(optionId)) return { ...picks, [group.id]: chosen.filter((id) => id !== optionId) };
  if (chosen.length >= group.maxChoices) return picks;
  return { ...picks, [group.id]: [...chosen, optionId] };
}

/** What the group asks for, shown under its name: "Required · choose 1", "Optional · up to 3". */
export function groupRule(group: ModifierGroup): string {
  const { minChoices: min, maxChoices: max } = group;
  if (min === 0) return max === 1 ? 'Optional · choose 1' : `Optional · up to ${max}`;
  if (min === max) return `Required · choose ${min}`;
  return `Required · choose ${min} to ${max}`;
}

export interface GroupState {
  chosen: number;
  satisfied: boolean;
  /** No more options can be added (multi-choice groups only). */
  full: boolean;
  /** Why the line cannot be added yet because of this group; null when the group is satisfied. */
  problem: string | null;
}

export function groupState(group: ModifierGroup, picks: ModifierPicks): GroupState {
  const chosen = (picks[group.id] ?? []).length;
  const missing = group.minChoices - chosen;
  let problem: string | null = null;
  if (missing > 0)
    problem = group.minChoices === 1 && group.maxChoices === 1 ? `Choose ${group.name}` : `Choose ${missing} more ${group.name}`;
  else if (chosen > group.maxChoices) problem = `${group.name}: choose at most ${group.maxChoices}`;
  return { chosen, satisfied: problem === null, full: group.maxChoices > 1 && chosen >= group.maxChoices, problem };
}

/** The first group, in the menu's order, that keeps the line from being added; null when it can be added. */
export function blockingGroup(groups: readonly ModifierGroup[], picks: ModifierPicks): ModifierGroup | null {
  return groups.find((group) => groupState(group, picks).problem !== null) ?? null;
}

/** The first reason the Add button is disabled, in the menu's group order; null when it can be added. */
export function blockingReason(groups: readonly ModifierGroup[], picks: ModifierPicks): string | null {
  const group = blockingGroup(groups, picks);
  return group ? groupState(group, picks).problem : null;
}

/** Per-unit price with the chosen options, as the core prices the line. */
export function unitPriceWith(item: CatalogItem, picks: ModifierPicks): number {
  let price = item.priceMinor;
  for (const group of item.modifierGroups ?? []) {
    for (const option of group.options) if ((picks[group.id] ?? []).includes(option.id)) price += option.priceDeltaMinor;
  }
  return price;
}

/**
 * The `modifiers` argument of order.addLine, in the catalog's group order; checked with the same
 * rules the core applies so a selection the core would refuse never leaves the dialog.
 */
export function toSelection(
  item: CatalogItem,
  picks: ModifierPicks,
): { ok: true; modifiers: ChosenGroup[] } | { ok: false; message: string } {
  const modifiers = (item.modifierGroups ?? [])
    .filter((group) => (picks[group.id] ?? []).length > 0)
    .map((group) => ({ groupId: group.id, optionIds: [...(picks[group.id] ?? [])] }));
  const checked = chooseModifiers(item.modifierGroups, modifiers);
  if (!checked.ok) return { ok: false, message: checked.message };
  if (unitPriceWith(item, picks) < 0) return { ok: false, message: 'These options would make the price negative' };
  return { ok: true, modifiers };
}

/** Single-choice required groups with exactly one option need no question; pre-pick them. */
export function initialPicks(groups: readonly ModifierGroup[]): ModifierPicks {
  const picks: Record<string, string[]> = {};
  for (const group of groups) if (group.minChoices === 1 && group.options.length === 1) picks[group.id] = [group.options[0]!.id];
  return picks;
}
