import type { CatalogItem } from '../../../shared/catalog.js';

/** Lower case without accents, so "creme" finds "Crème brûlée" on a keyboard without dead keys. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** Categories in first-seen order, as the grid and its tabs show them. */
export function categoriesOf(items: readonly CatalogItem[]): string[] {
  return [...new Set(items.map((item) => item.category))];
}

export interface CatalogFilter {
  /** null: every category. */
  category: string | null;
  query: string;
}

/**
 * Whether an item matches what the cashier typed: every word must start a word of the name (so "fl w"
 * finds "Flat white" but "ate" does not find "Latte"), or the digits must start the item's PLU or
 * barcode (a cashier keys the first digits of the code printed on a shelf label).
 */
export function matchesQuery(item: CatalogItem, query: string): boolean {
  const folded = foldForSearch(query);
  if (!folded) return true;
  if (/^\d+$/.test(folded)) {
    return (item.plu?.startsWith(folded) ?? false) || (item.barcode?.startsWith(folded) ?? false);
  }
  const words = foldForSearch(item.name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return folded.split(/\s+/).every((part) => words.some((word) => word.startsWith(part)));
}

/**
 * The items the grid shows. A search looks through the whole menu whatever tab is open: a cashier
 * typing "water" means the water, not "water in Coffee".
 */
export function filterCatalog(items: readonly CatalogItem[], filter: CatalogFilter): CatalogItem[] {
  if (foldForSearch(filter.query)) return items.filter((item) => matchesQuery(item, filter.query));
  if (filter.category === null) return [...items];
  return items.filter((item) => item.category === filter.category);
}
