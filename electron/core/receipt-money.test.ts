import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../drivers/escpos/escpos-decoder.js';
import { EPSON_42_COLUMNS, PRINTER_PROFILES } from '../../drivers/escpos/printer-profile.js';
import type { ReceiptDocument } from '../../drivers/escpos/receipt-document.js';
import { COPY_BANNER, encodeReceipt } from '../../drivers/escpos/receipt-encoder.js';
import type { LineTax } from '../../shared/money/tax.js';
import { foldOrder } from '../../shared/order-fold.js';
import type { OrderView } from '../../shared/order-view.js';
import { Scenario } from '../../shared/scenario.js';
import { receiptFor, type ReceiptContext } from './receipt.js';
import { refundSlipFor } from './refund-slip.js';

const FOOD: LineTax = { ratePpm: 100_000, included: true };
const DRINK: LineTax = { ratePpm: 200_000, included: true };
const CONTEXT: ReceiptContext = {
  store: { name: 'Cafe Lumen', addressLines: ['12 Quai des Arts', '69002 Lyon'], taxId: 'FR12345678901' },
  stationId: 'till-1',
  printedAt: '2026-12-07 12:30',
};
const S = 'till-1';

/** Two club sandwiches (10 % VAT) and an oat latte (20 %), tax inside the prices: 17.80 + 4.30 = 22.10. */
function lunch(sc: Scenario): void {
  sc.open(S);
  sc.line(S, { name: 'Club sandwich', priceMinor: 890, quantity: 2, tax: FOOD });
  sc.line(S, {
    name: 'Latte',
    priceMinor: 390,
    tax: DRINK,
    modifiers: [{ groupId: 'milk', optionId: 'oat', name: 'Oat milk', priceDeltaMinor: 40 }],
  });
}

/** A card payment as the saga writes it: the authorization carries what the terminal reported of the card. */
function card(sc: Scenario, amountMinor: number, tipMinor: number): string {
  const paymentId = sc.id();
  sc.emit(S, {
    type: 'PaymentAuthorized',
    v: 1,
    payload: {
      paymentId,
      method: 'card',
      amountMinor,
      tipMinor,
      idempotencyKey: `attempt-${paymentId}`,
      terminalRef: 'SIM-1',
      card: { brand: 'VISA', lastFour: '4242', authCode: '100001' },
    },
  });
  sc.emit(S, {
    type: 'PaymentCaptured',
    v: 2,
    payload: { paymentId, method: 'card', amountMinor, tipMinor, changeMinor: 0, roundingMinor: 0 },
  });
  return paymentId;
}

function refund(sc: Scenario, paymentId: string, amountMinor: number, reason: string): string {
  const refundId = sc.id();
  sc.emit(S, { type: 'PaymentRefunded', v: 1, payload: { refundId, paymentId, amountMinor, reason } });
  return refundId;
}

const fold = (sc: Scenario): OrderView => foldOrder(sc.events)!;

/** The paper, decoded from the printer's bytes, trailing blanks removed. */
const paper = (doc: ReceiptDocument, profile = EPSON_42_COLUMNS): string[] =>
  decodeEscPos(encodeReceipt(doc, profile)).lines.map((l) => l.trimEnd());

/** "left ....... right" across 42 columns, as the printer lays it out. */
const row = (left: string, right: string, width = 42) => left + ' '.repeat(width - left.length - right.length) + right;

const rule = '-'.repeat(42);

/** A row of the tax table at 42 columns: the rate in 12, then net, tax and gross right-aligned in 10 each. */
const vat = (rate: string, net: string, tax: string, gross: string) =>
  rate.padEnd(12) + [net, tax, gross].map((c) => c.padStart(10)).join('');

/** Every money statement a document makes, checked against the others. */
function expectAddsUp(doc: ReceiptDocument): void {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  // lines − discounts + added tax (all printed as lines) = TOTAL.
  expect(sum(doc.lines.map((l) => l.amountMinor))).toBe(doc.totalMinor);
  // tenders − change = TOTAL + tip + cash rounding.
  const paid = doc.totalMinor + (doc.tipMinor ?? 0) + (doc.cashRoundingMinor ?? 0);
  expect(sum((doc.tenders ?? []).map((t) => t.amountMinor)) - (doc.changeMinor ?? 0)).toBe(paid);
  if (doc.taxSummary) {
    for (const r of doc.taxSummary.rows) expect(r.netMinor + r.taxMinor).toBe(r.grossMinor);
    expect(sum(doc.taxSummary.rows.map((r) => r.grossMinor))).toBe(
      doc.totalMinor - (doc.lines.find((l) => l.name === 'Tip')?.amountMinor ?? 0),
    );
  }
  if (doc.refunds) expect(paid + sum(doc.refunds.lines.map((l) => l.amountMinor))).toBe(doc.refunds.netPaidMinor);
}

describe('a sale paid by card with a tip', () => {
  const sc = new Scenario();
  lunch(sc);
  card(sc, 2210, 200);
  const order = fold(sc);

  it('prints the tip, what was paid, the card (brand, last four, auth code) and the VAT per rate', () => {
    const doc = receiptFor(order, CONTEXT);
    expectAddsUp(doc);
    const rows = paper(doc);
    expect(rows.slice(0, 5).map((r) => r.trim())).toEqual([
      'Cafe Lumen',
      '12 Quai des Arts',
      '69002 Lyon',
      'Tax ID FR12345678901',
      'Station till-1',
    ]);
    const total = rows.findIndex((r) => r.startsWith('TOTAL'));
    expect(rows.slice(total - 5, total + 12)).toEqual([
      rule,
      row('2 x Club sandwich', '17.80'),
      row('1 x Latte', '4.30'),
      '    + Oat milk (+0.40)',
      rule,
      row('TOTAL', '22.10 €'),
      row('Tip', '2.00'),
      row('TOTAL PAID', '24.10 €'),
      row('Card', '24.10'),
      '  VISA **** 4242',
      '  Auth code 100001',
      rule,
      // 17.80 × 10/110 = 1.62; 4.30 × 20/120 = 0.72 (each rounded once per rate).
      vat('VAT', 'Net', 'Tax', 'Gross'),
      vat('10%', '16.18', '1.62', '17.80'),
      vat('20%', '3.58', '0.72', '4.30'),
      '',
      'Thank you!',
    ]);
    expect(rows.join('\n')).not.toContain('Change');
  });

  it('fits a 58 mm printer: the VAT table keeps its four columns in 32', () => {
    const rows = paper(receiptFor(order, CONTEXT), PRINTER_PROFILES['generic-58']);
    expect(rows).toContain('VAT          Net     Tax   Gross');
    expect(rows).toContain('10%        16.18    1.62   17.80');
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(32);
  });
});

describe('a split sale: part cash, part card', () => {
  const sc = new Scenario();
  lunch(sc);
  sc.cash(S, 1105, { tenderedMinor: 2000 });
  card(sc, 1105, 0);
  const order = fold(sc);

  it('prints one line per tender, then the change of the cash part', () => {
    const doc = receiptFor(order, CONTEXT);
    expectAddsUp(doc);
    const rows = paper(doc);
    const total = rows.findIndex((r) => r.startsWith('TOTAL'));
    expect(rows.slice(total, total + 6)).toEqual([
      row('TOTAL', '22.10 €'),
      row('Cash', '20.00'),
      row('Card', '11.05'),
      '  VISA **** 4242',
      '  Auth code 100001',
      row('Change', '8.95'),
    ]);
    expect(rows.join('\n')).not.toMatch(/Cash \+ Card|TOTAL PAID/);
  });
});

describe('two tenders that crossed', () => {
  it('say on the receipt what was paid beyond the total and is owed back', () => {
    const sc = new Scenario();
    lunch(sc);
    const before = sc.snapshot();
    sc.cash(S, 2210);
    // A second till took the same order's cash before it saw the first payment.
    sc.cash('till-2', 2210, { sees: before });
    const order = fold(sc);
    expect(order.overpaidMinor).toBe(2210);
    const doc = receiptFor(order, CONTEXT);
    expect(doc.tenders).toEqual([
      { label: 'Cash', amountMinor: 2210 },
      { label: 'Cash', amountMinor: 2210 },
    ]);
    expect(doc.footerLines).toEqual(['Paid 22.10 more than due: to be refunded', 'Thank you!']);

    // Giving the second payment back returns money that was never a sale: no VAT goes back with it.
    const refundId = refund(sc, order.payments[1]!.paymentId, 2210, 'Paid twice');
    const slip = refundSlipFor(fold(sc), refundId, CONTEXT);
    expectAddsUp(slip);
    expect(slip.lines).toEqual([{ quantity: 1, name: 'Paid beyond the total', amountMinor: -2210 }]);
    expect(slip.taxSummary).toBeUndefined();
  });
});

describe('refunds on paper', () => {
  it('a partial card refund prints a REFUND slip: the amount, the card, the reason and the VAT it gives back', () => {
    const sc = new Scenario();
    lunch(sc);
    const paymentId = card(sc, 2210, 200);
    const refundId = refund(sc, paymentId, 500, 'Cold latte');
    const order = fold(sc);
    const slip = refundSlipFor(order, refundId, CONTEXT);
    expectAddsUp(slip);
    const rows = paper(slip);
    expect(rows.slice(0, 7).map((r) => r.trim())).toEqual([
      'Cafe Lumen',
      '12 Quai des Arts',
      '69002 Lyon',
      'Tax ID FR12345678901',
      'Station till-1',
      'REFUND',
      '',
    ]);
    const total = rows.findIndex((r) => r.startsWith('REFUND TOTAL'));
    // 5.00 spread over the rates by their gross (17.80 : 4.30): 4.03 and 0.97.
    expect(rows.slice(total - 2, total + 9)).toEqual([
      row('1 x Part of order #1', '-5.00'),
      rule,
      row('REFUND TOTAL', '-5.00 €'),
      row('Card', '-5.00'),
      '  VISA **** 4242',
      '  Cold latte',
      rule,
      vat('VAT', 'Net', 'Tax', 'Gross'),
      vat('10%', '-3.66', '-0.37', '-4.03'),
      vat('20%', '-0.81', '-0.16', '-0.97'),
      '',
    ]);
    expect(rows.map((r) => r.trim())).toContain('Refunded so far 5.00');
  });

  it('a whole order refunded at once lists its lines, the tip, and reverses all of its VAT', () => {
    const sc = new Scenario();
    lunch(sc);
    const paymentId = card(sc, 2210, 200);
    const refundId = refund(sc, paymentId, 2410, 'Wrong order');
    const order = fold(sc);
    const slip = refundSlipFor(order, refundId, CONTEXT);
    expectAddsUp(slip);
    const rows = paper(slip);
    const first = rows.findIndex((r) => r.startsWith('2 x Club sandwich'));
    expect(rows.slice(first, first + 14)).toEqual([
      row('2 x Club sandwich', '-17.80'),
      row('1 x Latte', '-4.30'),
      '    + Oat milk (+0.40)',
      row('1 x Tip', '-2.00'),
      rule,
      row('REFUND TOTAL', '-24.10 €'),
      row('Card', '-24.10'),
      '  VISA **** 4242',
      '  Wrong order',
      rule,
      vat('VAT', 'Net', 'Tax', 'Gross'),
      vat('10%', '-16.18', '-1.62', '-17.80'),
      vat('20%', '-3.58', '-0.72', '-4.30'),
      '',
    ]);
  });

  it('a cash refund says Cash, and two refunds of one order give back the VAT only once', () => {
    const sc = new Scenario();
    lunch(sc);
    const paymentId = sc.cash(S, 2210, { tenderedMinor: 2500 }).payload.paymentId;
    const firstId = refund(sc, paymentId, 2000, 'Sandwiches sent back');
    const secondId = refund(sc, paymentId, 210, 'Latte sent back');
    const order = fold(sc);
    const first = refundSlipFor(order, firstId, CONTEXT);
    const second = refundSlipFor(order, secondId, CONTEXT);
    for (const slip of [first, second]) expectAddsUp(slip);
    expect(first.tenders).toEqual([{ label: 'Cash', amountMinor: -2000, details: ['Sandwiches sent back'] }]);
    // Each slip says what had been refunded when it was made, even printed after both.
    expect(first.footerLines).toContain('Refunded so far 20.00');
    expect(second.footerLines).toContain('Refunded so far 22.10');
    const vatOf = (slip: ReceiptDocument) => slip.taxSummary!.rows.map((r) => r.taxMinor);
    const together = vatOf(first).map((tax, i) => tax + vatOf(second)[i]!);
    // What the two slips give back per rate is within a cent of what the sale charged (each slip rounds once).
    const charged = order.taxes.map((t) => -t.taxMinor);
    together.forEach((tax, i) => expect(Math.abs(tax - charged[i]!)).toBeLessThanOrEqual(1));
  });

  it('a copy of a refunded order says COPY and lists the refunds and what was paid net', () => {
    const sc = new Scenario();
    lunch(sc);
    const paymentId = card(sc, 2210, 200);
    refund(sc, paymentId, 2410, 'Wrong order');
    const order = fold(sc);
    expect(order.status).toBe('refunded');
    const copy = receiptFor(order, CONTEXT, { copy: true });
    expectAddsUp(copy);
    const rows = paper(copy);
    expect(rows[0]!.trim()).toBe(COPY_BANNER);
    const refunds = rows.indexOf('REFUNDS');
    expect(rows.slice(refunds, refunds + 5)).toEqual([
      'REFUNDS',
      row('Card', '-24.10'),
      '  VISA **** 4242',
      '  Wrong order',
      row('NET PAID', '0.00 €'),
    ]);
    // The original (not a copy) never says COPY.
    expect(paper(receiptFor(order, CONTEXT)).map((r) => r.trim())).not.toContain(COPY_BANNER);
  });
});

describe('tax added on top (US style) and discounts', () => {
  it('prints the discount and the added tax as lines that add up to the total, and the tax table', () => {
    const sc = new Scenario({ currency: 'USD' });
    sc.open(S, { currency: 'USD' });
    const burger = sc.line(S, { name: 'Burger', priceMinor: 1200, tax: { ratePpm: 88_750, included: false } });
    sc.line(S, { name: 'Soda', priceMinor: 300, tax: { ratePpm: 88_750, included: false } });
    sc.emit(S, {
      type: 'DiscountApplied',
      v: 1,
      payload: {
        discountId: sc.id(),
        target: { kind: 'line', lineId: burger.payload.lineId },
        amount: { kind: 'fixed', amountMinor: 200 },
        reason: 'Staff meal',
      },
    });
    const before = fold(sc);
    sc.cash(S, before.totalMinor, { tenderedMinor: 2000 });
    const doc = receiptFor(fold(sc), CONTEXT);
    expectAddsUp(doc);
    expect(doc.lines.map((l) => [l.name, l.amountMinor])).toEqual([
      ['Burger', 1200],
      ['Soda', 300],
      ['Discount: Staff meal', -200],
      ['Tax 8.875%', 115],
    ]);
    expect(doc.taxSummary).toEqual({ heading: 'Tax', rows: [{ rate: '8.875%', netMinor: 1300, taxMinor: 115, grossMinor: 1415 }] });
  });

  it('prints no tax table for a catalog without tax', () => {
    const sc = new Scenario();
    sc.open(S);
    sc.line(S, { name: 'Water', priceMinor: 200 });
    sc.cash(S, 200);
    const doc = receiptFor(fold(sc), CONTEXT);
    expectAddsUp(doc);
    expect(doc.taxSummary).toBeUndefined();
    expect(paper(doc).join('\n')).not.toMatch(/VAT|Net/);
  });
});
