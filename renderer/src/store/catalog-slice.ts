import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CatalogItem } from '../../../shared/catalog.js';

export interface CatalogState {
  items: CatalogItem[];
  loaded: boolean;
}

const initialState: CatalogState = { items: [], loaded: false };

export const catalogSlice = createSlice({
  name: 'catalog',
  initialState,
  reducers: {
    catalogLoaded: (_state, action: PayloadAction<CatalogItem[]>) => ({ items: action.payload, loaded: true }),
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
