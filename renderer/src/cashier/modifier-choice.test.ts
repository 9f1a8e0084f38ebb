import { describe, expect, it } from 'vitest';
import type { CatalogItem, ModifierGroup } from '../../../shared/catalog.js';
import {
  blockingGroup,
  blockingReason,
  groupRule,
  groupState,
  initialPicks,
  noPicks,
  toggleOption,
  toSelection,
  unitPriceWith,
  type ModifierPicks,
} from './modifier-choice.js';

const doneness: ModifierGroup = {
  id: 'doneness',
  name: 'Doneness',
  minChoices: 1,
  maxChoices: 1,
  options: [
    { id: 'medium', name: 'Medium', priceDeltaMinor: 0 },
    { id: 'well-done', name: 'Well done', priceDeltaMinor: 0 },
  ],
};
const extras: ModifierGroup = {
  id: 'extras',
  name: 'Extras',
  minChoices: 0,
  maxChoices: 2,
  options: [
    { id: 'cheese', name: 'Cheddar', priceDeltaMinor: 100 },
    { id: 'bacon', name: 'Bacon', priceDeltaMinor: 150 },
    { id: 'egg', name: 'Fried egg', priceDeltaMinor: 120 },
  ],
};
const sides: ModifierGroup = {
  id: 'sides',
  name: 'Sides',
  minChoices: 2,
  maxChoices: 3,
  options: [
    { id: 'fries', name: 'Fries', priceDeltaMinor: 0 },
    { id: 'salad', name: 'Salad', priceDeltaMinor: 0 },
    { id: 'slaw', name: 'Slaw', priceDeltaMinor: -50 },
  ],
};
const burger: CatalogItem = {
  id: 'burger',
  name: 'Burger',
  category: 'Kitchen',
  priceMinor: 1190,
  currency: 'EUR',
  modifierGroups: [doneness, extras],
};

function pick(groups: ModifierGroup[], taps: [string, string][]): ModifierPicks {
  return taps.reduce(
    (picks, [groupId, optionId]) =>
      toggleOption(
        picks,
        groups.find((g) => g.id === groupId)!,
        optionId,
      ),
    noPicks,
  );
}

describe('modifier choice', () => {
  it('describes what each group asks for', () => {
    expect(groupRule(doneness)).toBe('Required · choose 1');
    expect(groupRule(extras)).toBe('Optional · up to 2');
    expect(groupRule(sides)).toBe('Required · choose 2 to 3');
  });

  it('replaces the choice in a single-choice group like a radio', () => {
    const picks = pick(
      [doneness],
      [
        ['doneness', 'medium'],
        ['doneness', 'well-done'],
        ['doneness', 'well-done'],
      ],
    );
    expect(picks['doneness']).toEqual(['well-done']);
  });

  it('toggles options in a multi-choice group and refuses one past the maximum', () => {
    let picks = pick(
      [extras],
      [
        ['extras', 'cheese'],
        ['extras', 'bacon'],
        ['extras', 'egg'],
      ],
    );
    expect(picks['extras']).toEqual(['cheese', 'bacon']);
    expect(groupState(extras, picks)).toMatchObject({ chosen: 2, full: true, satisfied: true });
    picks = toggleOption(picks, extras, 'cheese');
    expect(picks['extras']).toEqual(['bacon']);
    expect(toggleOption(picks, extras, 'no-such-option')).toBe(picks);
  });

  it('blocks the Add button until every required group is satisfied, and says why', () => {
    expect(blockingReason([doneness, extras], noPicks)).toBe('Choose Doneness');
    expect(blockingReason([sides], pick([sides], [['sides', 'fries']]))).toBe('Choose 1 more Sides');
    expect(blockingReason([doneness, extras], pick([doneness], [['doneness', 'medium']]))).toBeNull();
  });

  it('names the group a tap on the blocked Add button leads to: the first one missing a choice, in menu order', () => {
    expect(blockingGroup([extras, doneness, sides], noPicks)?.id).toBe('doneness');
    expect(blockingGroup([extras, doneness, sides], pick([doneness], [['doneness', 'medium']]))?.id).toBe('sides');
    expect(blockingGroup([doneness, extras], pick([doneness], [['doneness', 'medium']]))).toBeNull();
  });

  it('prices the line with the option deltas, negative ones included', () => {
    const picks = pick(
      [doneness, extras],
      [
        ['doneness', 'medium'],
        ['extras', 'cheese'],
        ['extras', 'bacon'],
      ],
    );
    expect(unitPriceWith(burger, picks)).toBe(1190 + 100 + 150);
    const salad: CatalogItem = { ...burger, modifierGroups: [sides] };
    expect(
      unitPriceWith(
        salad,
        pick(
          [sides],
          [
            ['sides', 'fries'],
            ['sides', 'slaw'],
          ],
        ),
      ),
    ).toBe(1140);
  });

  it('builds the addLine selection in catalog order and refuses what the core would refuse', () => {
    const picks = pick(
      [doneness, extras],
      [
        ['extras', 'bacon'],
        ['extras', 'cheese'],
        ['doneness', 'well-done'],
      ],
    );
    expect(toSelection(burger, picks)).toEqual({
      ok: true,
      modifiers: [
        { groupId: 'doneness', optionIds: ['well-done'] },
        { groupId: 'extras', optionIds: ['bacon', 'cheese'] },
      ],
    });
    expect(toSelection(burger, pick([extras], [['extras', 'egg']]))).toEqual({ ok: false, message: 'Doneness: choose at least 1' });
    const cheap: CatalogItem = { ...burger, priceMinor: 10, modifierGroups: [sides] };
    expect(
      toSelection(
        cheap,
        pick(
          [sides],
          [
            ['sides', 'fries'],
            ['sides', 'slaw'],
          ],
        ),
      ),
    ).toMatchObject({ ok: false });
  });

  it('pre-picks a required group that offers a single option', () => {
    const only: ModifierGroup = {
      id: 'cup',
      name: 'Cup',
      minChoices: 1,
      maxChoices: 1,
      options: [{ id: 'paper', name: 'Paper cup', priceDeltaMinor: 0 }],
    };
    expect(initialPicks([only, doneness])).toEqual({ cup: ['paper'] });
  });
});
