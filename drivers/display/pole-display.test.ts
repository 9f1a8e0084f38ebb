import { MockBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { hex } from '../escpos/escpos-commands.js';
import { capturingMockBinding } from '../testing/mock-serial.js';
import { SerialTransport } from '../transport/serial-transport.js';
import { CD5220, EPSON_DMD } from './display-dialects.js';
import { changeFrame, idleFrame, lineAndTotalFrame } from './display-frames.js';
import { encodeDisplayText, fit, leftRight, transliterate } from './display-text.js';
import { PoleDisplay } from './pole-display.js';
import { VirtualPoleDisplay } from './virtual-pole-display.js';

afterEach(() => MockBinding.reset());

const line = (text: string) => encodeDisplayText(fit(text));

describe('pole display dialects: golden bytes', () => {
  it('Epson DM-D', () => {
    expect(hex(EPSON_DMD.initialize())).toBe('1B 40');
    expect(hex(EPSON_DMD.initialize(19))).toBe('1B 40 1B 74 13');
    expect(hex(EPSON_DMD.clear())).toBe('0C');
    expect(hex(EPSON_DMD.brightness(2))).toBe('1F 58 02');
    expect(hex(EPSON_DMD.writeLines(line('Espresso        2.50'), line('TOTAL          2.50')))).toBe(
      `1F 01 0B ${hex(Buffer.from('Espresso        2.50'))} 1F 24 01 02 ${hex(Buffer.from('TOTAL          2.50 '))}`,
    );
  });

  it('CD5220', () => {
    expect(hex(CD5220.initialize())).toBe('1B 40');
    expect(hex(CD5220.clear())).toBe('0C');
    expect(hex(CD5220.brightness(3))).toBe('1B 2A 03');
    expect(hex(CD5220.writeLines(line('HELLO'), line('WORLD')))).toBe(
      `1B 51 41 ${hex(Buffer.from('HELLO'.padEnd(20)))} 0D 1B 51 42 ${hex(Buffer.from('WORLD'.padEnd(20)))} 0D`,
    );
  });
});

describe('display text', () => {
  it('transliterates to the display code page and fits 20 columns', () => {
    expect(transliterate('Crème brûlée 5 €', 'cp437')).toBe('Crème brûlée 5 EUR');
    expect(transliterate('Crème brûlée 5 €', 'cp858')).toBe('Crème brûlée 5 €');
    expect(transliterate('Œufs “bio” – Łódź', 'cp437')).toBe('OEufs "bio" - Lódz');
    expect(transliterate('Pizza 🍕\x1b@', 'cp437')).toBe('Pizza ? @');
    expect(fit('A very long product name indeed')).toBe('A very long product ');
    expect(leftRight('A very long product name', '12.50')).toBe('A very long pr 12.50');
    expect(leftRight('Tea', '1.00')).toBe('Tea             1.00');
  });

  it('frames: current line and total, change due, idle message', () => {
    expect(lineAndTotalFrame({ name: 'Croissant', quantity: 2, amountMinor: 360, totalMinor: 1210, currency: 'EUR' })).toEqual([
      '2x Croissant    3.60',
      'TOTAL      12.10 EUR',
    ]);
    expect(changeFrame({ paidMinor: 2000, changeMinor: 790, currency: 'EUR' })).toEqual(['PAID           20.00', 'CHANGE      7.90 EUR']);
    expect(idleFrame('Café Lumière')).toEqual(['    Café Lumière    ', '      Welcome!      ']);
    expect(lineAndTotalFrame({ name: 'Tea', amountMinor: 250, totalMinor: 250, currency: 'EUR' }, { encoding: 'cp858' })[1]).toBe(
      'TOTAL         2.50 €',
    );
  });
});

describe('PoleDisplay on the virtual display (both dialects)', () => {
  for (const dialect of ['epson-dmd', 'cd5220'] as const) {
    it(`${dialect}: shows the line and total, the change, brightness, and redraws after reconnect`, async () => {
      const virtual = new VirtualPoleDisplay({ dialect });
      const display = new PoleDisplay({ id: 'pole', transport: virtual, dialect });
      await virtual.open();
      await display.redraw();
      await display.showLineAndTotal({ name: 'Crème brûlée', amountMinor: 450, totalMinor: 450, currency: 'EUR' });
      expect(virtual.screen()).toEqual(['Crème brûlée    4.50', 'TOTAL       4.50 EUR']);
      await display.setBrightness(2);
      expect(virtual.brightness).toBe(2);
      expect(virtual.screen()).toEqual(['Crème brûlée    4.50', 'TOTAL       4.50 EUR']);
      await display.showChange({ paidMinor: 1000, changeMinor: 550, currency: 'EUR' });
      expect(virtual.screen()).toEqual(['PAID           10.00', 'CHANGE      5.50 EUR']);

      virtual.simulateClose({ kind: 'unplugged', message: 'cable' });
      await display.showIdle('Demo Café');
      expect(display.frame).toEqual(idleFrame('Demo Café'));
      await virtual.open();
      await display.redraw();
      expect(virtual.screen()).toEqual(['     Demo Café      ', '      Welcome!      ']);
    });
  }

  it('sends only the latest frame when updates arrive while a write is in flight', async () => {
    const virtual = new VirtualPoleDisplay({ dialect: 'epson-dmd' });
    await virtual.open();
    const writes: number[] = [];
    const write = virtual.write.bind(virtual);
    virtual.write = async (bytes) => {
      writes.push(bytes.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await write(bytes);
    };
    const display = new PoleDisplay({ id: 'pole', transport: virtual, dialect: 'epson-dmd' });
    const updates = [1, 2, 3, 4, 5].map((n) => display.show([`Item ${n}`, `TOTAL ${n}`]));
    await Promise.all(updates);
    expect(writes).toHaveLength(2);
    expect(virtual.screen()[0].trim()).toBe('Item 5');
  });
});

describe('PoleDisplay over a serial port (binding-mock)', () => {
  it('writes the CD5220 bytes to the wire', async () => {
    MockBinding.createPort('/dev/ttyDISPLAY', { record: true });
    const mock = capturingMockBinding();
    const transport = new SerialTransport({ path: '/dev/ttyDISPLAY', baudRate: 9600, binding: mock.binding });
    const display = new PoleDisplay({ id: 'pole', transport, dialect: 'cd5220' });
    await transport.open();
    await display.show(['Hello', 'World']);
    expect(hex(mock.last().recording)).toBe(hex(CD5220.writeLines(line('Hello'), line('World'))));
    await transport.close();
  });
});
