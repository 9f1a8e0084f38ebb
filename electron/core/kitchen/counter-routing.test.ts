import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

/**
 * Counter sales follow kitchen routing like channel orders: the station the routing names is recorded
 * on the line when it is rung up, so the ticket fired by the payment lands there, on the kitchen
 * screens and on the printer routed to that station. Real station core, virtual devices.
 */
describe('kitchen routing for counter sales', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  const pushes: { name: string; payload: unknown }[] = [];

  beforeEach(async () => {
    dir = tempDir('counter-routing');
    pushes.length = 0;
    station = await startTestStation(dir.path, {
      stationId: 'station-routing',
      devices: {
        printers: [
          { id: 'receipt', transport: { kind: 'virtual' }, profile: 'epson-tm-t88', drawer: { id: 'drawer', pin: 2 } },
          { id: 'pass', transport: { kind: 'virtual' }, profile: 'epson-tm-t88' },
        ],
        routing: { receipt: { printer: 'receipt' }, kitchen: { pastry: { printer: 'pass' } }, kitchenDefault: { printer: 'receipt' } },
        displays: [{ id: 'pole', transport: { kind: 'virtual' }, dialect: 'epson-dmd' }],
      },
    });
    station.onPush((name, payload) => pushes.push({ name, payload }));
  });
  afterEach(async () => {
    await station.stop();
    dir.remove();
  });

  const call = async <T>(role: 'cashier' | 'kitchen', command: string, args: unknown): Promise<T> => {
    const result = await station.dispatch(role, command, args, `req-${command}-${Math.random()}`);
    if (!result.ok) throw new Error(`${command}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };

  it('a croissant routed to the pastry station is fired there on payment and printed on the pastry printer', async () => {
    const current = await call<KitchenRoutingView>('cashier', 'kitchen.routing', {});
    const routing = { ...current.routing, byCategory: { ...current.routing.byCategory, Bakery: 'pastry' } };
    await call('cashier', 'kitchen.setRouting', { routing });
    // Kitchen screens hear of it without reconnecting.
    const pushed = pushes.find((p) => p.name === 'kitchen.routingChanged')?.payload as KitchenRoutingView | undefined;
    expect(pushed?.routing.byCategory).toMatchObject({ Bakery: 'pastry' });
    expect(pushed?.items.find((i) => i.id === 'croissant')?.station).toBe('pastry');

    const order = await call<OrderView>('cashier', 'order.addLine', { orderType: 'takeout', itemId: 'croissant', quantity: 2 });
    await call('cashier', 'order.addLine', { orderId: order.id, orderType: 'takeout', itemId: 'espresso', quantity: 1 });
    const paid = await call<{ order: OrderView }>('cashier', 'order.payCash', { orderId: order.id, tenderedMinor: 1000 });

    const byStation = Object.fromEntries(
      paid.order.tickets.map((t) => [t.station, t.lineIds.map((id) => paid.order.lines.find((l) => l.lineId === id)?.name)]),
    );
    expect(byStation).toEqual({ pastry: ['Croissant'], bar: ['Espresso'] });

    const pass = station.devices.virtualPrinter('pass')!;
    await expect.poll(() => pass.documents().length, { timeout: 5000 }).toBe(1);
    const printed = pass.documents()[0]!.lines.join('\n');
    expect(printed).toContain('Croissant');
    expect(printed).not.toContain('Espresso');
    expect(printed).toContain(`#${order.ticketNumber}`);
  });

  it('an item routed to nobody is handed over at the counter: no ticket, nothing printed for it', async () => {
    const current = await call<KitchenRoutingView>('cashier', 'kitchen.routing', {});
    await call('cashier', 'kitchen.setRouting', { routing: { ...current.routing, byItem: { espresso: null } } });
    const order = await call<OrderView>('cashier', 'order.addLine', { orderType: 'takeout', itemId: 'espresso', quantity: 1 });
    const paid = await call<{ order: OrderView }>('cashier', 'order.payCash', { orderId: order.id, tenderedMinor: 500 });
    expect(paid.order.tickets).toEqual([]);
    expect(paid.order.lines[0]?.kitchenStation).toBeUndefined();
  });

  it('the pole display returns to the welcome text when the order it shows is cancelled', async () => {
    const pole = station.devices.virtualDisplay('pole')!;
    const order = await call<OrderView>('cashier', 'order.addLine', { orderType: 'takeout', itemId: 'croissant', quantity: 1 });
    await expect.poll(() => pole.screen()[0], { timeout: 5000 }).toContain('Croissant');
    await call('cashier', 'order.cancel', { orderId: order.id, reason: 'customer left' });
    await expect.poll(() => pole.screen().join(' '), { timeout: 5000 }).not.toContain('Croissant');
    expect(pole.screen()[1]).toContain('Welcome!');
  });
});
