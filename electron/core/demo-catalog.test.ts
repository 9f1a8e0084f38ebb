import { describe, expect, it } from 'vitest';
import { Catalog } from '../../shared/catalog.js';
import { checkBarcode } from '../../shared/barcode.js';
import { chooseModifiers } from '../../shared/modifiers.js';
import { demoCatalog } from './demo-catalog.js';

describe('demo catalog', () => {
  it('passes the catalog schema, with valid barcodes', () => {
    expect(Catalog.safeParse(demoCatalog).success).toBe(true);
    for (const item of demoCatalog) if (item.barcode) expect(checkBarcode(item.barcode).ok).toBe(true);
  });

  it('taxes every item as a café would: food at 10 %, drinks at 20 %, inside the price', () => {
    for (const item of demoCatalog) {
      const drink = item.category === 'Coffee' || item.category === 'Drinks';
      expect(item.tax, item.id).toEqual({ ratePpm: drink ? 200_000 : 100_000, included: true });
    }
  });

  it('has items whose required choices the core enforces', () => {
    const burger = demoCatalog.find((i) => i.id === 'burger')!;
    expect(chooseModifiers(burger.modifierGroups, [])).toMatchObject({ ok: false, message: 'Doneness: choose at least 1' });
    expect(
      chooseModifiers(burger.modifierGroups, [
        { groupId: 'doneness', optionIds: ['medium'] },
        { groupId: 'extras', optionIds: ['cheese', 'bacon', 'egg'] },
      ]),
    ).toMatchObject({ ok: true });
    expect(
      chooseModifiers(burger.modifierGroups, [
        { groupId: 'doneness', optionIds: ['medium'] },
        { groupId: 'extras', optionIds: ['cheese', 'bacon', 'egg', 'avocado'] },
      ]),
    ).toMatchObject({ ok: false });
    const latte = demoCatalog.find((i) => i.id === 'latte')!;
    expect(chooseModifiers(latte.modifierGroups, [])).toMatchObject({ ok: false, message: 'Milk: choose at least 1' });
  });
});
