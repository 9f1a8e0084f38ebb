import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../drivers/escpos/escpos-decoder.js';
import { encodeKitchenTicket } from '../../drivers/escpos/kitchen-encoder.js';
import { kitchenTicketsByStation } from '../../drivers/escpos/kitchen-split.js';
import { EPSON_42_COLUMNS } from '../../drivers/escpos/printer-profile.js';
import { encodeReceipt } from '../../drivers/escpos/receipt-encoder.js';
import { foldOrder } from '../../shared/order-fold.js';
import { Scenario } from '../../shared/scenario.js';
import { kitchenOrderFor, receiptFor } from './receipt.js';

/** A paid dine-in order: a burger with two modifiers (one priced, one free) and a plain coffee, at table 12 for Anna. */
function paidOrder() {
  const sc = new Scenario();
  sc.open('station-a', { orderType: 'dine_in' });
  const burger = sc.line('station-a', {
    name: 'Burger',
    priceMinor: 900,
    quantity: 2,
    station: 'grill',
    modifiers: [
      { groupId: 'extras', optionId: 'cheese', name: 'Cheddar', priceDeltaMinor: 150 },
      { groupId: 'cook', optionId: 'medium', name: 'Medium', priceDeltaMinor: 0 },
    ],
  });
  sc.line('station-a', { name: 'Coffee', priceMinor: 250 });
  sc.emit('station-a', { type: 'OrderGuestSet', v: 1, payload: { tableNumber: '12', customerName: 'Anna' } });
  sc.emit('station-a', { type: 'OrderNoteSet', v: 1, payload: { note: 'birthday' } });
  sc.cash('station-a', 2 * 1050 + 250, { tenderedMinor: 3000 });
  sc.fire('station-a', 'grill', [burger.payload.lineId]);
  return foldOrder(sc.events)!;
}

/** The paper as text rows, trailing blanks removed. */
const printedRows = (bytes: Uint8Array): string[] => decodeEscPos(bytes).lines.map((l) => l.trimEnd());

describe('receipt', () => {
  it('prints modifiers as indented lines under their dish, with the price only on the dish line', () => {
    const order = paidOrder();
    const rows = printedRows(
      encodeReceipt(
        receiptFor(order, { store: { name: 'Cafe', addressLines: [] }, stationId: 'station-a', printedAt: '2026-11-21 12:00' }),
        EPSON_42_COLUMNS,
      ),
    );
    const burger = rows.findIndex((r) => r.startsWith('2 x Burger'));
    expect(burger).toBeGreaterThan(0);
    expect(rows.slice(burger, burger + 4)).toEqual([
      `2 x Burger${' '.repeat(42 - '2 x Burger'.length - '21.00'.length)}21.00`,
      '    + Cheddar (+1.50)',
      '    + Medium',
      `1 x Coffee${' '.repeat(42 - '1 x Coffee'.length - '2.50'.length)}2.50`,
    ]);
  });

  it('prints the table and the guest under the order number', () => {
    const rows = printedRows(
      encodeReceipt(
        receiptFor(paidOrder(), { store: { name: 'Cafe', addressLines: [] }, stationId: 'station-a', printedAt: '2026-11-21 12:00' }),
        EPSON_42_COLUMNS,
      ),
    );
    const label = rows.findIndex((r) => r.startsWith('Order #1'));
    expect(rows[label + 1]).toBe('Table 12 - Anna');
  });

  it('wraps a long modifier under the dish without running into the amount column', () => {
    const order = paidOrder();
    const long = {
      ...order,
      lines: [
        {
          ...order.lines[0]!,
          modifiers: [{ groupId: 'g', optionId: 'o', name: 'Extra crispy onion rings on the side please', priceDeltaMinor: 0 }],
        },
      ],
    };
    const rows = printedRows(
      encodeReceipt(receiptFor(long, { store: { name: 'Cafe', addressLines: [] }, stationId: 'a', printedAt: 'now' }), EPSON_42_COLUMNS),
    );
    const burger = rows.findIndex((r) => r.startsWith('2 x Burger'));
    expect(rows.slice(burger + 1, burger + 3)).toEqual(['    + Extra crispy onion rings on the', '      side please']);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(42);
  });
});

describe('kitchen ticket for an order', () => {
  it('carries the table, the guest, modifiers and notes of the routed lines only', () => {
    const tickets = kitchenTicketsByStation(kitchenOrderFor(paidOrder(), '12:00'));
    expect(tickets).toEqual([
      {
        kind: 'kitchen',
        ticketNumber: '1',
        orderType: 'dine in',
        station: 'grill',
        timestamp: '12:00',
        table: '12',
        guest: 'Anna',
        note: 'birthday',
        items: [{ quantity: 2, name: 'Burger', modifiers: ['Cheddar', 'Medium'] }],
      },
    ]);
    const rows = printedRows(encodeKitchenTicket(tickets[0]!, EPSON_42_COLUMNS)).map((r) => r.trim());
    expect(rows).toContain('DINE IN - TABLE 12');
    expect(rows).toContain('FOR Anna');
  });
});
