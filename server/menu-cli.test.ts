import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MenuDocument } from '../shared/menu/menu.js';
import { runCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pos-menu-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--data-dir', join(dir, 'db')], {}, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const CATALOG = [
  {
    id: 'espresso',
    name: 'Espresso',
    category: 'Coffee',
    priceMinor: 250,
    currency: 'EUR',
    kitchenStation: 'bar',
    tax: { ratePpm: 200_000, included: true },
  },
  {
    id: 'latte',
    name: 'Latte',
    category: 'Coffee',
    priceMinor: 390,
    currency: 'EUR',
    modifierGroups: [
      { id: 'milk', name: 'Milk', minChoices: 1, maxChoices: 1, options: [{ id: 'oat', name: 'Oat milk', priceDeltaMinor: 40 }] },
    ],
  },
  { id: 'croissant', name: 'Croissant', category: 'Bakery', priceMinor: 220, currency: 'EUR', barcode: '4006381333931' },
];

describe('menu import and export on the command line', () => {
  it('imports the catalog file format, round-trips CSV, and refuses a bad file naming the row and path', async () => {
    expect((await cli('store', 'add', 'shop')).code).toBe(0);
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(CATALOG));
    const imported = await cli('menu', 'import', 'shop', join(dir, 'catalog.json'), '--by', 'Morgan');
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({ version: 1, items: 3, publishedBy: 'Morgan' });

    const csv = await cli('menu', 'export', 'shop', '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe(
      'id,name,category,price_minor,tax_rate_ppm,tax_included,barcode,plu,kitchen_station,modifier_groups,measure,price_per_kg_minor',
    );
    expect(csv.out).toContain('latte,Latte,Coffee,390,0,yes,,,,milk,,');
    // A price change in the spreadsheet, imported back: a new version with the groups kept.
    writeFileSync(join(dir, 'menu.csv'), csv.out.replace('latte,Latte,Coffee,390', 'latte,Latte,Coffee,410'));
    expect((await cli('menu', 'import', 'shop', join(dir, 'menu.csv'))).code).toBe(0);
    const current = MenuDocument.parse(JSON.parse((await cli('menu', 'export', 'shop')).out));
    expect(current.version).toBe(2);
    expect(current.menu.items.find((i) => i.id === 'latte')).toMatchObject({ priceMinor: 410, modifierGroups: [{ group: 'milk' }] });
    expect(MenuDocument.parse(JSON.parse((await cli('menu', 'export', 'shop', '--version', '1')).out)).menu.items[1]!.priceMinor).toBe(390);

    writeFileSync(join(dir, 'bad.csv'), `${csv.out.split('\n')[0]}\nlatte,Latte,Coffee,390,0,yes,,,,syrup,,\n`);
    const bad = await cli('menu', 'import', 'shop', join(dir, 'bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('items[0].modifierGroups[0].group: unknown modifier group "syrup"');
    const stale = await cli('menu', 'import', 'shop', join(dir, 'catalog.json'), '--base', '1');
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('stale_menu_version');
  });
});
