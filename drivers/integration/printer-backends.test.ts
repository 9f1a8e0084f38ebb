/**
 * The same printing scenarios over every transport's real code path, each with the printer simulator
 * (EscPosPrinterModel) on the far side: serial through @serialport/binding-mock, raw TCP on loopback,
 * and USB through a fake `usb` v3 device. What must hold everywhere: status is reported truthfully,
 * nothing is lost, and nothing prints twice unless the copy says REPRINT.
 */
import { MockBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterDevice } from '../devices/printer-device.js';
import { PRINTER_PROFILES } from '../escpos/printer-profile.js';
import { REPRINT_BANNER } from '../escpos/receipt-encoder.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { MemoryPrintJobStore } from '../queue/memory-print-job-store.js';
import { PrintQueue } from '../queue/print-queue.js';
import { FakeUsb, FakeUsbPrinter } from '../testing/fake-usb.js';
import { attachModelToFakeUsb, simulatedSerialBus, startTcpPrinterSimulator } from '../testing/printer-simulator.js';
import { until } from '../testing/until.js';
import { SerialTransport } from '../transport/serial-transport.js';
import { TcpTransport } from '../transport/tcp-transport.js';
import type { Transport } from '../transport/transport.js';
import { UsbPrinterTransport } from '../transport/usb-printer-transport.js';
import { EscPosPrinterModel, type PrintedDocument } from '../virtual/escpos-printer-model.js';

interface Backend {
  transport: Transport;
  /** Cuts the link after `afterBytes` of the next large write, losing the printer's buffer (power lost). */
  failMidJob(afterBytes: number): void;
  /** Restores the link after failMidJob (replug / power back). */
  restore(): void;
  close(): Promise<void>;
}

type BackendFactory = (model: EscPosPrinterModel) => Promise<Backend>;

const backends: Record<string, BackendFactory> = {
  'serial (binding-mock)': async (model) => {
    MockBinding.createPort('/dev/ttyPRINTER', { record: false });
    const bus = simulatedSerialBus(MockBinding, { '/dev/ttyPRINTER': model });
    bus.present.add('/dev/ttyPRINTER');
    const transport = new SerialTransport({ path: '/dev/ttyPRINTER', baudRate: 115200, binding: bus.binding });
    let failAfter: number | undefined;
    const receive = model.receive.bind(model);
    model.receive = (bytes) => {
      if (failAfter !== undefined && bytes.length > 200) {
        receive(bytes.subarray(0, failAfter));
        failAfter = undefined;
        model.reset();
        const port = bus.port('/dev/ttyPRINTER')!;
        // The adapter vanishes: the next read fails, as an unplugged USB-serial cable's does.
        port.read = async () => {
          throw new Error('EIO: i/o error, read');
        };
        port.emitData(Buffer.of(0x81));
        return;
      }
      receive(bytes);
    };
    return {
      transport,
      failMidJob: (n) => (failAfter = n),
      restore: () => {},
      close: async () => {
        await transport.close();
        MockBinding.reset();
      },
    };
  },
  'tcp (loopback)': async (model) => {
    const sim = await startTcpPrinterSimulator(model);
    const transport = new TcpTransport({ host: '127.0.0.1', port: sim.port });
    let failAfter: number | undefined;
    const receive = model.receive.bind(model);
    model.receive = (bytes) => {
      if (failAfter !== undefined && bytes.length > 200) {
        receive(bytes.subarray(0, failAfter));
        failAfter = undefined;
        model.reset();
        sim.dropConnections();
        return;
      }
      receive(bytes);
    };
    return {
      transport,
      failMidJob: (n) => (failAfter = n),
      restore: () => {},
      close: async () => {
        await transport.close();
        await sim.close();
      },
    };
  },
  'usb (fake usb v3)': async (model) => {
    const usb = new FakeUsb();
    const device = new FakeUsbPrinter();
    attachModelToFakeUsb(device, model);
    usb.plug(device);
    const transport = new UsbPrinterTransport({ vendorId: device.vendorId, productId: device.productId, usb, readTimeoutMs: 50 });
    return {
      transport,
      failMidJob: (n) => {
        device.onWrite = (bytes) => {
          if (bytes.length <= 200) return model.receive(bytes);
          model.receive(bytes.subarray(0, n));
          model.reset();
          usb.unplug(device);
        };
      },
      restore: () => {
        device.onWrite = (bytes) => model.receive(bytes);
        usb.plug(device);
      },
      close: () => transport.close(),
    };
  },
};

const TIMING = {
  heartbeatMs: 25,
  statusTimeoutMs: 60,
  confirmTimeoutMs: 1_000,
  backoff: { initialMs: 20, maxMs: 60, factor: 2, jitter: 0 },
  random: () => 0.5,
};
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(factory: BackendFactory) {
  const model = new EscPosPrinterModel();
  const documents: PrintedDocument[] = [];
  model.onDocument((doc) => documents.push(doc));
  const backend = await factory(model);
  const device = new PrinterDevice({ id: 'printer', transport: backend.transport, profile: PRINTER_PROFILES['epson-tm-t88'], ...TIMING });
  const queue = new PrintQueue({
    store: new MemoryPrintJobStore(),
    printers: new Map([['printer', { device }]]),
    routing: { receipt: { printer: 'printer' } },
  });
  device.start();
  queue.start();
  cleanups.push(async () => {
    await queue.stop();
    await device.stop();
    await backend.close();
  });
  await device.whenState((s) => s === 'ready');
  const labels = () => documents.map((d) => d.lines.find((l) => l.startsWith('Order #'))?.split(/ +/)[1]);
  const submit = (n: number) => queue.submit({ idempotencyKey: `receipt:${n}`, document: testPageReceipt({ orderLabel: `Order #${n}` }) });
  return { model, documents, backend, device, queue, labels, submit };
}

for (const [name, factory] of Object.entries(backends)) {
  describe(`printing over ${name}`, () => {
    it('confirms every job with the printer and prints each once, in order', async () => {
      const { queue, labels, submit } = await rig(factory);
      [1, 2, 3].forEach(submit);
      await until(() => queue.jobs({ states: ['done'] }).length === 3, 3_000);
      expect(labels()).toEqual(['#1', '#2', '#3']);
    });

    it('paper out mid-job: reports it, holds the next job, and finishes both once paper is loaded', async () => {
      const { model, device, queue, labels, submit, documents } = await rig(factory);
      model.runOutOfPaperAfter(150);
      const first = submit(1);
      const second = submit(2);
      await device.whenState((s) => s === 'paper-out');
      expect(device.snapshot().status).toMatchObject({ paper: 'out', online: false });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(queue.get(first.id)?.state).toBe('sent-unconfirmed');
      expect(queue.get(second.id)?.state).toBe('queued');
      model.setCondition({ paper: 'ok' });
      await until(() => queue.get(second.id)?.state === 'done', 3_000);
      expect(labels()).toEqual(['#1', '#2']);
      expect(documents.flatMap((d) => d.lines)).not.toContain(REPRINT_BANNER);
    });

    it('cover open: reports it and sends nothing until it is closed', async () => {
      const { model, device, queue, labels, submit } = await rig(factory);
      model.setCondition({ coverOpen: true });
      await device.whenState((s) => s === 'cover-open');
      const job = submit(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(queue.get(job.id)?.state).toBe('queued');
      model.setCondition({ coverOpen: false });
      await until(() => queue.get(job.id)?.state === 'done', 3_000);
      expect(labels()).toEqual(['#1']);
    });

    it('unplug during a job: reconnects, prints one REPRINT copy, then carries on', async () => {
      const { backend, device, queue, labels, submit, documents } = await rig(factory);
      backend.failMidJob(120);
      const first = submit(1);
      await device.whenState((s) => s === 'backoff' || s === 'connecting');
      backend.restore();
      const second = submit(2);
      await until(() => queue.get(second.id)?.state === 'done', 3_000);
      expect(queue.get(first.id)?.state).toBe('failed');
      expect(labels()).toEqual(['#1', '#2']);
      expect(documents[0]?.lines[0]).toBe(REPRINT_BANNER);
      expect(documents[1]?.lines).not.toContain(REPRINT_BANNER);
      expect(queue.jobs().filter((j) => j.reprintOf === first.id)).toHaveLength(1);
    });
  });
}
