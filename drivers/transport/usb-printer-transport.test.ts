import { describe, expect, it } from 'vitest';
import { FakeUsb, FakeUsbPrinter } from '../testing/fake-usb.js';
import { until } from '../testing/until.js';
import { TransportError, type TransportCloseReason } from './transport.js';
import { loadUsbApi } from './usb-api.js';
import { UsbPrinterTransport } from './usb-printer-transport.js';

function setup(options: ConstructorParameters<typeof FakeUsbPrinter>[0] = {}, platform: NodeJS.Platform = 'linux') {
  const usb = new FakeUsb();
  const printer = new FakeUsbPrinter(options);
  usb.plug(printer);
  const transport = new UsbPrinterTransport({ vendorId: 0x04b8, productId: 0x0e15, usb, platform, readTimeoutMs: 50, chunkBytes: 8 });
  return { usb, printer, transport };
}

async function openError(transport: UsbPrinterTransport): Promise<TransportError> {
  const error: unknown = await transport.open().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TransportError)) throw new Error(`expected TransportError, got ${String(error)}`);
  return error;
}

describe('UsbPrinterTransport (fake usb v3 device)', () => {
  it('selects the configuration, detaches usblp on Linux, claims the printer interface and writes in chunks', async () => {
    const { printer, transport } = setup({ kernelDriverActive: true });
    await transport.open();
    expect(printer.calls).toEqual(['open', 'selectConfiguration 1', 'detachKernelDriver 0', 'claimInterface 0']);
    const job = Uint8Array.from({ length: 20 }, (_, i) => i);
    await transport.write(job);
    expect(printer.chunks.map((c) => c.length)).toEqual([8, 8, 4]);
    expect([...printer.written()]).toEqual([...job]);
    await transport.close();
    expect(printer.calls.slice(-2)).toEqual(['releaseInterface 0', 'close']);
  });

  it('ignores "no kernel driver attached" and never detaches off Linux', async () => {
    const linux = setup();
    await linux.transport.open();
    expect(linux.printer.calls).toContain('claimInterface 0');
    await linux.transport.close();

    const mac = setup({}, 'darwin');
    await mac.transport.open();
    expect(mac.printer.calls.some((c) => c.startsWith('detach'))).toBe(false);
    await mac.transport.close();
  });

  it('delivers bulk IN status replies to onData', async () => {
    const { printer, transport } = setup();
    const received: number[] = [];
    transport.onData((chunk) => received.push(...chunk));
    await transport.open();
    printer.reply([0x12]);
    printer.reply([0x10, 0x00, 0x00, 0x00]);
    await until(() => received.length === 5);
    expect(received).toEqual([0x12, 0x10, 0x00, 0x00, 0x00]);
    await transport.close();
  });

  it('names the udev rule and the lp group when libusb is denied access', async () => {
    const { transport } = setup({ openError: 'failed to open device: permission denied' });
    const error = await openError(transport);
    expect(error.reason.kind).toBe('permission_denied');
    const fix = error.reason.kind === 'permission_denied' ? error.reason.fix : '';
    expect(fix).toContain('ATTR{idVendor}=="04b8", ATTR{idProduct}=="0e15"');
    expect(fix).toContain('usermod -aG lp');
  });

  it('reports a busy interface (usblp or CUPS holding it) as refused, off Linux where it cannot detach', async () => {
    const { printer, transport } = setup({ kernelDriverActive: true }, 'darwin');
    const error = await openError(transport);
    expect(error.reason).toMatchObject({ kind: 'refused', fix: expect.stringContaining('CUPS') });
    expect(printer.calls).toContain('close');
  });

  it('reports a missing printer and a non-printer device clearly', async () => {
    const usb = new FakeUsb();
    const missing = await openError(new UsbPrinterTransport({ vendorId: 0x04b8, productId: 0x0202, usb }));
    expect(missing.reason).toMatchObject({ kind: 'unplugged', message: expect.stringContaining('04b8:0202') });

    const keyboard = setup({ notAPrinter: true });
    const error = await openError(keyboard.transport);
    expect(error.reason).toMatchObject({ kind: 'error', message: expect.stringContaining('no printer-class interface') });
  });

  it('ends the session as unplugged on the disconnect event, fails writes, and reopens after replug', async () => {
    const { usb, printer, transport } = setup();
    const reasons: TransportCloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await transport.open();
    usb.unplug(printer);
    expect(reasons).toEqual([{ kind: 'unplugged', message: 'USB printer disconnected' }]);
    expect(usb.listenerCount('disconnect')).toBe(0);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ reason: { kind: 'unplugged' } });
    await expect(transport.open()).rejects.toMatchObject({ reason: { kind: 'unplugged' } });

    usb.plug(printer);
    await transport.open();
    await transport.write(Uint8Array.of(9));
    expect(printer.chunks.at(-1)).toEqual(Uint8Array.of(9));
    await transport.close();
  });

  it('fails a write that times out and drops the claim', async () => {
    const { printer, transport } = setup();
    await transport.open();
    printer.stallWritesMs = 10;
    const error: unknown = await transport.write(Uint8Array.of(1, 2, 3)).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: { kind: 'timeout' } });
    expect(transport.isOpen).toBe(false);
  });

  it('loads the real usb v3 module lazily (the WebUSB-shaped API is present)', async () => {
    const api = await loadUsbApi();
    expect(typeof api.getDevices).toBe('function');
    expect(typeof api.addEventListener).toBe('function');
  });
});
