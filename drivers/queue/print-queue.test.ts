import { afterEach, describe, expect, it } from 'vitest';
import { PrinterDevice } from '../devices/printer-device.js';
import { VirtualReceiptPrinter } from '../devices/virtual-printer.js';
import type { KitchenTicketDocument } from '../escpos/kitchen-ticket.js';
import { PRINTER_PROFILES, type PrinterProfile } from '../escpos/printer-profile.js';
import { REPRINT_BANNER } from '../escpos/receipt-encoder.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { until } from '../testing/until.js';
import { TransportError } from '../transport/transport.js';
import { MemoryPrintJobStore } from './memory-print-job-store.js';
import type { PrintJob } from './print-job.js';
import { PrintQueue, type QueuePrinter } from './print-queue.js';
import type { PrintRouting } from './print-routing.js';

const FAST = {
  heartbeatMs: 20,
  statusTimeoutMs: 40,
  confirmTimeoutMs: 400,
  backoff: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 },
  random: () => 0.5,
} as const;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  queue: PrintQueue;
  store: MemoryPrintJobStore;
  virtual: Record<string, VirtualReceiptPrinter>;
  devices: Record<string, PrinterDevice>;
}

function rig(
  names: string[] = ['counter'],
  options: {
    routing?: PrintRouting;
    store?: MemoryPrintJobStore;
    profile?: PrinterProfile;
    fallbackAfterMs?: number;
    start?: boolean;
  } = {},
): Rig {
  const store = options.store ?? new MemoryPrintJobStore();
  const virtual: Record<string, VirtualReceiptPrinter> = {};
  const devices: Record<string, PrinterDevice> = {};
  const printers = new Map<string, QueuePrinter>();
  for (const name of names) {
    virtual[name] = new VirtualReceiptPrinter({ id: name });
    devices[name] = new PrinterDevice({
      id: name,
      transport: virtual[name],
      profile: options.profile ?? PRINTER_PROFILES['epson-tm-t88'],
      ...FAST,
    });
    printers.set(name, { device: devices[name] });
  }
  let n = 0;
  const queue = new PrintQueue({
    store,
    printers,
    routing: options.routing ?? { receipt: { printer: names[0] ?? 'counter' } },
    newId: () => `job-${++n}`,
    fallbackAfterMs: options.fallbackAfterMs ?? 100,
  });
  for (const device of Object.values(devices)) device.start();
  if (options.start !== false) queue.start();
  cleanups.push(async () => {
    await queue.stop();
    await Promise.all(Object.values(devices).map((d) => d.stop()));
  });
  return { queue, store, virtual, devices };
}

const printed = (virtual: VirtualReceiptPrinter): string[][] => virtual.documents().map((d) => d.lines);
const orderLabel = (lines: string[]): string | undefined => lines.find((l) => l.startsWith('Order #'))?.split(/ +/)[1];

function ticket(station: string, ticketNumber = '7'): KitchenTicketDocument {
  return {
    kind: 'kitchen',
    ticketNumber,
    orderType: 'Dine in',
    station,
    timestamp: '12:00',
    items: [{ quantity: 1, name: `${station} dish` }],
  };
}

describe('PrintQueue', () => {
  it('prints each job once, in order, one at a time, and ignores a repeated idempotency key', async () => {
    const { queue, virtual } = rig();
    const jobs = [1, 2, 3].map((n) =>
      queue.submit({ idempotencyKey: `receipt:o${n}`, document: testPageReceipt({ orderLabel: `Order #${n}` }), orderId: `o${n}` }),
    );
    expect(queue.submit({ idempotencyKey: 'receipt:o1', document: testPageReceipt({ orderLabel: 'Order #1' }) }).id).toBe(jobs[0]?.id);
    await until(() => queue.jobs({ states: ['done'] }).length === 3);
    expect(printed(virtual.counter!).map(orderLabel)).toEqual(['#1', '#2', '#3']);
    expect(queue.get(jobs[0]!.id)).toMatchObject({
      state: 'done',
      attempts: 1,
      orderId: 'o1',
      printerId: 'counter',
      profileId: 'epson-tm-t88',
    });
  });

  it('records every state a job goes through', async () => {
    const { queue } = rig();
    const seen: string[] = [];
    queue.onJobChange((job) => seen.push(job.state));
    queue.submit({ idempotencyKey: 'k', document: testPageReceipt() });
    await until(() => seen.includes('done'));
    expect(seen).toEqual(['queued', 'sending', 'sent-unconfirmed', 'done']);
  });

  it('paper out mid-job: holds the queue, then finishes the job and the next once paper is loaded, nothing twice', async () => {
    const { queue, virtual, devices } = rig();
    await devices.counter!.whenState((s) => s === 'ready');
    virtual.counter!.model.runOutOfPaperAfter(150);
    const first = queue.submit({ idempotencyKey: 'a', document: testPageReceipt({ orderLabel: 'Order #1' }) });
    const second = queue.submit({ idempotencyKey: 'b', document: testPageReceipt({ orderLabel: 'Order #2' }) });
    await devices.counter!.whenState((s) => s === 'paper-out');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(queue.get(first.id)?.state).toBe('sent-unconfirmed');
    expect(queue.get(second.id)?.state).toBe('queued');
    expect(printed(virtual.counter!)).toEqual([]);

    virtual.counter!.setCondition({ paper: 'ok' });
    await until(() => queue.get(second.id)?.state === 'done');
    expect(queue.get(first.id)?.state).toBe('done');
    const docs = printed(virtual.counter!);
    expect(docs.map(orderLabel)).toEqual(['#1', '#2']);
    expect(docs.flat()).not.toContain(REPRINT_BANNER);
  });

  it('cover open: nothing is sent until it is closed', async () => {
    const { queue, virtual, devices } = rig();
    virtual.counter!.setCondition({ coverOpen: true });
    await devices.counter!.whenState((s) => s === 'cover-open');
    const job = queue.submit({ idempotencyKey: 'c', document: testPageReceipt() });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(queue.get(job.id)?.state).toBe('queued');
    expect(virtual.counter!.model.receivedBytes().length).toBeLessThan(200);
    virtual.counter!.setCondition({ coverOpen: false });
    await until(() => queue.get(job.id)?.state === 'done');
    expect(printed(virtual.counter!)).toHaveLength(1);
  });

  it('unplug during a job: the original is failed and one REPRINT copy prints after reconnecting', async () => {
    const { queue, virtual, devices } = rig();
    const printer = virtual.counter!;
    await devices.counter!.whenState((s) => s === 'ready');
    const write = printer.write.bind(printer);
    let cut = true;
    printer.write = async (bytes) => {
      if (cut && bytes.length > 200) {
        cut = false;
        await write(bytes.subarray(0, 120));
        printer.model.reset(); // the printer lost power with the half-received job
        printer.simulateClose({ kind: 'unplugged', message: 'USB cable pulled' });
        throw new TransportError(printer.id, { kind: 'unplugged', message: 'USB cable pulled' });
      }
      return write(bytes);
    };
    const original = queue.submit({ idempotencyKey: 'receipt:o9', document: testPageReceipt({ orderLabel: 'Order #9' }) });
    await until(() => queue.jobs({ states: ['done'] }).length === 1, 3_000);
    const failed = queue.get(original.id)!;
    const [copy] = queue.jobs({ states: ['done'] }) as [PrintJob];
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toContain(`reprinted as job ${copy.id}`);
    expect(copy).toMatchObject({ reprintOf: original.id, idempotencyKey: 'receipt:o9#reprint-1' });
    const docs = printed(printer);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.[0]).toBe(REPRINT_BANNER);
    expect(orderLabel(docs[0]!)).toBe('#9');
  });

  it('after a crash, a job left "sending" is reprinted as a copy; one left "sent-unconfirmed" waits for the operator', async () => {
    const store = new MemoryPrintJobStore();
    const base = {
      printerId: 'counter',
      route: 'receipt',
      kind: 'receipt' as const,
      document: testPageReceipt(),
      bytes: new Uint8Array(0),
      profileId: 'epson-tm-t88',
      reprintOf: null,
      orderId: null,
      createdAt: 1,
      queuedAt: 1,
    };
    store.insert({ ...base, id: 'crashed', idempotencyKey: 'crashed', state: 'queued' }, 1);
    store.update('crashed', ['queued'], { state: 'sending' }, 2);
    store.insert({ ...base, id: 'unconfirmed', idempotencyKey: 'unconfirmed', state: 'queued' }, 1);
    store.update('unconfirmed', ['queued'], { state: 'sent-unconfirmed' }, 2);
    const { queue, virtual } = rig(['counter'], { store });
    await until(() => queue.jobs({ states: ['done'] }).length === 1);
    expect(queue.get('crashed')?.state).toBe('failed');
    expect(queue.get('unconfirmed')?.state).toBe('sent-unconfirmed');
    expect(printed(virtual.counter!)[0]?.[0]).toBe(REPRINT_BANNER);

    expect(queue.acknowledge('unconfirmed')?.state).toBe('done');
    const reprint = queue.reprint('unconfirmed');
    await until(() => queue.get(reprint.id)?.state === 'done');
    expect(reprint.idempotencyKey).toBe('unconfirmed#reprint-1');
    expect(printed(virtual.counter!)).toHaveLength(2);
  });

  it('routes kitchen tickets by station and falls back when a station printer is down', async () => {
    const routing: PrintRouting = {
      receipt: { printer: 'counter' },
      kitchen: { Grill: { printer: 'grill', fallback: 'bar' }, Bar: { printer: 'bar', fallback: 'grill' } },
      kitchenDefault: { printer: 'bar' },
    };
    const { queue, virtual, devices } = rig(['counter', 'grill', 'bar'], { routing, fallbackAfterMs: 100 });
    queue.submit({ idempotencyKey: 'k1:grill', document: ticket('grill', '1') });
    queue.submit({ idempotencyKey: 'k1:bar', document: ticket('Bar', '1') });
    queue.submit({ idempotencyKey: 'k1:pastry', document: ticket('Pastry', '1') });
    await until(() => queue.jobs({ states: ['done'] }).length === 3);
    expect(printed(virtual.grill!).map((l) => l[0]?.trim())).toEqual(['GRILL']);
    expect(printed(virtual.bar!).map((l) => l[0]?.trim())).toEqual(['BAR', 'PASTRY']);

    virtual.grill!.setCondition({ coverOpen: true });
    await devices.grill!.whenState((s) => s === 'cover-open');
    const job = queue.submit({ idempotencyKey: 'k2:grill', document: ticket('Grill', '2') });
    expect(queue.get(job.id)?.printerId).toBe('grill');
    await until(() => queue.get(job.id)?.state === 'done', 2_000);
    expect(queue.get(job.id)).toMatchObject({ printerId: 'bar', document: { reroutedFrom: 'grill' } });
    const rerouted = printed(virtual.bar!).at(-1)!;
    expect(rerouted).toContain('(for grill: its printer is down)');
    virtual.grill!.setCondition({ coverOpen: false });
    await devices.grill!.whenState((s) => s === 'ready');
    expect(printed(virtual.grill!)).toHaveLength(1);
  });

  it('re-renders a rerouted job for the fallback printer paper width', async () => {
    const routing: PrintRouting = { receipt: { printer: 'counter' }, kitchenDefault: { printer: 'wide', fallback: 'narrow' } };
    const store = new MemoryPrintJobStore();
    const virtual = {
      wide: new VirtualReceiptPrinter({ id: 'wide', condition: { paper: 'out' } }),
      narrow: new VirtualReceiptPrinter({ id: 'narrow' }),
      counter: new VirtualReceiptPrinter(),
    };
    const devices = {
      wide: new PrinterDevice({ id: 'wide', transport: virtual.wide, profile: PRINTER_PROFILES['epson-tm-t20'], ...FAST }),
      narrow: new PrinterDevice({ id: 'narrow', transport: virtual.narrow, profile: PRINTER_PROFILES['generic-58'], ...FAST }),
      counter: new PrinterDevice({ id: 'counter', transport: virtual.counter, profile: PRINTER_PROFILES['epson-tm-t88'], ...FAST }),
    };
    const queue = new PrintQueue({
      store,
      printers: new Map(Object.entries(devices).map(([k, device]) => [k, { device }])),
      routing,
      fallbackAfterMs: 60,
    });
    cleanups.push(async () => {
      await queue.stop();
      await Promise.all(Object.values(devices).map((d) => d.stop()));
    });
    for (const d of Object.values(devices)) d.start();
    queue.start();
    const job = queue.submit({ idempotencyKey: 'wide-ticket', document: ticket('Grill', '77') });
    await until(() => queue.get(job.id)?.state === 'done', 2_000);
    expect(queue.get(job.id)?.profileId).toBe('generic-58');
    for (const line of printed(virtual.narrow)[0] ?? []) expect(line.length).toBeLessThanOrEqual(32);
  });

  it('cancels only jobs that were never sent, and refuses unknown routes', async () => {
    const { queue, virtual, devices } = rig(['counter'], { start: false });
    const job = queue.submit({ idempotencyKey: 'x', document: testPageReceipt() });
    expect(queue.cancel(job.id)?.state).toBe('failed');
    queue.start();
    await devices.counter!.whenState((s) => s === 'ready');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(printed(virtual.counter!)).toEqual([]);
    expect(() => queue.submit({ idempotencyKey: 'y', document: ticket('Grill') })).toThrow(/No kitchen printer/);
    expect(() => queue.submit({ idempotencyKey: 'z', document: testPageReceipt(), test: { printerId: 'nope' } })).toThrow(/not configured/);
  });

  it('a test print goes to the named printer', async () => {
    const { queue, virtual } = rig(['counter', 'grill'], { routing: { receipt: { printer: 'counter' } } });
    const job = queue.submit({ idempotencyKey: 'test:grill:1', document: testPageReceipt(), test: { printerId: 'grill' } });
    await until(() => queue.get(job.id)?.state === 'done');
    expect(job).toMatchObject({ kind: 'test', route: 'test' });
    expect(printed(virtual.grill!)).toHaveLength(1);
  });
});

describe('PrintQueue shutdown', () => {
  it('does not hang on a job waiting for paper, and leaves it for the operator instead of reprinting it', async () => {
    const store = new MemoryPrintJobStore();
    const virtual = new VirtualReceiptPrinter({ condition: { paper: 'ok' } });
    const device = new PrinterDevice({ id: 'counter', transport: virtual, profile: PRINTER_PROFILES['epson-tm-t88'], ...FAST });
    const queue = new PrintQueue({ store, printers: new Map([['counter', { device }]]), routing: { receipt: { printer: 'counter' } } });
    device.start();
    queue.start();
    await device.whenState((s) => s === 'ready');
    virtual.model.runOutOfPaperAfter(100);
    const job = queue.submit({ idempotencyKey: 'waiting', document: testPageReceipt() });
    await device.whenState((s) => s === 'paper-out');
    const stopped = queue.stop();
    await device.stop();
    await stopped;
    expect(queue.get(job.id)).toMatchObject({ state: 'sent-unconfirmed', lastError: expect.stringContaining('station stopped') });
    expect(queue.jobs()).toHaveLength(1);
  });
});
