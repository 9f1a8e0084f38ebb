import { describe, expect, it } from 'vitest';
import { gtinCheckDigit } from './barcode.js';
import { Catalog } from './catalog.js';
import { chooseModifiers } from './modifiers.js';
import { findByPlu, parseInStoreBarcode, priceCheckDigit4, priceInStoreItem } from './variable-measure.js';

const withCheck = (body: string) => `${body}${gtinCheckDigit(body)}`;

const catalog = Catalog.parse([
  {
    id: 'gouda',
    name: 'Gouda',
    category: 'Deli',
    priceMinor: 0,
    currency: 'EUR',
    plu: '12345',
    variableMeasure: { kind: 'weight', pricePerKgMinor: 1290 },
  },
  { id: 'cake', name: 'Cake slice', category: 'Bakery', priceMinor: 0, currency: 'EUR', plu: '00042', variableMeasure: { kind: 'price' } },
  {
    id: 'latte',
    name: 'Latte',
    category: 'Coffee',
    priceMinor: 380,
    currency: 'EUR',
    tax: { ratePpm: 100_000, included: true },
    modifierGroups: [
      {
        id: 'milk',
        name: 'Milk',
        minChoices: 1,
        maxChoices: 1,
        options: [
          { id: 'whole', name: 'Whole' },
          { id: 'oat', name: 'Oat', priceDeltaMinor: 40 },
        ],
      },
      {
        id: 'extras',
        name: 'Extras',
        maxChoices: 2,
        options: [
          { id: 'shot', name: 'Extra shot', priceDeltaMinor: 60 },
          { id: 'syrup', name: 'Vanilla', priceDeltaMinor: 30 },
          { id: 'cream', name: 'Cream', priceDeltaMinor: 50 },
        ],
      },
    ],
  },
]);

describe('variable-measure (in-store) barcodes', () => {
  it('computes the GS1 4-digit price verifier digit', () => {
    expect(priceCheckDigit4('2875')).toBe(9);
  });

  it('prices weighed goods from an EAN-13 with prefix 2x: 0.412 kg × €12.90/kg = €5.31', () => {
    const code = withCheck('281234500412');
    const parsed = parseInStoreBarcode(code);
    expect(parsed).toEqual({ ok: true, code: { prefix: '28', plu: '12345', value: 412 } });
    if (!parsed.ok) return;
    const item = findByPlu(catalog, parsed.code.plu)!;
    expect(item.id).toBe('gouda');
    // 412 g × 1290 / 1000 = 531.48 → 531
    expect(priceInStoreItem(item, parsed.code)).toEqual({
      unitPriceMinor: 531,
      measure: { kind: 'weight', grams: 412, pricePerKgMinor: 1290 },
    });
  });

  it('reads an embedded price and checks the price verifier of prefix 02 (UPC-A number system 2)', () => {
    // UPC-A: number system 2, item 00042, price verifier 9, price 28.75, check digit.
    const code = withCheck('20004292875');
    expect(code).toHaveLength(12);
    const parsed = parseInStoreBarcode(code);
    expect(parsed).toEqual({ ok: true, code: { prefix: '02', plu: '00042', value: 2875 } });
    if (parsed.ok) expect(priceInStoreItem(findByPlu(catalog, '42')!, parsed.code)).toEqual({ unitPriceMinor: 2875 });
    const tampered = withCheck('20004282875');
    expect(parseInStoreBarcode(tampered)).toMatchObject({ ok: false, reason: 'bad_price_check_digit' });
  });

  it('tells trade items and misreads apart', () => {
    expect(parseInStoreBarcode('4006381333931')).toMatchObject({ ok: false, reason: 'not_in_store' });
    expect(parseInStoreBarcode('2812345004120')).toMatchObject({ ok: false, reason: 'bad_check_digit' });
  });

  it('refuses catalogs with a weighed item without plu, or duplicate plus', () => {
    const gouda = catalog[0]!;
    expect(Catalog.safeParse([{ ...gouda, plu: undefined }]).success).toBe(false);
    expect(Catalog.safeParse([gouda, { ...gouda, id: 'edam', plu: '12345' }]).success).toBe(false);
  });
});

describe('modifiers', () => {
  const groups = catalog[2]!.modifierGroups;

  it('records the chosen options in catalog order with their price deltas', () => {
    expect(
      chooseModifiers(groups, [
        { groupId: 'extras', optionIds: ['syrup', 'shot'] },
        { groupId: 'milk', optionIds: ['oat'] },
      ]),
    ).toEqual({
      ok: true,
      modifiers: [
        { groupId: 'milk', optionId: 'oat', name: 'Oat', priceDeltaMinor: 40 },
        { groupId: 'extras', optionId: 'shot', name: 'Extra shot', priceDeltaMinor: 60 },
        { groupId: 'extras', optionId: 'syrup', name: 'Vanilla', priceDeltaMinor: 30 },
      ],
    });
  });

  it('enforces required groups, max choices and known options', () => {
    expect(chooseModifiers(groups, [])).toMatchObject({ ok: false, field: 'modifiers.milk', message: 'Milk: choose at least 1' });
    expect(
      chooseModifiers(groups, [
        { groupId: 'milk', optionIds: ['oat'] },
        { groupId: 'extras', optionIds: ['shot', 'syrup', 'cream'] },
      ]),
    ).toMatchObject({
      ok: false,
      message: 'Extras: choose at most 2',
    });
    expect(chooseModifiers(groups, [{ groupId: 'milk', optionIds: ['soy'] }])).toMatchObject({
      ok: false,
      message: 'Milk has no option "soy"',
    });
    expect(chooseModifiers(groups, [{ groupId: 'size', optionIds: ['xl'] }])).toMatchObject({ ok: false, field: 'modifiers.size' });
    expect(chooseModifiers(undefined, [])).toEqual({ ok: true, modifiers: [] });
  });
});
