import { describe, expect, it } from 'vitest';
import { connectionChanged, connectionSlice } from './connection-slice.js';
import { availabilityByItem, availabilityChanged, availabilityLabel, availabilitySlice } from './availability-slice.js';
import { catalogLoaded, catalogSlice, groupByCategory, menuLabel } from './catalog-slice.js';
import { noticeDismissed, noticeShown, noticesSlice } from './notices-slice.js';
import { activeOrdersLoaded, kitchenTickets, orderChanged, orderSelectors, ordersSlice } from './orders-slice.js';
import { BASE_TIME_MS, makeOrder, testCatalog } from '../testing/fake-station.js';
import { encodeHlc } from '../../../shared/hlc.js';

const orders = ordersSlice.reducer;
const hlc = (offsetMs: number) => encodeHlc({ wallMs: BASE_TIME_MS + offsetMs, counter: 0 });

describe('catalog slice', () => {
  it('stores the items and marks the catalog loaded', () => {
    const state = catalogSlice.reducer(undefined, catalogLoaded({ items: testCatalog, menu: null }));
    expect(state).toEqual({ items: testCatalog, loaded: true, menu: null });
  });

  it('a pushed menu replaces the items and names its version, publisher and arrival', () => {
    const menu = { version: 3, publishedBy: 'Ana', publishedAtMs: BASE_TIME_MS, receivedAtMs: BASE_TIME_MS + 60_000 };
    const state = catalogSlice.reducer(undefined, catalogLoaded({ items: testCatalog.slice(0, 1), menu }));
    expect(state).toEqual({ items: testCatalog.slice(0, 1), loaded: true, menu });
    expect(menuLabel(state.menu, 'en-GB')).toMatch(/^Menu v3 · Ana · \d\d:\d\d$/);
    expect(menuLabel(null)).toBe('Local catalog');
  });

  it('groups items by category in catalog order', () => {
    expect(groupByCategory(testCatalog).map((g) => [g.name, g.items.map((i) => i.id)])).toEqual([
      ['Coffee', ['espresso', 'latte']],
      ['Drinks', ['water']],
    ]);
  });
});

describe('availability slice', () => {
  it('keeps the pushed view and labels each item for the grid', () => {
    const view = {
      items: [
        { itemId: 'espresso', soldOut: true, left: null, oversoldUnits: 0 },
        { itemId: 'latte', soldOut: false, left: 3, oversoldUnits: 0 },
      ],
      oversoldRule: { name: 'rule', resolution: 'both stand' },
    };
    const state = availabilitySlice.reducer(undefined, availabilityChanged(view));
    const byItem = availabilityByItem(state.view);
    expect(availabilityLabel(byItem.get('espresso'))).toBe('Sold out');
    expect(availabilityLabel(byItem.get('latte'))).toBe('3 left');
    expect(availabilityLabel(byItem.get('water'))).toBeUndefined();
    expect(availabilityLabel({ itemId: 'tea', soldOut: true, left: 0, oversoldUnits: 2 })).toBe('Sold out · 2 oversold');
  });
});

describe('orders slice', () => {
  it('upserts pushed orders by id and ignores an older view arriving late', () => {
    const v1 = makeOrder({ eventCount: 1 });
    const v2 = { ...v1, eventCount: 2, lastHlc: hlc(5), totalMinor: 250 };
    let state = orders(undefined, orderChanged(v2));
    state = orders(state, orderChanged(v1));
    expect(orderSelectors.selectById(state, v1.id)).toEqual(v2);
  });

  it('replaces the active set on reload but keeps a newer pushed view', () => {
    const gone = makeOrder();
    const kept = makeOrder({ eventCount: 3 });
    let state = orders(undefined, orderChanged(gone));
    state = orders(state, orderChanged(kept));
    const fresh = makeOrder();
    state = orders(state, activeOrdersLoaded([{ ...kept, eventCount: 2 }, fresh]));
    expect(orderSelectors.selectIds(state)).toEqual([kept.id, fresh.id]);
    expect(orderSelectors.selectById(state, kept.id)?.eventCount).toBe(3);
  });

  it('lists paid orders for the kitchen, oldest first', () => {
    const late = makeOrder({ status: 'paid', ticketNumber: 3, openedAt: hlc(60_000) });
    const early = makeOrder({ status: 'paid', ticketNumber: 9, openedAt: hlc(0) });
    const open = makeOrder({ status: 'open', ticketNumber: 1, openedAt: hlc(-5) });
    expect(kitchenTickets([late, open, early]).map((o) => o.ticketNumber)).toEqual([9, 3]);
  });
});

describe('connection slice', () => {
  it('takes the latest connection state', () => {
    const next = { status: 'unauthorized', stationId: null, role: null, reason: 'rejected' } as const;
    expect(connectionSlice.reducer(undefined, connectionChanged(next))).toEqual(next);
  });
});

describe('notices slice', () => {
  it('keeps one notice per key, newest last, and dismisses by key', () => {
    let state = noticesSlice.reducer(undefined, noticeShown({ key: 'cart', severity: 'error', message: 'Bad barcode' }));
    state = noticesSlice.reducer(state, noticeShown({ key: 'catalog', severity: 'error', message: 'No menu' }));
    state = noticesSlice.reducer(
      state,
      noticeShown({ key: 'cart', severity: 'error', message: 'Unknown barcode', code: 'unknown_barcode' }),
    );
    expect(state.map((n) => n.message)).toEqual(['No menu', 'Unknown barcode']);
    state = noticesSlice.reducer(state, noticeDismissed('catalog'));
    expect(state.map((n) => n.key)).toEqual(['cart']);
  });
});
