import { z } from 'zod';
import { CurrencyCode, MinorUnits } from './money.js';

export const CatalogItemId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'item id: lowercase letters, digits, - and _');

export const CatalogItem = z.object({
  id: CatalogItemId,
  name: z.string().min(1).max(80),
  category: z.string().min(1).max(40),
  priceMinor: MinorUnits.nonnegative(),
  currency: CurrencyCode,
  /** GTIN printed on packaged goods; absent for made-to-order items. */
  barcode: z.string().regex(/^\d{8}$|^\d{12,13}$/).optional(),
  /** Which kitchen display prepares it; absent for items handed over at the counter. */
  kitchenStation: z.string().min(1).max(40).optional(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

export const Catalog = z.array(CatalogItem).superRefine((items, ctx) => {
  const ids = new Set<string>();
  const barcodes = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate item id ${item.id}` });
    ids.add(item.id);
    if (item.barcode) {
      if (barcodes.has(item.barcode)) {
        ctx.addIssue({ code: 'custom', path: [index, 'barcode'], message: `duplicate barcode ${item.barcode}` });
      }
      barcodes.add(item.barcode);
    }
  }
});
