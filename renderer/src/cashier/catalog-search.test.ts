import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import { categoriesOf, filterCatalog, matchesQuery } from './catalog-search.js';

const item = (fields: Partial<CatalogItem> & Pick<CatalogItem, 'id' | 'name' | 'category'>): CatalogItem => ({
  priceMinor: 100,
  currency: 'EUR',
  ...fields,
});

const menu: CatalogItem[] = [
  item({ id: 'flat-white', name: 'Flat white', category: 'Coffee' }),
  item({ id: 'latte', name: 'Latte', category: 'Coffee' }),
  item({ id: 'creme-brulee', name: 'Crème brûlée', category: 'Desserts' }),
  item({ id: 'water', name: 'Sparkling water', category: 'Drinks', barcode: '96385074' }),
  item({
    id: 'olives',
    name: 'Olives by weight',
    category: 'Deli',
    plu: '4011',
    variableMeasure: { kind: 'weight', pricePerKgMinor: 1990 },
  }),
];

const ids = (items: readonly CatalogItem[]) => items.map((i) => i.id);

describe('catalog search', () => {
  it('lists categories in menu order, once each', () => {
    expect(categoriesOf(menu)).toEqual(['Coffee', 'Desserts', 'Drinks', 'Deli']);
  });

  it('matches the start of name words, ignoring case and accents', () => {
    expect(ids(filterCatalog(menu, { category: null, query: 'creme' }))).toEqual(['creme-brulee']);
    expect(ids(filterCatalog(menu, { category: null, query: 'FL W' }))).toEqual(['flat-white']);
    expect(ids(filterCatalog(menu, { category: null, query: 'water' }))).toEqual(['water']);
    expect(matchesQuery(menu[1]!, 'ate')).toBe(false);
    expect(matchesQuery(menu[1]!, 'lat')).toBe(true);
  });

  it('matches digits against the start of a PLU or a barcode', () => {
    expect(ids(filterCatalog(menu, { category: null, query: '4011' }))).toEqual(['olives']);
    expect(ids(filterCatalog(menu, { category: null, query: '9638' }))).toEqual(['water']);
    expect(ids(filterCatalog(menu, { category: null, query: '385074' }))).toEqual([]);
  });

  it('searches the whole menu whatever tab is open, and filters by tab without a query', () => {
    expect(ids(filterCatalog(menu, { category: 'Desserts', query: 'latte' }))).toEqual(['latte']);
    expect(ids(filterCatalog(menu, { category: 'Coffee', query: '  ' }))).toEqual(['flat-white', 'latte']);
    expect(ids(filterCatalog(menu, { category: null, query: '' }))).toEqual(ids(menu));
  });
});
