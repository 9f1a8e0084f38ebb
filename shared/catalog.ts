import { z } from 'zod';
import { CurrencyCode, MinorUnits } from './money.js';
import { LineTax } from './money/tax.js';

export const CatalogItemId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'item id: lowercase letters, digits, - and _');

const OptionId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'modifier id: lowercase letters, digits, - and _');

export const ModifierOption = z.object({
  id: OptionId,
  name: z.string().min(1).max(80),
  /** Per unit; negative for "no cheese". */
  priceDeltaMinor: MinorUnits.default(0),
});
export type ModifierOption = z.infer<typeof ModifierOption>;

/** "Milk: choose exactly 1", "Extras: up to 3". Required means minChoices ≥ 1. */
export const ModifierGroup = z
  .object({
    id: OptionId,
    name: z.string().min(1).max(80),
    minChoices: z.int().min(0).max(20).default(0),
    maxChoices: z.int().min(1).max(20).default(1),
    options: z.array(ModifierOption).min(1).max(40),
  })
  .refine((g) => g.minChoices <= g.maxChoices, { message: 'minChoices must not exceed maxChoices', path: ['minChoices'] })
  .refine((g) => g.minChoices <= g.options.length, { message: 'minChoices exceeds the number of options', path: ['minChoices'] })
  .refine((g) => new Set(g.options.map((o) => o.id)).size === g.options.length, { message: 'duplicate option id', path: ['options'] });
export type ModifierGroup = z.infer<typeof ModifierGroup>;

/**
 * Sold by an in-store barcode (prefix 02 or 20–29) that carries either the weight in grams or the
 * price in minor units; `plu` is the 4–5 digit item code inside that barcode.
 */
export const VariableMeasure = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weight'), pricePerKgMinor: MinorUnits.positive() }),
  z.object({ kind: z.literal('price') }),
]);
export type VariableMeasure = z.infer<typeof VariableMeasure>;

export const CatalogItem = z.object({
  id: CatalogItemId,
  name: z.string().min(1).max(80),
  category: z.string().min(1).max(40),
  priceMinor: MinorUnits.nonnegative(),
  currency: CurrencyCode,
  /** GTIN printed on packaged goods; absent for made-to-order items. */
  barcode: z
    .string()
    .regex(/^\d{8}$|^\d{12,13}$/)
    .optional(),
  /** Which kitchen display prepares it; absent for items handed over at the counter. */
  kitchenStation: z.string().min(1).max(40).optional(),
  modifierGroups: z.array(ModifierGroup).max(10).optional(),
  /** Absent: the price is final (tax included at rate 0), as catalogs before tax support meant. */
  tax: LineTax.optional(),
  variableMeasure: VariableMeasure.optional(),
  plu: z
    .string()
    .regex(/^\d{4,5}$/, 'plu: the 4-5 digit item code used in in-store barcodes')
    .optional(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

export const Catalog = z.array(CatalogItem).superRefine((items, ctx) => {
  const ids = new Set<string>();
  const barcodes = new Set<string>();
  const plus = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate item id ${item.id}` });
    ids.add(item.id);
    if (item.barcode) {
      if (barcodes.has(item.barcode)) {
        ctx.addIssue({ code: 'custom', path: [index, 'barcode'], message: `duplicate barcode ${item.barcode}` });
      }
      barcodes.add(item.barcode);
    }
    if (item.plu) {
      const key = item.plu.padStart(5, '0');
      if (plus.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'plu'], message: `duplicate plu ${item.plu}` });
      plus.add(key);
    }
    if (item.variableMeasure && !item.plu) {
      ctx.addIssue({ code: 'custom', path: [index, 'plu'], message: 'an item sold by weight or embedded price needs a plu' });
    }
  }
});
