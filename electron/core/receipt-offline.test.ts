import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../drivers/escpos/escpos-decoder.js';
import { EPSON_42_COLUMNS } from '../../drivers/escpos/printer-profile.js';
import { encodeReceipt } from '../../drivers/escpos/receipt-encoder.js';
import { foldOrder } from '../../shared/order-fold.js';
import { Scenario } from '../../shared/scenario.js';
import { receiptFor } from './receipt.js';

function offlineSale(outcome?: 'OfflinePaymentForwarded' | 'OfflinePaymentDeclined') {
  const sc = new Scenario();
  sc.open('station-a');
  sc.line('station-a', { name: 'Burger', priceMinor: 1200 });
  const paymentId = sc.id();
  sc.emit('station-a', {
    type: 'PaymentApprovedOffline',
    v: 1,
    payload: {
      paymentId,
      method: 'card',
      amountMinor: 1200,
      tipMinor: 0,
      idempotencyKey: `card-${paymentId}`,
      terminalRef: 'SIM-T-7',
      card: { brand: 'VISA', lastFour: '4242' },
    },
  });
  if (outcome === 'OfflinePaymentForwarded') sc.emit('station-a', { type: outcome, v: 1, payload: { paymentId } });
  if (outcome === 'OfflinePaymentDeclined')
    sc.emit('station-a', { type: outcome, v: 1, payload: { paymentId, reason: 'Insufficient funds' } });
  const order = foldOrder(sc.events)!;
  const doc = receiptFor(order, { store: { name: 'Cafe', addressLines: [] }, stationId: 'station-a', printedAt: '2026-12-08 12:00' });
  return decodeEscPos(encodeReceipt(doc, EPSON_42_COLUMNS)).lines.map((l) => l.trim());
}

describe('receipt of a card approved offline', () => {
  it('says "approved offline" with the terminal reference, and the card as the terminal reported it', () => {
    const rows = offlineSale();
    expect(rows.some((r) => r.startsWith('Card') && r.endsWith('12.00'))).toBe(true);
    expect(rows).toContain('VISA **** 4242');
    expect(rows).toContain('Approved offline');
    expect(rows).toContain('Ref SIM-T-7');
  });

  it('still names the offline approval after forwarding, and a decline after the sale when reprinted', () => {
    expect(offlineSale('OfflinePaymentForwarded')).toContain('Approved offline');
    expect(offlineSale('OfflinePaymentDeclined')).toContain('DECLINED AFTER THE SALE: outstanding');
  });
});
