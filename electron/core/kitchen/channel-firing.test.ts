import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/catalog.js';
import { silentLogger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { LineRouter } from '../orders/firing.js';
import type { ServiceResult } from '../orders/result.js';
import { openTestStore, openTestStoreData } from '../testing/fixtures.js';
import { startChannelFiring } from './channel-firing.js';
import { KitchenRoutingSettings } from './routing-handlers.js';

const catalog = [
  { id: 'burger', name: 'Burger', category: 'Kitchen', priceMinor: 1190, currency: 'EUR', kitchenStation: 'grill' },
  { id: 'water', name: 'Water', category: 'Drinks', priceMinor: 200, currency: 'EUR' },
] as CatalogItem[];

const order = (id: string, extra: Partial<OrderView> = {}): OrderView =>
  ({ id, channel: 'web', status: 'placed', tickets: [], lines: [{ lineId: `${id}-l1`, itemId: 'burger' }], ...extra }) as OrderView;

function harness(active: OrderView[] = []) {
  const listeners = new Set<(o: OrderView) => void>();
  const fired: { orderId: string; stations: (string | undefined)[] }[] = [];
  const queue: (() => void)[] = [];
  const routing = new KitchenRoutingSettings(openTestStoreData(openTestStore(':memory:')), catalog, silentLogger);
  const kitchen = {
    fireRouted: (orderId: string, route: LineRouter): ServiceResult<OrderView> => {
      const o = active.find((x) => x.id === orderId) ?? order(orderId);
      fired.push({ orderId, stations: o.lines.map(route) });
      return { ok: true, value: { ...o, tickets: [...o.tickets, { ticketId: `${orderId}-t1` } as OrderView['tickets'][number]] } };
    },
  };
  const stop = startChannelFiring({
    onOrderChanged: (l) => (listeners.add(l), () => listeners.delete(l)),
    listActive: () => active,
    kitchen,
    routing,
    logger: silentLogger,
    defer: (run) => queue.push(run),
  });
  const flush = () => queue.splice(0).forEach((run) => run());
  const change = (o: OrderView) => listeners.forEach((l) => l(o));
  return { fired, flush, change, routing, stop };
}

describe('channel orders go to the kitchen', () => {
  it('fires a placed web order once, with its lines routed through the catalog', () => {
    const h = harness();
    h.change(order('o1'));
    h.change(order('o1'));
    h.flush();
    expect(h.fired).toEqual([{ orderId: 'o1', stations: ['grill'] }]);
  });

  it('leaves counter orders, open drafts, orders already fired and counter-only lines alone', () => {
    const h = harness();
    h.change(order('counter', { channel: 'counter' }));
    h.change(order('draft', { status: 'open' }));
    h.change(order('done', { lines: [{ lineId: 'x', itemId: 'burger', ticketId: 't' }] as OrderView['lines'] }));
    h.change(order('drinks', { lines: [{ lineId: 'y', itemId: 'water' }] as OrderView['lines'] }));
    h.flush();
    expect(h.fired).toEqual([]);
  });

  it('fires orders already on the station at start, and none while switched off', () => {
    const waiting = order('pulled-before-restart');
    const h = harness([waiting]);
    h.flush();
    expect(h.fired.map((f) => f.orderId)).toEqual(['pulled-before-restart']);

    const off = harness([]);
    off.routing.replace({ ...off.routing.current, fireChannelOrders: false });
    off.change(order('o2'));
    off.flush();
    expect(off.fired).toEqual([]);
    off.stop();
  });
});
