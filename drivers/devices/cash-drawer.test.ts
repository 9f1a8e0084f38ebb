import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { PRINTER_PROFILES } from '../escpos/printer-profile.js';
import { until } from '../testing/until.js';
import { type MemoryTransport } from '../transport/memory-transport.js';
import { CashDrawer } from './cash-drawer.js';
import { MemoryDrawerKickLog } from './drawer-kick-log.js';
import { PrinterDevice } from './printer-device.js';
import { VirtualReceiptPrinter } from './virtual-printer.js';

const FAST = { heartbeatMs: 20, statusTimeoutMs: 40, backoff: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 } } as const;
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function setup(transport: VirtualReceiptPrinter | MemoryTransport = new VirtualReceiptPrinter()) {
  const printer = new PrinterDevice({ id: 'counter', transport, profile: PRINTER_PROFILES['epson-tm-t88'], ...FAST });
  stops.push(() => printer.stop());
  const log = new MemoryDrawerKickLog();
  let n = 0;
  const clock = new ManualClock(1_000);
  const drawer = new CashDrawer({ id: 'drawer-1', printer, log, pin: 5, onMs: 100, offMs: 200, clock, newId: () => `kick-${++n}` });
  return { printer, log, drawer, clock };
}

describe('CashDrawer', () => {
  it('opens through the printer on the configured pin and records the order and shift', async () => {
    const virtual = new VirtualReceiptPrinter();
    const kicks: unknown[] = [];
    virtual.onDrawerKick((kick) => kicks.push(kick));
    const { printer, drawer, log } = setup(virtual);
    printer.start();
    await printer.whenState((s) => s === 'ready');
    const record = await drawer.open({ orderId: 'order-1', shiftId: 'shift-7', reason: 'sale', requestedBy: 'cashier-3' });
    expect(record).toMatchObject({
      id: 'kick-1',
      state: 'sent',
      method: 'esc-p',
      orderId: 'order-1',
      shiftId: 'shift-7',
      printerId: 'counter',
    });
    expect(kicks).toEqual([{ pin: 1, onMs: 100, offMs: 200 }]);
    expect(log.list()).toEqual([record]);
  });

  it('records a failed kick and never sends it later, even when the printer comes back', async () => {
    const virtual = new VirtualReceiptPrinter();
    const kicks: unknown[] = [];
    virtual.onDrawerKick((kick) => kicks.push(kick));
    const { printer, drawer, log } = setup(virtual);
    const record = await drawer.open({ orderId: 'order-2', reason: 'sale' });
    expect(record).toMatchObject({ state: 'failed', error: expect.stringContaining('not opened') });
    printer.start();
    await printer.whenState((s) => s === 'ready');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(kicks).toEqual([]);
    expect(log.list({ orderId: 'order-2' })).toHaveLength(1);
  });

  it('marks kicks interrupted by a restart as unknown instead of replaying them', () => {
    const log = new MemoryDrawerKickLog();
    log.insert({
      id: 'k',
      drawerId: 'd',
      printerId: 'p',
      orderId: 'o',
      shiftId: null,
      reason: 'sale',
      requestedBy: null,
      state: 'requested',
      method: null,
      error: null,
      requestedAt: 1,
      completedAt: null,
    });
    expect(log.markUnfinishedUnknown(5)).toBe(1);
    expect(log.list()[0]).toMatchObject({ state: 'unknown', completedAt: 5 });
    expect(log.markUnfinishedUnknown(6)).toBe(0);
  });

  it('reads the drawer sensor through the printer status', async () => {
    const virtual = new VirtualReceiptPrinter({ condition: { drawerPinHigh: true } });
    const { printer, drawer } = setup(virtual);
    expect(drawer.sensor()).toBe('unknown');
    printer.start();
    await until(() => drawer.sensor() === 'open');
    virtual.setCondition({ drawerPinHigh: false });
    await until(() => drawer.sensor() === 'closed');
  });
});
