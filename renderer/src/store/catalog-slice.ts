import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { CatalogView, MenuInfo } from '../../../shared/ipc/commands/orders.js';

export interface CatalogState {
  items: CatalogItem[];
  loaded: boolean;
  /** The published menu the items come from; null: the station's start-up catalog. */
  menu: MenuInfo | null;
}

const initialState: CatalogState = { items: [], loaded: false, menu: null };

export const catalogSlice = createSlice({
  name: 'catalog',
  initialState,
  reducers: {
    /** A load answer or a `catalog.changed` push (a new menu arrived): either is the whole catalog. */
    catalogLoaded: (_state, action: PayloadAction<CatalogView>) => ({
      items: action.payload.items,
      menu: action.payload.menu,
      loaded: true,
    }),
  },
});

export const { catalogLoaded } = catalogSlice.actions;

export interface CatalogCategory {
  name: string;
  items: CatalogItem[];
}

/** Categories in first-seen order so the grid follows the catalog's own ordering. */
export function groupByCategory(items: readonly CatalogItem[]): CatalogCategory[] {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const group = groups.get(item.category);
    if (group) group.push(item);
    else groups.set(item.category, [item]);
  }
  return [...groups].map(([name, grouped]) => ({ name, items: grouped }));
}

/** "Menu v3 · Ana · 14:05": which menu the till sells from, who published it and when it arrived here. */
export function menuLabel(menu: MenuInfo | null, locale?: string): string {
  if (menu === null) return 'Local catalog';
  const arrived = new Date(menu.receivedAtMs).toLocaleTimeString(locale, { timeStyle: 'short' });
  return `Menu v${menu.version} · ${menu.publishedBy} · ${arrived}`;
}
