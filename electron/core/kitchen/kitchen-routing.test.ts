import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { CurrentNewEvent } from '../../../shared/events.js';
import { KitchenRouting } from '../../../shared/ipc/commands/kitchen.js';
import { UUID_V7_PATTERN } from '../../../shared/ids.js';
import { silentLogger } from '../../../shared/logger.js';
import type { OrderLineView } from '../../../shared/order-view.js';
import { ticketIdFor } from '../../../shared/ticket-id.js';
import { ticketsToFire } from '../orders/firing.js';
import { openTestStore, openTestStoreData } from '../testing/fixtures.js';
import { createLineRouter, defaultRouting, LEGACY_ROUTING_KEY, legacyRouting, routingView } from './kitchen-routing.js';
import { KitchenRoutingSettings } from './routing-handlers.js';

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

  it('reads the routing a station kept in its settings before it was store data, and migrates nothing broken', () => {
    const settings = memorySettings();
    expect(legacyRouting(settings, silentLogger)).toBeUndefined();
    const routing: KitchenRouting = { stations: ['grill'], byCategory: {}, byItem: { salad: 'grill' }, fireChannelOrders: false };
    settings.values.set(LEGACY_ROUTING_KEY, JSON.stringify(routing));
    expect(legacyRouting(settings, silentLogger)).toEqual(routing);
    settings.values.set(LEGACY_ROUTING_KEY, '{"stations": 3}');
    expect(legacyRouting(settings, silentLogger)).toBeUndefined();
    settings.values.set(LEGACY_ROUTING_KEY, 'not json');
    expect(legacyRouting(settings, silentLogger)).toBeUndefined();
  });

  it('follows the store routing document: the defaults without one, the old settings migrated once, remote wins at once', () => {
    const opened = openTestStore(':memory:', 'station-a');
    opened.clock.set(1_700_000_000_000);
    const data = openTestStoreData(opened);
    // No document and nothing to migrate: the catalog defaults, and no document written (defaults are not data).
    const fresh = new KitchenRoutingSettings(data, catalog, silentLogger, memorySettings());
    expect(fresh.current).toEqual(defaultRouting(catalog));
    expect(data.documents()).toEqual([]);

    // An upgraded station: its settings become the store's first routing document, authored by it, to be pushed.
    const settings = memorySettings();
    const kept: KitchenRouting = { stations: ['grill'], byCategory: {}, byItem: { salad: 'grill' }, fireChannelOrders: true };
    settings.values.set(LEGACY_ROUTING_KEY, JSON.stringify(kept));
    const upgraded = new KitchenRoutingSettings(data, catalog, silentLogger, settings);
    expect(upgraded.current).toEqual(kept);
    expect(upgraded.document).toMatchObject({ kind: 'kitchen-routing', version: 1, author: 'station-a', body: kept });
    expect(data.pending().map((d) => d.kind)).toEqual(['kitchen-routing']);
    // Migrated once: a later start with other settings follows the document, not the settings.
    settings.values.set(LEGACY_ROUTING_KEY, JSON.stringify({ ...kept, fireChannelOrders: false }));
    expect(new KitchenRoutingSettings(data, catalog, silentLogger, settings).current).toEqual(kept);

    // A newer document from elsewhere wins and is followed at once; a broken one is kept out.
    const heard: KitchenRouting[] = [];
    upgraded.onChange((r) => heard.push(r));
    const remote: KitchenRouting = { stations: ['bar'], byCategory: { Kitchen: 'bar' }, byItem: {}, fireChannelOrders: true };
    const stamp = { hlc: '001700000001000-00000', author: 'station-b' };
    expect(data.applyRemote({ kind: 'kitchen-routing', version: 2, ...stamp, body: remote }, 'peer:station-b')).toBe('won');
    expect(upgraded.current).toEqual(remote);
    expect(upgraded.stationFor(catalog[1]!)).toBe('bar');
    expect(heard).toEqual([remote]);
    const broken = { kind: 'kitchen-routing', version: 3, hlc: '001700000002000-00000', author: 'station-c', body: { stations: 'bar' } };
    expect(data.applyRemote(broken, 'server')).toBe('rejected');
    expect(upgraded.current).toEqual(remote);
    expect(data.rejects()).toEqual([
      expect.objectContaining({
        kind: 'kitchen-routing',
        author: 'station-c',
        source: 'server',
        reason: expect.stringContaining('stations') as unknown,
      }),
    ]);

    // An edit here replaces it for the whole store: stamped after the document it replaces.
    const edited = upgraded.replace({ ...remote, fireChannelOrders: false });
    expect(edited.ok).toBe(true);
    expect(upgraded.document).toMatchObject({ version: 3, author: 'station-a' });
    expect(upgraded.document!.hlc > stamp.hlc).toBe(true);
    expect(upgraded.current.fireChannelOrders).toBe(false);
    opened.db.close();
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
  const ORDER = '018bcfe5-6800-7000-8000-000000000001';

  it('groups unfired lines by routed station and skips lines already on a ticket', () => {
    const route = createLineRouter({ stations: ['grill', 'bar'], byCategory: {}, byItem: {}, fireChannelOrders: true }, catalog);
    const lines = [
      line('burger'),
      line('espresso'),
      line('water'),
      line('salad', { ticketId: 't' }),
      { ...line('burger'), lineId: 'line-2' },
    ];
    const events = ticketsToFire({ id: ORDER, lines }, route);
    expect(events.map((e) => e.payload)).toEqual([
      { ticketId: ticketIdFor(ORDER, 'grill', ['line-burger', 'line-2']), station: 'grill', lineIds: ['line-burger', 'line-2'] },
      { ticketId: ticketIdFor(ORDER, 'bar', ['line-espresso']), station: 'bar', lineIds: ['line-espresso'] },
    ]);
  });

  it('names the same tickets on every station for the same round, and new ones for a later round', () => {
    const ticketIds = (events: readonly CurrentNewEvent[]) => events.flatMap((e) => (e.type === 'TicketFired' ? [e.payload.ticketId] : []));
    const lines = [line('burger', { kitchenStation: 'grill' }), line('espresso', { kitchenStation: 'bar' })];
    const first = ticketsToFire({ id: ORDER, lines });
    expect(ticketsToFire({ id: ORDER, lines: lines.map((l) => ({ ...l })) })).toEqual(first);
    expect(ticketIds(first)).toHaveLength(2);
    for (const id of ticketIds(first)) expect(id).toMatch(UUID_V7_PATTERN);
    // The first round is on its tickets; a second burger goes out on a ticket of its own.
    const fired = lines.map((l, i) => ({ ...l, ticketId: `t${i}` }));
    const again = ticketsToFire({
      id: ORDER,
      lines: [...fired, { ...line('burger', { kitchenStation: 'grill' }), lineId: 'line-burger-2' }],
    });
    expect(again.map((e) => e.payload)).toEqual([
      { ticketId: ticketIdFor(ORDER, 'grill', ['line-burger-2']), station: 'grill', lineIds: ['line-burger-2'] },
    ]);
    expect(ticketIds(first)).not.toContain(ticketIds(again)[0]);
  });
});
