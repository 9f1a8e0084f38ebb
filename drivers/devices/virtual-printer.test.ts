import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { encodeDrawerKick } from '../escpos/drawer-kick.js';
import { encodeReceipt } from '../escpos/receipt-encoder.js';
import { testPageReceipt } from '../escpos/test-receipt.js';
import { VirtualReceiptPrinter, type VirtualPrintedDocument } from './virtual-printer.js';

function nextData(printer: VirtualReceiptPrinter): Promise<number[]> {
  return new Promise((resolve) => {
    const off = printer.onData((chunk) => {
      off();
      resolve([...chunk]);
    });
  });
}

describe('VirtualReceiptPrinter', () => {
  it('is named as simulated', () => {
    const printer = new VirtualReceiptPrinter({ id: 'counter' });
    expect(printer.id).toBe('virtual:counter');
    expect(printer.name).toMatch(/virtual/i);
    expect(printer.simulated).toBe(true);
    expect(new VirtualReceiptPrinter({ id: 'virtual-kitchen' }).id).toBe('virtual-kitchen');
  });

  it('prints what the encoder sends: the receipt says TOTAL 12.50', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const virtual = new VirtualReceiptPrinter({ clock });
    const printed: VirtualPrintedDocument[] = [];
    virtual.onDocument((doc) => printed.push(doc));
    await virtual.open();
    await virtual.write(encodeReceipt(testPageReceipt()));
    expect(printed).toHaveLength(1);
    const [doc] = printed;
    expect(doc?.at).toBe(1_700_000_000_000);
    expect(doc?.lines.map((l) => l.replace(/ +/g, ' '))).toContain('TOTAL 12.50 €');
    expect(doc?.lines).toContain('Café Lumière');
    expect(doc?.unknownCommands).toEqual([]);
    expect(virtual.lastDocument()).toBe(doc);
  });

  it('splits at every cut, even when bytes arrive in arbitrary chunks', async () => {
    const virtual = new VirtualReceiptPrinter();
    await virtual.open();
    const a = encodeReceipt(testPageReceipt({ orderLabel: 'Order #1' }));
    const b = encodeReceipt(testPageReceipt({ orderLabel: 'Order #2' }));
    const stream = Buffer.concat([a, b]);
    // Chunk boundaries that fall inside commands (e.g. between 1D and 56 of the cut).
    for (let i = 0; i < stream.length; i += 7) await virtual.write(stream.subarray(i, i + 7));
    const docs = virtual.documents();
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => d.lines.find((l) => l.startsWith('Order #'))?.slice(0, 8))).toEqual(['Order #1', 'Order #2']);
    // The reset that node-thermal-printer appends after each cut opens the next document.
    expect(Buffer.from(docs[0]?.raw ?? []).equals(a.subarray(0, a.length - 2))).toBe(true);
  });

  it('keeps only the last N documents', async () => {
    const virtual = new VirtualReceiptPrinter({ keep: 2 });
    await virtual.open();
    for (const n of [1, 2, 3]) await virtual.write(encodeReceipt(testPageReceipt({ orderLabel: `Order #${n}` })));
    expect(virtual.documents().map((d) => d.lines.find((l) => l.startsWith('Order #'))?.slice(0, 8))).toEqual(['Order #2', 'Order #3']);
  });

  it('answers DLE EOT with a ready status byte', async () => {
    const virtual = new VirtualReceiptPrinter();
    await virtual.open();
    for (const n of [1, 2, 3, 4]) {
      const reply = nextData(virtual);
      await virtual.write(Uint8Array.of(0x10, 0x04, n));
      expect(await reply).toEqual([0x12]);
    }
  });

  it('reports paper out as 1A / 32 / 7E and cover open as 16 for DLE EOT 1 / 2 / 4', async () => {
    const virtual = new VirtualReceiptPrinter({ condition: { paper: 'out' } });
    await virtual.open();
    const ask = async (n: number): Promise<number[]> => {
      const reply = nextData(virtual);
      await virtual.write(Uint8Array.of(0x10, 0x04, n));
      return reply;
    };
    expect([await ask(1), await ask(2), await ask(4)]).toEqual([[0x1a], [0x32], [0x7e]]);
    virtual.setCondition({ paper: 'ok', coverOpen: true });
    expect(await ask(2)).toEqual([0x16]);
  });

  it('signals a drawer kick as it arrives', async () => {
    const virtual = new VirtualReceiptPrinter();
    const kicks: unknown[] = [];
    virtual.onDrawerKick((kick) => kicks.push(kick));
    await virtual.open();
    await virtual.write(encodeDrawerKick());
    expect(kicks).toEqual([{ pin: 0, onMs: 50, offMs: 500 }]);
  });

  it('behaves like a closed transport after an unplug', async () => {
    const virtual = new VirtualReceiptPrinter();
    const reasons: unknown[] = [];
    virtual.onClose((r) => reasons.push(r));
    await virtual.open();
    virtual.simulateClose({ kind: 'unplugged', message: 'power off' });
    expect(reasons).toEqual([{ kind: 'unplugged', message: 'power off' }]);
    await expect(virtual.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError' });
  });
});
