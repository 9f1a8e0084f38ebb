import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import { KitchenRouting } from '../../../shared/ipc/commands/kitchen.js';
import { UUID_V7_PATTERN } from '../../../shared/ids.js';
import { silentLogger } from '../../../shared/logger.js';
import type { OrderLineView } from '../../../shared/order-view.js';
import { deterministicTicketId, ticketsToFire } from '../orders/firing.js';
import { createLineRouter, defaultRouting, KITCHEN_ROUTING_KEY, loadRouting, routingView, saveRouting } from './kitchen-routing.js';

const catalog: CatalogItem[] = [
  { id: 'burger', name: 'Burger', category: 'Kitchen', priceMinor: 1190, currency: 'EUR', kitchenStation: 'grill' },
  { id: 'salad', name: 'Salad', category: 'Kitchen', priceMinor: 890, currency: 'EUR' },
  { id: 'espresso', name: 'Espresso', category: 'Coffee', priceMinor: 250, currency: 'EUR', kitchenStation: 'bar' },
  { id: 'water', name: 'Water', category: 'Drinks', priceMinor: 200, currency: 'EUR' },
] as CatalogItem[];

const line = (itemId: string, extra: Partial<OrderLineView> = {}): OrderLineView =>
  ({ lineId: `line-${itemId}`, itemId, ...extra }) as OrderLineView;

function memorySettings() {
  const values = new Map<string, string>();
  return { values, getSetting: (k: string) => values.get(k), setSetting: (k: string, v: string) => void values.set(k, v) };
}

describe('kitchen routing', () => {
  it('defaults to the catalog: its stations, nothing overridden, channel orders fired', () => {
    expect(defaultRouting(catalog)).toEqual({ stations: ['bar', 'grill'], byCategory: {}, byItem: {}, fireChannelOrders: true });
  });

  it('routes by item, then category, then the station the line or the catalog names; null means the counter', () => {
    const routing: KitchenRouting = {
      stations: ['bar', 'grill', 'cold'],
      byCategory: { Kitchen: 'cold', Coffee: null },
      byItem: { burger: 'grill' },
      fireChannelOrders: true,
    };
    const route = createLineRouter(routing, catalog);
    expect(route(line('burger'))).toBe('grill');
    expect(route(line('salad'))).toBe('cold');
    expect(route(line('espresso', { kitchenStation: 'bar' }))).toBeUndefined();
    expect(route(line('water'))).toBeUndefined();
    // A web line without a station finds it through this station's catalog.
    expect(createLineRouter(defaultRouting(catalog), catalog)(line('burger'))).toBe('grill');
    expect(createLineRouter(defaultRouting(catalog), catalog)(line('unknown-item'))).toBeUndefined();
  });

  it('refuses routing to a station that is not listed, and duplicate stations', () => {
    expect(
      KitchenRouting.safeParse({ stations: ['bar'], byCategory: { Kitchen: 'grill' }, byItem: {}, fireChannelOrders: true }).success,
    ).toBe(false);
    expect(KitchenRouting.safeParse({ stations: ['bar', 'bar'], byCategory: {}, byItem: {}, fireChannelOrders: true }).success).toBe(false);
    expect(KitchenRouting.safeParse({ stations: ['Grill!'], byCategory: {}, byItem: {}, fireChannelOrders: true }).success).toBe(false);
  });

  it('persists in the settings and falls back to the defaults when the stored value is broken', () => {
    const settings = memorySettings();
    const routing: KitchenRouting = { stations: ['grill'], byCategory: {}, byItem: { salad: 'grill' }, fireChannelOrders: false };
    saveRouting(settings, routing);
    expect(loadRouting(settings, catalog, silentLogger)).toEqual(routing);
    settings.values.set(KITCHEN_ROUTING_KEY, '{"stations": 3}');
    expect(loadRouting(settings, catalog, silentLogger)).toEqual(defaultRouting(catalog));
    settings.values.set(KITCHEN_ROUTING_KEY, 'not json');
    expect(loadRouting(settings, catalog, silentLogger)).toEqual(defaultRouting(catalog));
  });

  it('shows every catalog item with the station its lines go to now', () => {
    const view = routingView({ stations: ['bar', 'grill'], byCategory: { Drinks: 'bar' }, byItem: {}, fireChannelOrders: true }, catalog);
    expect(view.categories).toEqual([
      { name: 'Kitchen', station: null },
      { name: 'Coffee', station: null },
      { name: 'Drinks', station: 'bar' },
    ]);
    expect(view.items.map((i) => [i.id, i.station])).toEqual([
      ['burger', 'grill'],
      ['salad', null],
      ['espresso', 'bar'],
      ['water', 'bar'],
    ]);
  });
});

describe('firing with routing', () => {
  it('groups unfired lines by routed station and skips lines already on a ticket', () => {
    const route = createLineRouter({ stations: ['grill', 'bar'], byCategory: {}, byItem: {}, fireChannelOrders: true }, catalog);
    let n = 0;
    const events = ticketsToFire(
      [line('burger'), line('espresso'), line('water'), line('salad', { ticketId: 't' }), { ...line('burger'), lineId: 'line-2' }],
      () => `id-${++n}`,
      route,
    );
    expect(events.map((e) => e.payload)).toEqual([
      { ticketId: 'id-1', station: 'grill', lineIds: ['line-burger', 'line-2'] },
      { ticketId: 'id-2', station: 'bar', lineIds: ['line-espresso'] },
    ]);
  });

  it('derives the same valid UUIDv7 on every station for the same ticket, and different ones otherwise', () => {
    const at = Date.UTC(2026, 0, 15, 12);
    const id = deterministicTicketId('order-1', 'grill', ['a', 'b'], at);
    expect(id).toMatch(UUID_V7_PATTERN);
    expect(deterministicTicketId('order-1', 'grill', ['a', 'b'], at)).toBe(id);
    expect(
      new Set([
        id,
        deterministicTicketId('order-1', 'bar', ['a', 'b'], at),
        deterministicTicketId('order-2', 'grill', ['a', 'b'], at),
        deterministicTicketId('order-1', 'grill', ['a'], at),
      ]).size,
    ).toBe(4);
    expect(id.slice(0, 13).replace('-', '')).toBe(at.toString(16).padStart(12, '0'));
  });
});
