import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { AvailabilityView, ItemAvailabilityView } from '../../../shared/ipc/commands/menu.js';

/** Sold out ("86") and counts left as the core last told them; null until loaded. */
export interface AvailabilityState {
  view: AvailabilityView | null;
}

const initialState: AvailabilityState = { view: null };

export const availabilitySlice = createSlice({
  name: 'availability',
  initialState,
  reducers: {
    /** A load answer or a `menu.availabilityChanged` push: either is the whole current view. */
    availabilityChanged: (state, action: PayloadAction<AvailabilityView>) => {
      state.view = action.payload;
    },
  },
});

export const { availabilityChanged } = availabilitySlice.actions;

/** By item id, for the grid; an item without an entry sells without limit. */
export function availabilityByItem(view: AvailabilityView | null): ReadonlyMap<string, ItemAvailabilityView> {
  return new Map((view?.items ?? []).map((item) => [item.itemId, item]));
}

/**
 * What the item's button says under its price: "Sold out", "3 left", or nothing; "Sold out · 1
 * oversold" when two counters sold the last unit apart (OVERSOLD_RULE: both sales stand, the manager settles).
 */
export function availabilityLabel(item: ItemAvailabilityView | undefined): string | undefined {
  if (item === undefined) return undefined;
  if (item.soldOut) return item.oversoldUnits > 0 ? `Sold out · ${item.oversoldUnits} oversold` : 'Sold out';
  return item.left === null ? undefined : `${item.left} left`;
}
