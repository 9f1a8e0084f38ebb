import { describe, expect, it } from 'vitest';
import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import { ManualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/logger.js';
import { foldOrder } from '../../../shared/order-fold.js';
import { Scenario } from '../../../shared/scenario.js';
import type { LocalCommit } from '../store/commit-notice.js';
import { createOrderPeripherals } from './order-peripherals.js';

type KitchenDoc = Parameters<DeviceManager['printKitchen']>[0];

/** The device manager as the peripherals use it: kitchen documents are recorded, the rest is inert. */
function fakeDevices() {
  const kitchen: KitchenDoc[] = [];
  const devices = {
    printKitchen: (doc: KitchenDoc) => (kitchen.push(doc), { jobs: [], errors: [] }),
    printReceipt: () => ({ id: 'receipt-job' }),
    openDrawer: () => Promise.resolve({ id: 'kick', state: 'sent' }),
    display: () => undefined,
  } as unknown as DeviceManager;
  return { devices, kitchen };
}

/**
 * A real folded order: a croissant the catalog sent nowhere but routing fired to "pastry", and an
 * espresso the line itself names "bar" but routing fired to "pass" (a web order's espresso is not
 * fired). Answered as the local commit that paid (or placed) and fired it.
 */
function order(channel: 'counter' | 'web' = 'counter'): LocalCommit {
  const sc = new Scenario();
  sc.open('till', { channel, ticketNumber: 7 });
  const croissant = sc.line('till', { name: 'Croissant', priceMinor: 220, quantity: 2 }).payload.lineId;
  const espresso = sc.line('till', { name: 'Espresso', priceMinor: 250, station: 'bar' }).payload.lineId;
  const from = sc.events.length;
  if (channel === 'counter') sc.cash('till', 690);
  else sc.place('till');
  sc.fire('till', 'pastry', [croissant], { ticketId: TICKET });
  if (channel === 'counter') sc.fire('till', 'pass', [espresso]);
  return { source: 'local', order: foldOrder(sc.events)!, events: sc.events.slice(from) };
}
const TICKET = '0190b1e2-0000-7000-8000-000000000001';

describe('kitchen printouts', () => {
  const context = (devices: DeviceManager) => ({
    devices,
    store: { name: 'Test', addressLines: [] },
    stationId: 's1',
    clock: new ManualClock(0),
    logger: silentLogger,
    hasKitchenRoutes: true,
  });

  it('print each line under the station its ticket went to, not the one the line names, one ticket at a time', () => {
    const { devices, kitchen } = fakeDevices();
    createOrderPeripherals(context(devices)).committed(order());
    expect(kitchen).toHaveLength(2);
    expect(kitchen).toMatchObject([
      { ticketNumber: '7', items: [{ name: 'Croissant', quantity: 2, station: 'pastry' }] },
      { ticketNumber: '7', items: [{ name: 'Espresso', quantity: 1, station: 'pass' }] },
    ]);
  });

  it('code channel tickets with a letter so web #7 is not mistaken for counter #7', () => {
    const { devices, kitchen } = fakeDevices();
    createOrderPeripherals(context(devices)).committed(order('web'));
    expect(kitchen.map((d) => [d.ticketNumber, d.items.map((i) => i.station)])).toEqual([['W-7', ['pastry']]]);
  });
});
