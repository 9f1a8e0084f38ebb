import { describe, expect, it } from 'vitest';
import { golden } from '../testing/golden.js';
import { decodeEscPos } from './escpos-decoder.js';
import { hex } from './escpos-commands.js';
import { encodeKitchenTicket } from './kitchen-encoder.js';
import type { KitchenTicketDocument } from './kitchen-ticket.js';
import { EPSON_42_COLUMNS, PRINTER_PROFILES } from './printer-profile.js';
import { REPRINT_BANNER } from './receipt-encoder.js';

function sampleTicket(overrides: Partial<KitchenTicketDocument> = {}): KitchenTicketDocument {
  return {
    kind: 'kitchen',
    ticketNumber: '42',
    orderType: 'Takeout',
    station: 'Grill',
    timestamp: '2025-03-14 12:31',
    items: [
      { quantity: 2, name: 'Cheeseburger', modifiers: ['no onions', 'extra pickles'], note: 'allergy: sesame' },
      { quantity: 1, name: 'Croque-monsieur à la crème gratinée, salade verte', modifiers: [] },
    ],
    note: 'Customer waiting at the counter',
    ...overrides,
  };
}

describe('encodeKitchenTicket', () => {
  const bytes = encodeKitchenTicket(sampleTicket(), EPSON_42_COLUMNS);
  const decoded = decodeEscPos(bytes);

  it('matches the golden fixture byte for byte', () => {
    expect(hex(bytes)).toBe(
      golden(
        new URL('./fixtures/kitchen-ticket-42col.hex', import.meta.url),
        bytes,
        'encodeKitchenTicket(sampleTicket(), EPSON_42_COLUMNS)\nRegenerate after review: UPDATE_GOLDEN=1 npx vitest run drivers/escpos/kitchen-encoder.test.ts',
      ),
    );
  });

  it('puts the routed station in reverse video and the ticket number in quad size', () => {
    const [station, number, orderType] = decoded.blocks.filter((b) => b.type === 'text');
    expect(station).toMatchObject({ align: 'center', spans: [{ text: ' GRILL ', reverse: true, bold: true, height: 2 }] });
    expect(number).toMatchObject({ align: 'center', spans: [{ text: '#42', bold: true, width: 2, height: 2 }] });
    expect(orderType).toMatchObject({ spans: [{ text: 'TAKEOUT', height: 2 }] });
  });

  it('emphasises dishes, indents modifiers and reverses notes', () => {
    const text = (line: string) =>
      decoded.blocks.find(
        (b) =>
          b.type === 'text' &&
          b.spans
            .map((s) => s.text)
            .join('')
            .trim() === line,
      );
    expect(text('2 x Cheeseburger')).toMatchObject({ spans: [{ bold: true, height: 2 }] });
    expect(decoded.lines).toContain('    + no onions');
    expect(text('+ extra pickles')).toMatchObject({ spans: [{ text: '    + extra pickles', bold: true, height: 1 }] });
    const note = decoded.blocks.find(
      (b) => b.type === 'text' && b.spans.some((s) => s.reverse && s.text.includes('NOTE: allergy: sesame')),
    );
    expect(note).toBeDefined();
    expect(decoded.lines.some((l) => l.includes('ORDER NOTE: Customer waiting'))).toBe(true);
    expect(decoded.lines).toContain('1 x Croque-monsieur à la crème gratinée,');
    expect(decoded.lines).toContain('    salade verte');
    expect(decoded.cuts).toBe(1);
  });

  it('never prints prices and never kicks the drawer', () => {
    expect(decoded.lines.join('\n')).not.toMatch(/\d+\.\d\d/);
    expect(decoded.drawerKicks).toEqual([]);
  });

  it('says REPRINT in double height on a copy, and names the station it was rerouted from', () => {
    const copy = decodeEscPos(encodeKitchenTicket(sampleTicket({ reprint: true, reroutedFrom: 'Bar' })));
    expect(copy.lines[0]).toBe(REPRINT_BANNER);
    expect(copy.blocks[0]).toMatchObject({ spans: [{ height: 2, bold: true }] });
    expect(copy.lines).toContain('(for Bar: its printer is down)');
  });

  it('wraps the quad-size number to half the columns on 58 mm paper', () => {
    const narrow = decodeEscPos(encodeKitchenTicket(sampleTicket({ ticketNumber: 'A-1234567890123456' }), PRINTER_PROFILES['generic-58']));
    const quad = narrow.blocks.filter((b) => b.type === 'text' && b.spans[0]?.width === 2);
    for (const line of quad) if (line.type === 'text') expect(line.spans.map((s) => s.text).join('').length).toBeLessThanOrEqual(16);
    for (const line of narrow.lines) expect(line.length).toBeLessThanOrEqual(32);
  });
});
