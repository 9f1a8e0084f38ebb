import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { slug } from '../../shared/menu/catalog-bridge.js';
import type { Menu, MenuInput } from '../../shared/menu/menu.js';

/**
 * The menu's items as a spreadsheet: one row per item, prices in minor units, tax in parts per
 * million. Modifier groups and price lists do not flatten into rows: a CSV import keeps those of the
 * menu it replaces (items name their groups by id in `modifier_groups`, separated by `|`).
 */
const COLUMNS = [
  'id',
  'name',
  'category',
  'price_minor',
  'tax_rate_ppm',
  'tax_included',
  'barcode',
  'plu',
  'kitchen_station',
  'modifier_groups',
  'measure',
  'price_per_kg_minor',
] as const;

export function menuToCsv(menu: Menu): string {
  const categories = new Map(menu.categories.map((c) => [c.id, c.name]));
  const rows = menu.items.map((item) => ({
    id: item.id,
    name: item.name,
    category: categories.get(item.category) ?? item.category,
    price_minor: item.priceMinor,
    tax_rate_ppm: item.tax.ratePpm,
    tax_included: item.tax.included ? 'yes' : 'no',
    barcode: item.barcode ?? '',
    plu: item.plu ?? '',
    kitchen_station: item.kitchenStation ?? '',
    modifier_groups: item.modifierGroups.map((ref) => ref.group).join('|'),
    measure: item.variableMeasure?.kind ?? '',
    price_per_kg_minor: item.variableMeasure?.kind === 'weight' ? item.variableMeasure.pricePerKgMinor : '',
  }));
  return stringify(rows, { header: true, columns: [...COLUMNS] });
}

export class CsvError extends Error {}

/**
 * Rows back into a menu (validate it with `checkMenu`, which names `items[i]…` paths; row i+2 of the
 * file, counting the header). Categories are matched by name to those of `base`, new names get new ids.
 */
export function csvToMenu(text: string, base: Menu | undefined, currency: string): MenuInput {
  let records: Record<string, string>[];
  try {
    records = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new CsvError(`not readable as CSV: ${(error as Error).message}`);
  }
  const missing = ['id', 'name', 'category', 'price_minor'].filter((column) => records.length > 0 && !(column in records[0]!));
  if (missing.length > 0) throw new CsvError(`missing column(s): ${missing.join(', ')}`);
  const categories = new Map((base?.categories ?? []).map((c) => [c.name, { ...c }]));
  const ids = new Set([...categories.values()].map((c) => c.id));
  const integer = (row: number, column: string, value: string | undefined): number => {
    const n = value === undefined || value === '' ? NaN : Number(value);
    if (!Number.isSafeInteger(n)) throw new CsvError(`row ${row}, ${column}: "${value ?? ''}" is not a whole number`);
    return n;
  };
  const items = records.map((record, index) => {
    const row = index + 2;
    const name = record['category'] ?? '';
    let category = categories.get(name);
    if (category === undefined) {
      let id = slug(name);
      for (let n = 2; ids.has(id); n++) id = `${slug(name).slice(0, 36)}-${n}`;
      ids.add(id);
      categories.set(name, (category = { id, name }));
    }
    const optional = (column: string) => (record[column] === undefined || record[column] === '' ? undefined : record[column]);
    const measure = optional('measure');
    return {
      id: record['id'] ?? '',
      name: record['name'] ?? '',
      category: category.id,
      priceMinor: integer(row, 'price_minor', record['price_minor']),
      tax: {
        ratePpm: optional('tax_rate_ppm') === undefined ? 0 : integer(row, 'tax_rate_ppm', record['tax_rate_ppm']),
        included: (optional('tax_included') ?? 'yes').toLowerCase() !== 'no',
      },
      ...(optional('barcode') === undefined ? {} : { barcode: optional('barcode') }),
      ...(optional('plu') === undefined ? {} : { plu: optional('plu') }),
      ...(optional('kitchen_station') === undefined ? {} : { kitchenStation: optional('kitchen_station') }),
      modifierGroups: (optional('modifier_groups') ?? '')
        .split('|')
        .map((group) => group.trim())
        .filter((group) => group !== '')
        .map((group) => ({ group })),
      ...(measure === undefined
        ? {}
        : {
            variableMeasure:
              measure === 'weight'
                ? { kind: 'weight', pricePerKgMinor: integer(row, 'price_per_kg_minor', record['price_per_kg_minor']) }
                : { kind: measure },
          }),
    };
  });
  return {
    currency,
    categories: [...categories.values()],
    modifierGroups: base?.modifierGroups ?? [],
    items: items as MenuInput['items'],
    // Price lists naming items the file dropped would not validate: keep only what still exists.
    priceLists: (base?.priceLists ?? []).map((list) => ({
      ...list,
      prices: Object.fromEntries(Object.entries(list.prices).filter(([id]) => items.some((item) => item.id === id))),
      hidden: list.hidden.filter((id) => items.some((item) => item.id === id)),
    })),
  };
}
