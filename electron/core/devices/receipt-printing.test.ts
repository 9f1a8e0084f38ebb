import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../drivers/escpos/escpos-decoder.js';
import type { IpcResult } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

let dir: ReturnType<typeof tempDir>;
let station: Station;
let requests = 0;

const call = (command: string, args: unknown = {}) => station.dispatch('cashier', command, args, `req-${++requests}`);
async function value<T>(result: Promise<IpcResult<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value as T;
}
/** The receipt printer's paper, job by job, decoded from the bytes the queue sent. */
const paper = (orderId: string) =>
  station.devices.queue
    .jobs()
    .filter((j) => j.orderId === orderId && j.kind === 'receipt')
    .sort((a, b) => a.queuedAt - b.queuedAt)
    .map((j) => decodeEscPos(j.bytes).lines.map((l) => l.trim()));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

beforeEach(async () => {
  dir = tempDir('receipt-printing');
  station = await startTestStation(dir.path, {
    stationId: 'till-1',
    storeName: 'Cafe Lumen',
    store: { address: ['12 Quai des Arts', '69002 Lyon'], taxId: 'FR12345678901' },
  });
});
afterEach(async () => {
  await station.stop();
  dir.remove();
});

describe('what the counter prints about an order, from the demo catalog through the simulated terminal', () => {
  it('a card sale with a tip, a card refund, then a copy: receipt, REFUND slip and COPY all add up', async () => {
    const first = await value<OrderView>(call('order.addLine', { itemId: 'club-sandwich', quantity: 2 }));
    const order = await value<OrderView>(call('order.addLine', { orderId: first.id, itemId: 'orange-juice' }));
    expect(order.totalMinor).toBe(2170);
    await value(call('payment.startCard', { orderId: order.id, amountMinor: 2170, tipMinor: 300 }));
    await until(() => paper(order.id).length === 1);
    const receipt = paper(order.id)[0]!;
    expect(receipt.slice(0, 5)).toEqual(['Cafe Lumen', '12 Quai des Arts', '69002 Lyon', 'Tax ID FR12345678901', 'Station till-1']);
    const total = receipt.findIndex((l) => l.startsWith('TOTAL'));
    expect(receipt.slice(total, total + 10).map((l) => l.replace(/\s+/g, ' '))).toEqual([
      'TOTAL 21.70 €',
      'Tip 3.00',
      'TOTAL PAID 24.70 €',
      'Card 24.70',
      'VISA **** 4242',
      expect.stringMatching(/^Auth code \d+$/),
      '------------------------------------------',
      'VAT Net Tax Gross',
      // The demo catalog's VAT: 17.80 of food at 10 %, 3.90 of juice at 20 %, inside the prices.
      '10% 16.18 1.62 17.80',
      '20% 3.25 0.65 3.90',
    ]);

    const paid = station.store.getOrder(order.id)!;
    await value(
      call('payment.refundCard', { orderId: order.id, paymentId: paid.payments[0]!.paymentId, amountMinor: 390, reason: 'Juice spilled' }),
    );
    await until(() => paper(order.id).length === 2);
    const slip = paper(order.id)[1]!.map((l) => l.replace(/\s+/g, ' '));
    expect(slip).toContain('REFUND');
    const refundTotal = slip.indexOf('REFUND TOTAL -3.90 €');
    expect(slip.slice(refundTotal - 2, refundTotal + 4)).toEqual([
      '1 x Part of order #1 -3.90',
      '------------------------------------------',
      'REFUND TOTAL -3.90 €',
      'Card -3.90',
      'VISA **** 4242',
      'Juice spilled',
    ]);

    await value(call('print.receiptCopy', { orderId: order.id }));
    expect(paper(order.id)).toHaveLength(3);
    const copy = paper(order.id)[2]!.map((l) => l.replace(/\s+/g, ' '));
    expect(copy[0]).toBe('*** COPY ***');
    const refunds = copy.indexOf('REFUNDS');
    expect(copy.slice(refunds, refunds + 5)).toEqual(['REFUNDS', 'Card -3.90', 'VISA **** 4242', 'Juice spilled', 'NET PAID 20.80 €']);
  });

  it('a cash refund prints its slip; an order that took no money has no receipt to copy', async () => {
    const order = await value<OrderView>(call('order.addLine', { itemId: 'espresso' }));
    await value(call('order.payCash', { orderId: order.id, tenderedMinor: 500 }));
    await value(call('order.refundCash', { orderId: order.id, amountMinor: 250, reason: 'Wrong coffee' }));
    const [receipt, slip] = paper(order.id).map((lines) => lines.map((l) => l.replace(/\s+/g, ' ')));
    expect(receipt).toEqual(expect.arrayContaining(['TOTAL 2.50 €', 'Cash 5.00', 'Change 2.50', '20% 2.08 0.42 2.50']));
    expect(slip).toEqual(expect.arrayContaining(['REFUND', '1 x Espresso -2.50', 'REFUND TOTAL -2.50 €', 'Cash -2.50', 'Wrong coffee']));

    const unpaid = await value<OrderView>(call('order.addLine', { itemId: 'croissant' }));
    expect(await call('print.receiptCopy', { orderId: unpaid.id })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });
});
