import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../catalog.js';
import { deriveCount, mergeAvailability, OVERSOLD_RULE, type AvailabilityEntry, type MenuAvailability } from './availability.js';
import { catalogToMenu, menuToCatalog } from './catalog-bridge.js';
import { checkMenu, formatIssuePath, Menu } from './menu.js';
import { priceLines } from './pricing.js';

const VAT = { ratePpm: 100_000, included: true };
const CATALOG: CatalogItem[] = [
  { id: 'espresso', name: 'Espresso', category: 'Hot drinks', priceMinor: 250, currency: 'EUR', kitchenStation: 'bar', tax: VAT },
  {
    id: 'latte',
    name: 'Latte',
    category: 'Hot drinks',
    priceMinor: 390,
    currency: 'EUR',
    modifierGroups: [
      { id: 'milk', name: 'Milk', minChoices: 1, maxChoices: 1, options: [{ id: 'oat', name: 'Oat', priceDeltaMinor: 40 }] },
    ],
  },
  {
    id: 'mocha',
    name: 'Mocha',
    category: 'Hot drinks',
    priceMinor: 420,
    currency: 'EUR',
    // Same group id, different options: renamed, never merged into the latte's.
    modifierGroups: [
      { id: 'milk', name: 'Milk', minChoices: 0, maxChoices: 1, options: [{ id: 'soy', name: 'Soy', priceDeltaMinor: 30 }] },
    ],
  },
  {
    id: 'cheese',
    name: 'Cheese',
    category: 'Deli',
    priceMinor: 0,
    currency: 'EUR',
    plu: '1234',
    variableMeasure: { kind: 'weight', pricePerKgMinor: 2400 },
  },
];

describe('menu model', () => {
  it('imports the station catalog format and gives the same catalog back for the counter', () => {
    const checked = checkMenu(catalogToMenu(CATALOG));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.menu.categories.map((c) => c.id)).toEqual(['hot-drinks', 'deli']);
    expect(checked.menu.modifierGroups.map((g) => g.id)).toEqual(['milk', 'mocha-milk']);
    const back = menuToCatalog(checked.menu);
    expect(back.map((item) => [item.id, item.category, item.priceMinor, item.modifierGroups?.[0]?.options[0]?.id])).toEqual([
      ['espresso', 'Hot drinks', 250, undefined],
      ['latte', 'Hot drinks', 390, 'oat'],
      ['mocha', 'Hot drinks', 420, 'soy'],
      ['cheese', 'Deli', 0, undefined],
    ]);
    expect(back[1]?.tax).toEqual({ ratePpm: 0, included: true });
  });

  it('names paths the way people read them', () => {
    expect(formatIssuePath(['items', 12, 'modifierGroups', 0, 'max'])).toBe('items[12].modifierGroups[0].max');
    expect(formatIssuePath(['priceLists', 0, 'prices', 'club-sandwich'])).toBe('priceLists[0].prices["club-sandwich"]');
    expect(formatIssuePath([])).toBe('(root)');
  });

  it('refuses a channel price list for an unknown item and a second list for a channel', () => {
    const menu = { ...catalogToMenu(CATALOG), priceLists: [{ channel: 'web', prices: { toast: 100 } }, { channel: 'web' }] };
    const checked = checkMenu(menu);
    expect(checked.ok ? [] : checked.problems.map((p) => p.path)).toEqual(['priceLists[0].prices.toast', 'priceLists[1].channel']);
  });

  it('prices a line from the menu and refuses a measured item on a channel', () => {
    const menu = Menu.parse(catalogToMenu(CATALOG));
    const ctx = { menu, channel: 'web' as const, availability: () => ({ soldOut: false, left: null, oversold: [] }) };
    const priced = priceLines(ctx, [{ itemId: 'latte', quantity: 2, modifiers: ['oat'] }]);
    expect(priced.ok && priced.lines[0]).toMatchObject({
      unitPriceMinor: 390,
      modifiers: [{ groupId: 'milk', optionId: 'oat', priceDeltaMinor: 40 }],
    });
    const measured = priceLines(ctx, [{ itemId: 'cheese', quantity: 1, modifiers: [] }]);
    expect(!measured.ok && measured.refusal).toMatchObject({ kind: 'invalid', code: 'measured_item', field: 'lines[0].itemId' });
  });
});

describe('availability', () => {
  const entry = (at: string, by: string, extra: Partial<AvailabilityEntry> = {}): AvailabilityEntry => ({
    soldOut: false,
    at,
    by,
    ...extra,
  });
  const hlc = (ms: number) => `${String(ms).padStart(15, '0')}-00000`;

  it('merges entry by entry whatever order documents arrive in', () => {
    const a: MenuAvailability = { items: { burger: entry(hlc(2), 'counter-a', { soldOut: true }), fries: entry(hlc(1), 'counter-a') } };
    const b: MenuAvailability = {
      items: { burger: entry(hlc(1), 'kitchen', { count: 5 }), soup: entry(hlc(3), 'kitchen', { soldOut: true }) },
    };
    const c: MenuAvailability = { items: { fries: entry(hlc(4), 'server', { soldOut: true }) } };
    const orders = [
      [a, b, c],
      [c, b, a],
      [b, a, c],
    ];
    const results = orders.map(([x, y, z]) => mergeAvailability(mergeAvailability(x!, y!), z!));
    for (const result of results)
      expect(Object.fromEntries(Object.entries(result.items).sort())).toEqual(Object.fromEntries(Object.entries(results[0]!.items).sort()));
    expect(results[0]!.items['burger']?.soldOut).toBe(true);
    expect(results[0]!.items['fries']?.by).toBe('server');
  });

  it('counts down from the sales after the count, and flags the later line when the last unit sold twice', () => {
    const counted = entry(hlc(10), 'server', { count: 2 });
    const sales = [
      { orderId: 'o0', lineId: 'l0', quantity: 5, addedAt: hlc(5) }, // before the count: not counted
      { orderId: 'o2', lineId: 'l2', quantity: 1, addedAt: hlc(12) },
      { orderId: 'o1', lineId: 'l1', quantity: 1, addedAt: hlc(11) },
    ];
    expect(deriveCount(counted, sales)).toEqual({ soldOut: true, left: 0, oversold: [] });
    const partitioned = [...sales, { orderId: 'o3', lineId: 'l3', quantity: 1, addedAt: hlc(12) }];
    expect(deriveCount(counted, partitioned)).toEqual({
      soldOut: true,
      left: 0,
      oversold: [{ orderId: 'o3', lineId: 'l3', units: 1 }],
      rule: OVERSOLD_RULE.name,
    });
    expect(deriveCount(counted, [...partitioned].reverse())).toEqual(deriveCount(counted, partitioned));
    expect(deriveCount(undefined, sales)).toEqual({ soldOut: false, left: null, oversold: [] });
  });
});
