import { describe, expect, it } from 'vitest';
import type { PaymentAttemptView } from '../../../shared/ipc/commands/payments.js';
import type { OrderView, PaymentView } from '../../../shared/order-view.js';
import { makeLine, makeOrder } from '../testing/fake-station.js';
import { customerScreen } from './customer-view.js';

const latte = () => ({
  ...makeLine({ itemId: 'latte', name: 'Latte', unitPriceMinor: 380 }),
  modifiers: [
    { groupId: 'milk', optionId: 'oat', name: 'Oat milk', priceDeltaMinor: 50 },
    { groupId: 'size', optionId: 'regular', name: 'Regular', priceDeltaMinor: 0 },
  ],
  totalMinor: 430,
});
const espresso = () => makeLine({ itemId: 'espresso', name: 'Espresso', unitPriceMinor: 250 });

const payment = (fields: Partial<PaymentView>): PaymentView => ({
  paymentId: 'p-1',
  method: 'cash',
  status: 'captured',
  amountMinor: 0,
  tipMinor: 0,
  refundedMinor: 0,
  roundingMinor: 0,
  changeMinor: 0,
  ...fields,
});

const attempt = (order: OrderView, fields: Partial<PaymentAttemptView> = {}): PaymentAttemptView => ({
  attemptId: 'a-1',
  orderId: order.id,
  method: 'card',
  state: 'authorizing',
  amountMinor: order.dueMinor,
  tipMinor: 0,
  currency: 'EUR',
  cancelRequested: false,
  createdAt: 1,
  updatedAt: 1,
  ...fields,
});

const rows = (order: OrderView, phase: 'ordering' | 'paid' = 'ordering', attempts: PaymentAttemptView[] = []) =>
  customerScreen(order, phase, attempts).totals.map((r) => [r.label, r.amount]);

describe('customer screen', () => {
  it('lists each option under its line with its upcharge, and merges repeated plain lines', () => {
    const order = makeOrder({ ticketNumber: 7, lines: [latte(), espresso(), espresso()], totalMinor: 930, subtotalMinor: 930 });
    const screen = customerScreen(order, 'ordering', []);
    expect(screen.heading).toBe('Order 7');
    expect(screen.lines.map((l) => [l.text, l.amount, l.details.map((d) => `${d.text} ${d.amount}`.trim())])).toEqual([
      ['1 × Latte', '€4.30', ['Oat milk +€0.50', 'Regular']],
      ['2 × Espresso', '€5.00', []],
    ]);
    expect(rows(order)).toEqual([['Total', '€9.30']]);
    expect(screen.prompt).toBeNull();
  });

  it('shows a line discount under its line and an order discount in the totals, with tax included', () => {
    const [a, b] = [espresso(), espresso()];
    const order = makeOrder({
      lines: [a, b],
      discounts: [
        {
          discountId: 'd1',
          target: { kind: 'line', lineId: a.lineId },
          amount: { kind: 'fixed', amountMinor: 50 },
          reason: 'Staff',
          appliedMinor: 50,
        },
        { discountId: 'd2', target: { kind: 'order' }, amount: { kind: 'percent', bp: 1000 }, reason: 'Loyalty', appliedMinor: 45 },
      ],
      subtotalMinor: 500,
      discountMinor: 95,
      taxes: [{ ratePpm: 100_000, included: true, baseMinor: 368, taxMinor: 37 }],
      taxMinor: 37,
      totalMinor: 405,
    });
    const screen = customerScreen(order, 'ordering', []);
    // The discounted espresso stays apart from the other one.
    expect(screen.lines.map((l) => [l.text, l.details.map((d) => `${d.text} ${d.amount}`)])).toEqual([
      ['1 × Espresso', ['Discount · Staff −€0.50']],
      ['1 × Espresso', []],
    ]);
    expect(rows(order)).toEqual([
      ['Subtotal', '€5.00'],
      ['Discount · Loyalty', '−€0.45'],
      ['Incl. tax', '€0.37'],
      ['Total', '€4.05'],
    ]);
  });

  it('asks for the card while the terminal waits, with the tip it will take', () => {
    const order = makeOrder({ lines: [espresso()], subtotalMinor: 250, totalMinor: 250, dueMinor: 250 });
    const waiting = customerScreen(order, 'ordering', [attempt(order, { tipMinor: 50 })]);
    expect(waiting.prompt).toEqual({ text: 'Tap or insert card', amount: '€3.00', tone: 'ask' });
    expect(rows(order, 'ordering', [attempt(order, { tipMinor: 50 })])).toContainEqual(['Tip', '€0.50']);
    expect(customerScreen(order, 'ordering', [attempt(order, { state: 'capturing' })]).prompt?.text).toBe('Card approved, one moment…');
    // Another order's card, or a finished attempt, asks nothing of this guest.
    expect(customerScreen(order, 'ordering', [attempt(order, { state: 'declined' })]).prompt).toBeNull();
    expect(customerScreen(order, 'ordering', [{ ...attempt(order), orderId: 'other' }]).prompt).toBeNull();
  });

  it('a split shows what is paid and what is still due, with the change of a cash part', () => {
    const order = makeOrder({
      lines: [espresso()],
      totalMinor: 470,
      paidMinor: 235,
      dueMinor: 235,
      payments: [payment({ amountMinor: 235, tenderedMinor: 500, changeMinor: 265 })],
      splitParts: [
        { partId: '1', amountMinor: 235, paidMinor: 235 },
        { partId: '2', amountMinor: 235, paidMinor: 0 },
      ],
    });
    expect(rows(order)).toEqual([
      ['Total', '€4.70'],
      ['Paid so far', '€2.35'],
      ['Still due', '€2.35'],
      ['Change', '€2.65'],
    ]);
  });

  it('after payment: thanks, the tip, what was paid, and the change only when cash was last', () => {
    const cash = makeOrder({
      lines: [espresso()],
      totalMinor: 250,
      paidMinor: 250,
      status: 'paid',
      payments: [payment({ amountMinor: 250 })],
    });
    expect(customerScreen(cash, 'paid', []).heading).toBe('Thank you!');
    expect(rows(cash, 'paid')).toEqual([
      ['Total', '€2.50'],
      ['Paid', '€2.50'],
      ['Change', '€0.00'],
    ]);
    const card = { ...cash, tipMinor: 50, paidMinor: 300, payments: [payment({ method: 'card', amountMinor: 250, tipMinor: 50 })] };
    expect(rows(card, 'paid')).toEqual([
      ['Total', '€2.50'],
      ['Tip', '€0.50'],
      ['Paid', '€3.00'],
    ]);
  });
});

describe('customer screen during the next part', () => {
  it('drops the last cash part’s change once the next guest’s card is in play', () => {
    const order = makeOrder({
      lines: [espresso()],
      totalMinor: 470,
      paidMinor: 235,
      dueMinor: 235,
      payments: [payment({ amountMinor: 235, tenderedMinor: 500, changeMinor: 265 })],
    });
    expect(rows(order, 'ordering', [attempt(order)]).map(([label]) => label)).toEqual(['Total', 'Paid so far', 'Still due']);
  });
});

describe('customer screen after a declined card', () => {
  it('says the card was declined until another payment or attempt follows', () => {
    const declined = makeOrder({
      lines: [espresso()],
      totalMinor: 250,
      dueMinor: 250,
      payments: [payment({ paymentId: 'a-1', method: 'card', status: 'failed' })],
    });
    expect(customerScreen(declined, 'ordering', []).prompt).toEqual({ text: 'Card declined', amount: '', tone: 'refused' });
    // The retry at the terminal asks again.
    expect(customerScreen(declined, 'ordering', [attempt(declined, { attemptId: 'a-2', createdAt: 2 })]).prompt?.text).toBe(
      'Tap or insert card',
    );
    // Cash taken after it: nothing about the card any more.
    const cashAfter = {
      ...declined,
      payments: [...declined.payments, payment({ paymentId: 'p-2', amountMinor: 100, tenderedMinor: 100 })],
    };
    expect(customerScreen(cashAfter, 'ordering', []).prompt).toBeNull();
  });
});
