import { MockBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDrawerKickLog } from '../devices/drawer-kick-log.js';
import { REPRINT_BANNER } from '../escpos/receipt-encoder.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { MemoryPrintJobStore } from '../queue/memory-print-job-store.js';
import { FakeUsb, FakeUsbPrinter } from '../testing/fake-usb.js';
import { attachModelToFakeUsb, simulatedSerialBus } from '../testing/printer-simulator.js';
import { encodePng } from '../testing/png.js';
import { until } from '../testing/until.js';
import { EscPosPrinterModel } from '../virtual/escpos-printer-model.js';
import { DeviceManager, DeviceSettingsError, type DeviceManagerOptions } from './device-manager.js';
import { VIRTUAL_DEVICE_SETTINGS, type DeviceSettings } from './device-settings.js';
import type { DeviceStatus } from './device-status.js';

const TIMING = {
  heartbeatMs: 20,
  statusTimeoutMs: 200,
  confirmTimeoutMs: 500,
  backoff: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 },
};
const managers: DeviceManager[] = [];

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
  MockBinding.reset();
});

function manager(settings: DeviceSettings, extra: Partial<DeviceManagerOptions> = {}): DeviceManager {
  const m = new DeviceManager({
    settings,
    jobStore: new MemoryPrintJobStore(),
    kickLog: new MemoryDrawerKickLog(),
    timing: TIMING,
    serialBinding: MockBinding,
    ...extra,
  });
  managers.push(m);
  return m;
}

const byId = (m: DeviceManager, id: string): DeviceStatus | undefined => m.list().find((d) => d.id === id);

describe('DeviceManager with virtual devices (what npm start uses)', () => {
  it('lists every device as simulated and brings them up', async () => {
    const m = manager(VIRTUAL_DEVICE_SETTINGS);
    await m.start();
    await until(() => m.list().every((d) => d.state === 'ready'));
    expect(m.list().map((d) => [d.id, d.kind, d.simulated, d.actions[0]])).toEqual([
      ['receipt', 'printer', true, 'test-print'],
      ['drawer', 'drawer', true, 'open-drawer'],
      ['scanner', 'scanner', true, 'await-scan'],
      ['display', 'display', true, 'show-on-display'],
    ]);
    expect(byId(m, 'drawer')).toMatchObject({ sensor: 'closed', printerId: 'receipt', connection: 'virtual (simulated)' });
  });

  it('prints a receipt once per order, kitchen tickets per station, opens the drawer, updates the display, and takes scans', async () => {
    const m = manager(VIRTUAL_DEVICE_SETTINGS);
    await m.start();
    await until(() => m.list().every((d) => d.state === 'ready'));
    const job = m.printReceipt(testPageReceipt({ orderLabel: 'Order #5' }), { orderId: 'o5' });
    expect(m.printReceipt(testPageReceipt({ orderLabel: 'Order #5' }), { orderId: 'o5' }).id).toBe(job.id);
    const kitchen = m.printKitchen(
      {
        ticketNumber: '5',
        orderType: 'Takeout',
        timestamp: '12:00',
        items: [
          { quantity: 1, name: 'Burger', station: 'grill' },
          { quantity: 2, name: 'Cola', station: 'bar' },
        ],
      },
      { orderId: 'o5' },
    );
    expect(kitchen.errors).toEqual([]);
    expect(kitchen.jobs.map((j) => j.idempotencyKey)).toEqual(['kitchen:o5:grill', 'kitchen:o5:bar']);
    await until(() => m.queue.jobs({ states: ['done'] }).length === 3);
    const virtual = m.virtualPrinter()!;
    expect(virtual.documents()).toHaveLength(3);
    expect(virtual.lastDocumentHtml()).toContain('BAR');

    const kick = await m.openDrawer({ orderId: 'o5', shiftId: 's1', reason: 'sale' });
    expect(kick).toMatchObject({ state: 'sent', orderId: 'o5', shiftId: 's1', drawerId: 'drawer' });

    await m.display()!.showLineAndTotal({ name: 'Burger', amountMinor: 900, totalMinor: 1150, currency: 'EUR' });
    expect(m.virtualDisplay()!.screen()).toEqual(['Burger          9.00', 'TOTAL      11.50 EUR']);

    const scans: string[] = [];
    m.onScan((scan) => scans.push(scan.code));
    expect(m.virtualScan('5901234123457')).toBe(true);
    expect(scans).toEqual(['5901234123457']);
  });

  it('runs each device test action', async () => {
    const m = manager(VIRTUAL_DEVICE_SETTINGS);
    await m.start();
    await until(() => m.list().every((d) => d.state === 'ready'));
    const print = await m.test('receipt');
    expect(print).toMatchObject({ ok: true, message: 'Test page printed', job: { kind: 'test', state: 'done' } });
    expect(m.virtualPrinter()!.lastDocument()?.lines).toContain('Printer test: accents àéîõü and €');
    expect(await m.test('drawer')).toMatchObject({ ok: true, kick: { reason: 'test', state: 'sent' } });
    expect(await m.test('display')).toMatchObject({ ok: true });
    expect(m.virtualDisplay()!.screen()[0]).toBe('** DISPLAY TEST **  ');
    setTimeout(() => m.virtualScan('4006381333932'), 10);
    expect(await m.test('scanner', { timeoutMs: 1_000 })).toMatchObject({ ok: true, message: expect.stringContaining('check digit') });
    expect(await m.test('scanner', { timeoutMs: 20 })).toMatchObject({ ok: false });
    await expect(m.test('nope')).rejects.toThrow(DeviceSettingsError);
  });

  it('pushes a status change when a printer runs out of paper, not on every unchanged heartbeat', async () => {
    const m = manager(VIRTUAL_DEVICE_SETTINGS);
    const changes: DeviceStatus[] = [];
    m.onChange((status) => changes.push(status));
    await m.start();
    await until(() => byId(m, 'receipt')?.state === 'ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const readyPushes = changes.filter((c) => c.id === 'receipt' && c.state === 'ready').length;
    expect(readyPushes).toBe(1);
    m.virtualPrinter()!.setCondition({ paper: 'out' });
    await until(() => changes.some((c) => c.id === 'receipt' && c.state === 'paper-out'));
    expect(changes.some((c) => c.id === 'drawer' && c.state === 'paper-out')).toBe(true);
  });

  it('prints the configured logo on receipts that ask for it', async () => {
    const logoPng = encodePng(64, 40, (x) => (x < 32 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const settings: DeviceSettings = { ...VIRTUAL_DEVICE_SETTINGS, printers: [{ ...VIRTUAL_DEVICE_SETTINGS.printers[0]!, logoPng }] };
    const m = manager(settings);
    await m.start();
    m.printReceipt(testPageReceipt({ showLogo: true }), { orderId: 'logo' });
    await until(() => m.virtualPrinter()!.documents().length === 1);
    expect(m.virtualPrinter()!.lastDocument()?.lines[0]).toBe('[IMAGE 64x40]');
  });

  it('refuses duplicate ids and routes to printers that do not exist', () => {
    expect(() => manager({ ...VIRTUAL_DEVICE_SETTINGS, scanners: [{ id: 'receipt', transport: { kind: 'virtual' } }] })).toThrow(
      /used twice/,
    );
    expect(() => manager({ ...VIRTUAL_DEVICE_SETTINGS, routing: { receipt: { printer: 'ghost' } } })).toThrow(
      /"ghost", which is not configured/,
    );
  });
});

describe('DeviceManager with serial hardware (binding-mock) and USB (fake usb v3)', () => {
  const settings: DeviceSettings = {
    printers: [
      { id: 'counter', transport: { kind: 'serial', path: '/dev/ttyPRN', baudRate: 38400 }, profile: 'epson-tm-t88', drawer: { pin: 5 } },
      { id: 'kitchen', transport: { kind: 'usb', vendorId: 0x04b8, productId: 0x0e15 }, profile: 'epson-tm-t20' },
    ],
    routing: { receipt: { printer: 'counter' }, kitchenDefault: { printer: 'kitchen', fallback: 'counter' } },
    scanners: [{ id: 'scanner', transport: { kind: 'serial', path: '/dev/ttySCAN', baudRate: 9600 }, suffix: 'crlf' }],
    displays: [{ id: 'pole', transport: { kind: 'serial', path: '/dev/ttyPOLE', baudRate: 9600 }, dialect: 'cd5220' }],
    hotplugPollMs: 60_000,
  };

  function hardware() {
    for (const [path, vendorId] of [
      ['/dev/ttyPRN', '04b8'],
      ['/dev/ttySCAN', '0c2e'],
      ['/dev/ttyPOLE', '067b'],
    ] as const) {
      MockBinding.createPort(path, { record: true, vendorId, productId: '0001' });
    }
    const counterModel = new EscPosPrinterModel();
    const bus = simulatedSerialBus(MockBinding, { '/dev/ttyPRN': counterModel });
    for (const path of ['/dev/ttyPRN', '/dev/ttySCAN', '/dev/ttyPOLE']) bus.present.add(path);
    const usb = new FakeUsb();
    const kitchenUsb = new FakeUsbPrinter({ kernelDriverActive: true });
    const kitchenModel = new EscPosPrinterModel();
    attachModelToFakeUsb(kitchenUsb, kitchenModel);
    usb.plug(kitchenUsb);
    usb.plug(new FakeUsbPrinter({ vendorId: 0x046d, productId: 0xc31c, notAPrinter: true, productName: 'Keyboard' }));
    return { bus, usb, kitchenUsb, counterModel, kitchenModel };
  }

  it('prints, kicks, displays and scans through the real transport code paths', async () => {
    const { bus, usb, counterModel, kitchenModel } = hardware();
    const m = manager(settings, { serialBinding: bus.binding, usb });
    const docs: string[][] = [];
    counterModel.onDocument((d) => docs.push(d.lines));
    const kitchenDocs: string[][] = [];
    kitchenModel.onDocument((d) => kitchenDocs.push(d.lines));
    const kicks: unknown[] = [];
    counterModel.onDrawerKick((k) => kicks.push(k));
    await m.start();
    await until(() => m.list().every((d) => d.state === 'ready'), 3_000);
    expect(byId(m, 'kitchen')).toMatchObject({ simulated: false, connection: 'USB 04b8:0e15' });

    m.printReceipt(testPageReceipt({ orderLabel: 'Order #1' }), { orderId: 'o1' });
    m.printKitchen(
      { ticketNumber: '1', orderType: 'Takeout', timestamp: '12:00', items: [{ quantity: 1, name: 'Soup', station: 'Hot' }] },
      { orderId: 'o1' },
    );
    await until(() => m.queue.jobs({ states: ['done'] }).length === 2, 3_000);
    expect(docs).toHaveLength(1);
    expect(kitchenDocs[0]?.[0]?.trim()).toBe('HOT');

    expect(await m.openDrawer({ orderId: 'o1', reason: 'sale' })).toMatchObject({ state: 'sent', method: 'esc-p' });
    expect(kicks).toEqual([{ pin: 1, onMs: 50, offMs: 500, realtime: false }]);

    await m.display('pole')!.showChange({ paidMinor: 2000, changeMinor: 500, currency: 'EUR' });
    const poleBytes = bus.port('/dev/ttyPOLE')!.recording.toString('latin1');
    expect(poleBytes).toContain('\x1bQAPAID           20.00\r');

    const scans: string[] = [];
    m.onScan((s) => scans.push(s.code));
    bus.port('/dev/ttySCAN')!.emitData('59012341');
    bus.port('/dev/ttySCAN')!.emitData('23457\r\n');
    await until(() => scans.length === 1);
    expect(scans).toEqual(['5901234123457']);
  });

  it('notices a serial adapter unplugged while idle, and reconnects when it is plugged back in', async () => {
    const { bus, usb } = hardware();
    const m = manager(settings, {
      serialBinding: bus.binding,
      usb,
      timing: { ...TIMING, backoff: { initialMs: 5_000, maxMs: 5_000, factor: 1, jitter: 0 } },
    });
    await m.start();
    await until(() => byId(m, 'scanner')?.state === 'ready' && byId(m, 'counter')?.state === 'ready', 3_000);
    await m.pollSerialHotplug();
    bus.present.delete('/dev/ttySCAN');
    await m.pollSerialHotplug();
    expect(byId(m, 'scanner')).toMatchObject({
      state: 'backoff',
      problem: { kind: 'unplugged', message: expect.stringContaining('/dev/ttySCAN disappeared') },
    });
    bus.present.add('/dev/ttySCAN');
    await m.pollSerialHotplug();
    await until(() => byId(m, 'scanner')?.state === 'ready', 1_000);
  });

  it('reconnects a USB printer on the connect event, and reprints an interrupted ticket once', async () => {
    const { bus, usb, kitchenUsb, kitchenModel } = hardware();
    const m = manager(settings, {
      serialBinding: bus.binding,
      usb,
      timing: { ...TIMING, backoff: { initialMs: 5_000, maxMs: 5_000, factor: 1, jitter: 0 } },
    });
    const kitchenDocs: string[][] = [];
    kitchenModel.onDocument((d) => kitchenDocs.push(d.lines));
    await m.start();
    await until(() => byId(m, 'kitchen')?.state === 'ready', 3_000);
    kitchenUsb.onWrite = (bytes) => {
      if (bytes.length > 100) {
        kitchenModel.reset();
        usb.unplug(kitchenUsb);
      } else kitchenModel.receive(bytes);
    };
    const { jobs } = m.printKitchen(
      { ticketNumber: '9', orderType: 'Dine in', timestamp: '13:00', items: [{ quantity: 1, name: 'Pasta' }] },
      { orderId: 'o9' },
    );
    await until(() => byId(m, 'kitchen')?.state === 'backoff');
    kitchenUsb.onWrite = (bytes) => kitchenModel.receive(bytes);
    usb.plug(kitchenUsb);
    await until(() => m.queue.jobs({ states: ['done'] }).length === 1, 3_000);
    expect(m.queue.get(jobs[0]!.id)?.state).toBe('failed');
    expect(kitchenDocs).toHaveLength(1);
    expect(kitchenDocs[0]?.[0]).toBe(REPRINT_BANNER);
  });

  it('discovers serial ports and USB printers (not other USB devices)', async () => {
    const { bus, usb } = hardware();
    const m = manager(settings, { serialBinding: bus.binding, usb });
    const found = await m.discover();
    expect(found.errors).toEqual([]);
    expect(found.devices.map((d) => [d.kind, d.label])).toEqual([
      ['serial-port', '/dev/ttyPRN The J5 Robotics Company (04b8:0001)'],
      ['serial-port', '/dev/ttySCAN The J5 Robotics Company (0c2e:0001)'],
      ['serial-port', '/dev/ttyPOLE The J5 Robotics Company (067b:0001)'],
      ['usb-printer', 'USB printer 04b8:0e15 Fake Printers Inc. TM-T20II'],
    ]);
    expect(found.devices[3]?.suggested).toEqual({ kind: 'usb', vendorId: 0x04b8, productId: 0x0e15 });
    usb.getDevicesError = new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)');
    expect((await m.discover()).errors).toEqual(['USB: getDevices error: /sys/bus/usb/devices/ not found (errno 2)']);
  });
});
