import { afterEach, describe, expect, it } from 'vitest';
import { encodeReceipt } from '../escpos/receipt-encoder.js';
import { PRINTER_PROFILES, type PrinterProfile } from '../escpos/printer-profile.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { until } from '../testing/until.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import { DrawerKickError, PrinterDevice, type PrinterDeviceOptions, type PrinterState } from './printer-device.js';
import { VirtualReceiptPrinter } from './virtual-printer.js';

const FAST = {
  heartbeatMs: 20,
  statusTimeoutMs: 40,
  confirmTimeoutMs: 300,
  backoff: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 },
  random: () => 0.5,
} as const;
const devices: PrinterDevice[] = [];

afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.stop()));
});

function device(
  transport: PrinterDeviceOptions['transport'],
  profile: PrinterProfile = PRINTER_PROFILES['epson-tm-t88'],
  extra: Partial<PrinterDeviceOptions> = {},
): PrinterDevice {
  const d = new PrinterDevice({ id: 'p1', transport, profile, ...FAST, ...extra });
  devices.push(d);
  return d;
}

function states(d: PrinterDevice): PrinterState[] {
  const seen: PrinterState[] = [d.state];
  d.onChange((s) => {
    if (seen.at(-1) !== s.state) seen.push(s.state);
  });
  return seen;
}

const receipt = encodeReceipt(testPageReceipt());

describe('PrinterDevice', () => {
  it('connects, reads status and reports ready with the drawer closed', async () => {
    const virtual = new VirtualReceiptPrinter();
    const d = device(virtual);
    const seen = states(d);
    d.start();
    await d.whenState((s) => s === 'ready');
    await until(() => d.snapshot().status !== undefined);
    expect(seen.slice(0, 3)).toEqual(['stopped', 'connecting', 'ready']);
    expect(d.snapshot()).toMatchObject({ state: 'ready', drawer: 'closed', paperNearEnd: false, problem: undefined });
  });

  it('confirms a job with the Epson job-done id, with GS r 1 on older models, and says when it cannot', async () => {
    for (const [profile, expected] of [
      [PRINTER_PROFILES['epson-tm-t88'], { kind: 'confirmed' }],
      [PRINTER_PROFILES['generic-80'], { kind: 'confirmed' }],
      [PRINTER_PROFILES.simple, { kind: 'unconfirmed', why: 'not-supported' }],
    ] as const) {
      const virtual = new VirtualReceiptPrinter();
      const d = device(virtual, profile);
      d.start();
      await d.whenState((s) => s === 'ready');
      let written = false;
      const outcome = await d.send(receipt, { onWritten: () => (written = true) });
      expect(outcome, profile.id).toEqual(expected);
      expect(written).toBe(true);
      expect(virtual.documents()).toHaveLength(1);
    }
  });

  it('times out a job the printer never confirms (a model without GS ( H support)', async () => {
    const virtual = new VirtualReceiptPrinter();
    virtual.model.setCondition({});
    const d = device(virtual, PRINTER_PROFILES['epson-tm-t88'], { confirmTimeoutMs: 60 });
    d.start();
    await d.whenState((s) => s === 'ready');
    // Swallow the marker: the model is told it does not support job-done.
    const write = virtual.write.bind(virtual);
    virtual.write = (bytes) => write(bytes.subarray(0, Math.max(0, bytes.length - 11)));
    expect(await d.send(receipt)).toEqual({ kind: 'unconfirmed', why: 'timeout' });
  });

  it('goes paper-out through ASB mid-job, pauses the confirmation clock, and confirms after the paper is replaced', async () => {
    const virtual = new VirtualReceiptPrinter();
    const d = device(virtual, PRINTER_PROFILES['epson-tm-t88'], { confirmTimeoutMs: 80 });
    d.start();
    await d.whenState((s) => s === 'ready');
    virtual.model.runOutOfPaperAfter(100);
    const sending = d.send(receipt);
    await d.whenState((s) => s === 'paper-out');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(virtual.documents()).toHaveLength(0);
    virtual.setCondition({ paper: 'ok' });
    expect(await sending).toEqual({ kind: 'confirmed' });
    expect(virtual.documents()).toHaveLength(1);
    expect(virtual.documents()[0]?.lines).toContain('Café Lumière');
  });

  it('finds paper-out and cover-open by polling on a model without ASB', async () => {
    const virtual = new VirtualReceiptPrinter();
    const d = device(virtual, PRINTER_PROFILES['generic-80']);
    d.start();
    await d.whenState((s) => s === 'ready');
    virtual.setCondition({ coverOpen: true });
    await d.whenState((s) => s === 'cover-open');
    virtual.setCondition({ coverOpen: false, paper: 'out' });
    await d.whenState((s) => s === 'paper-out');
    virtual.setCondition({ paper: 'near_end' });
    await d.whenState((s) => s === 'ready');
    await until(() => d.snapshot().paperNearEnd);
  });

  it('marks a printer that stops answering as offline, and ready again when it answers', async () => {
    const transport = new MemoryTransport({
      onWrite: (bytes, t) => answering && bytes[0] === 0x10 && setImmediate(() => t.isOpen && t.receive(Uint8Array.of(0x12))),
    });
    let answering = true;
    const d = device(transport, PRINTER_PROFILES['generic-80']);
    d.start();
    await d.whenState((s) => s === 'ready');
    answering = false;
    await d.whenState((s) => s === 'offline');
    expect(d.snapshot().problem).toMatchObject({ kind: 'no-status-reply' });
    expect(d.snapshot().drawer).toBe('unknown');
    answering = true;
    await d.whenState((s) => s === 'ready');
    expect(d.snapshot().problem).toBeUndefined();
  });

  it('backs off and reconnects after an unplug, and after failed opens, with the reason shown', async () => {
    const transport = new MemoryTransport({ id: 'mem-printer' });
    const d = device(transport, PRINTER_PROFILES.simple);
    const seen = states(d);
    d.start();
    await d.whenState((s) => s === 'ready');
    transport.failNextOpen({ kind: 'permission_denied', message: 'EACCES', fix: 'join lp' });
    transport.simulateClose({ kind: 'unplugged', message: 'cable' });
    expect(d.snapshot()).toMatchObject({ state: 'backoff', reconnectAttempt: 1, problem: { kind: 'unplugged' } });
    await until(() => d.snapshot().problem?.kind === 'permission_denied');
    expect(d.snapshot()).toMatchObject({ state: 'backoff', reconnectAttempt: 2, problem: { fix: 'join lp' } });
    await d.whenState((s) => s === 'ready');
    expect(d.snapshot().reconnectAttempt).toBe(0);
    expect(seen).toEqual(['stopped', 'connecting', 'ready', 'backoff', 'connecting', 'backoff', 'connecting', 'ready']);
  });

  it('reports a connection lost while waiting for confirmation as interrupted', async () => {
    const virtual = new VirtualReceiptPrinter();
    const d = device(virtual);
    d.start();
    await d.whenState((s) => s === 'ready');
    virtual.setCondition({ coverOpen: true });
    await d.whenState((s) => s === 'cover-open');
    const sending = d.send(receipt);
    await new Promise((resolve) => setTimeout(resolve, 10));
    virtual.simulateClose({ kind: 'unplugged', message: 'power cut' });
    expect(await sending).toEqual({ kind: 'interrupted', reason: { kind: 'unplugged', message: 'power cut' } });
  });

  it('says not-sent when it is not connected', async () => {
    const d = device(new MemoryTransport());
    expect(await d.send(receipt)).toMatchObject({ kind: 'not-sent' });
  });

  it('kicks the drawer with ESC p when ready, DLE DC4 when stopped, and refuses when it cannot', async () => {
    const virtual = new VirtualReceiptPrinter();
    const kicks: unknown[] = [];
    virtual.onDrawerKick((kick) => kicks.push(kick));
    const d = device(virtual);
    d.start();
    await d.whenState((s) => s === 'ready');
    expect(await d.kickDrawer({ pin: 0 })).toEqual({ method: 'esc-p' });
    virtual.setCondition({ paper: 'out' });
    await d.whenState((s) => s === 'paper-out');
    expect(await d.kickDrawer({ pin: 1, realtimePulseMs: 200 })).toEqual({ method: 'dle-dc4' });
    expect(kicks).toEqual([
      { pin: 0, onMs: 50, offMs: 500 },
      { pin: 1, onMs: 200, offMs: 200 },
    ]);

    const clone = new VirtualReceiptPrinter({ condition: { paper: 'out' } });
    const cloneDevice = device(clone, PRINTER_PROFILES['generic-80']);
    cloneDevice.start();
    await cloneDevice.whenState((s) => s === 'paper-out');
    await expect(cloneDevice.kickDrawer({ pin: 0 })).rejects.toMatchObject({ code: 'printer-not-ready' });
    const offline = device(new MemoryTransport());
    await expect(offline.kickDrawer({ pin: 0 })).rejects.toBeInstanceOf(DrawerKickError);
  });

  it('reads the drawer sensor with configurable polarity', async () => {
    const virtual = new VirtualReceiptPrinter({ condition: { drawerPinHigh: true } });
    const high = device(virtual, PRINTER_PROFILES['epson-tm-t88'], { drawerPolarity: 'open-when-high' });
    high.start();
    await until(() => high.snapshot().drawer !== 'unknown');
    expect(high.snapshot().drawer).toBe('open');
    const low = device(new VirtualReceiptPrinter({ condition: { drawerPinHigh: true } }), PRINTER_PROFILES['epson-tm-t88'], {
      drawerPolarity: 'open-when-low',
    });
    low.start();
    await until(() => low.snapshot().drawer !== 'unknown');
    expect(low.snapshot().drawer).toBe('closed');
  });
});
