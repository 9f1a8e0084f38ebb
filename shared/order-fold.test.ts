import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainEvent, type NewEvent } from './events.js';
import { encodeHlc } from './hlc.js';
import { uuidv7 } from './ids.js';
import { foldOrder, versionVectorOf } from './order-fold.js';
import { Scenario } from './scenario.js';

const random = (n: number) => new Uint8Array(randomBytes(n));
const orderId = uuidv7(1_700_000_000_000, random);

function stamp(origin: string, seq: number, wallMs: number, draft: NewEvent): DomainEvent {
  return DomainEvent.parse({
    ...draft,
    id: uuidv7(wallMs, random),
    orderId,
    origin,
    seq,
    hlc: encodeHlc({ wallMs, counter: 0 }),
    vv: {},
    actor: { kind: 'device', id: origin },
  });
}

// Written as the first release wrote them (v1), which every later release must keep folding.
const opened = stamp('station-a', 1, 1000, {
  type: 'OrderOpened',
  v: 1,
  payload: { channel: 'counter', orderType: 'takeout', currency: 'EUR', ticketNumber: 7 },
});
const espresso = stamp('station-a', 2, 1001, {
  type: 'LineAdded',
  v: 1,
  payload: { lineId: uuidv7(1001, random), itemId: 'espresso', name: 'Espresso', quantity: 2, unitPriceMinor: 250 },
});
const croissant = stamp('station-b', 1, 1001, {
  type: 'LineAdded',
  v: 1,
  payload: { lineId: uuidv7(1001, random), itemId: 'croissant', name: 'Croissant', quantity: 1, unitPriceMinor: 220 },
});
const payment = stamp('station-a', 3, 1002, {
  type: 'PaymentCaptured',
  v: 1,
  payload: { paymentId: uuidv7(1002, random), method: 'cash', amountMinor: 720, tenderedMinor: 1000, changeMinor: 280 },
});
const lateLine = stamp('station-b', 2, 1003, {
  type: 'LineAdded',
  v: 1,
  payload: { lineId: uuidv7(1003, random), itemId: 'espresso', name: 'Espresso', quantity: 1, unitPriceMinor: 250 },
});

describe('foldOrder', () => {
  it('totals lines and marks the order paid', () => {
    const view = foldOrder([opened, espresso, croissant, payment]);
    expect(view).toMatchObject({ status: 'paid', totalMinor: 720, paidMinor: 720, changeMinor: 280, ticketNumber: 7, eventCount: 4 });
    // Same HLC: ties break on origin, so station-a's line comes before station-b's.
    expect(view?.lines.map((l) => [l.name, l.totalMinor])).toEqual([
      ['Espresso', 500],
      ['Croissant', 220],
    ]);
  });

  it('gives the same view for every arrival order and duplicate delivery', () => {
    const events = [opened, espresso, croissant, payment, lateLine];
    const expected = foldOrder(events);
    const shuffles = [
      [lateLine, payment, croissant, espresso, opened],
      [croissant, opened, lateLine, lateLine, payment, espresso, opened],
      [payment, opened, espresso, croissant, lateLine, croissant],
    ];
    for (const arrival of shuffles) expect(foldOrder(arrival)).toEqual(expected);
  });

  it('records a line added after payment as a conflict instead of charging it', () => {
    const view = foldOrder([opened, espresso, croissant, payment, lateLine]);
    expect(view?.totalMinor).toBe(720);
    expect(view?.conflicts).toEqual([
      {
        rule: 'line-after-payment',
        eventIds: [lateLine.id, payment.id],
        outcome: 'line "Espresso" was added after payment and is not charged',
      },
    ]);
  });

  it('waits for the opening event', () => {
    expect(foldOrder([espresso, payment])).toBeUndefined();
  });

  it('computes the version vector an author had seen', () => {
    expect(versionVectorOf([opened, espresso, croissant])).toEqual({ 'station-a': 2, 'station-b': 1 });
    expect(foldOrder([opened, espresso, croissant])?.vv).toEqual({ 'station-a': 2, 'station-b': 1 });
  });
});

describe('order lifecycle through the machines', () => {
  it('dine-in: placed, fired, cooked, bumped, paid with a card tip, completed', () => {
    const sc = new Scenario();
    sc.open('station-a', { orderType: 'dine_in' });
    const burger = sc.line('station-a', { name: 'Burger', priceMinor: 1290, station: 'grill' });
    const fries = sc.line('station-a', { name: 'Fries', priceMinor: 390, station: 'grill' });
    sc.place('station-a');
    const ticket = sc.fire('station-a', 'grill', [burger.payload.lineId, fries.payload.lineId]);
    const { ticketId } = ticket.payload;
    expect(foldOrder(sc.events)?.tickets).toMatchObject([
      { ticketId, status: 'queued', lineIds: [burger.payload.lineId, fries.payload.lineId] },
    ]);
    sc.kitchen('kds-grill', 'TicketStarted', ticketId);
    sc.kitchen('kds-grill', 'TicketReady', ticketId);
    sc.kitchen('kds-grill', 'TicketBumped', ticketId);
    const paymentId = sc.id();
    sc.emit('station-a', {
      type: 'PaymentAuthorized',
      v: 1,
      payload: { paymentId, method: 'card', amountMinor: 1680, tipMinor: 200, idempotencyKey: `attempt-${paymentId}` },
    });
    expect(foldOrder(sc.events)).toMatchObject({ status: 'placed', paidMinor: 0, dueMinor: 1680 });
    sc.emit('station-a', {
      type: 'PaymentCaptured',
      v: 2,
      payload: { paymentId, method: 'card', amountMinor: 1680, tipMinor: 200, changeMinor: 0, roundingMinor: 0 },
    });
    sc.emit('station-a', { type: 'OrderCompleted', v: 1, payload: {} });
    const view = foldOrder(sc.events);
    expect(view).toMatchObject({ status: 'completed', totalMinor: 1680, tipMinor: 200, paidMinor: 1880, dueMinor: 0, conflicts: [] });
    expect(view?.tickets[0]).toMatchObject({ status: 'bumped', flashCancelled: false });
    expect(view?.payments).toMatchObject([{ paymentId, method: 'card', status: 'captured', amountMinor: 1680, tipMinor: 200 }]);
  });

  it('web order paid online, then placed', () => {
    const sc = new Scenario();
    sc.open('web', { channel: 'web', channelOrderKey: 'shop-4411', customerName: 'Ada' });
    sc.line('web', { name: 'Pizza', priceMinor: 1100, station: 'oven' });
    sc.emit('web', {
      type: 'PaymentCaptured',
      v: 2,
      payload: { paymentId: sc.id(), method: 'wallet', amountMinor: 1100, tipMinor: 0, changeMinor: 0, roundingMinor: 0 },
    });
    sc.place('web');
    expect(foldOrder(sc.events)).toMatchObject({
      status: 'paid',
      channel: 'web',
      channelOrderKey: 'shop-4411',
      customerName: 'Ada',
      conflicts: [],
    });
  });

  it('a cancellation before anything happened cancels at once; with money it waits for the refund', () => {
    const sc = new Scenario();
    sc.open('station-a');
    sc.line('station-a', { name: 'Latte', priceMinor: 380 });
    sc.cancel('station-a');
    expect(foldOrder(sc.events)).toMatchObject({ status: 'cancelled', dueMinor: 0, refundDueMinor: 0 });

    const paid = new Scenario();
    paid.open('station-a');
    paid.line('station-a', { name: 'Latte', priceMinor: 380 });
    const payment = paid.cash('station-a', 380);
    paid.cancel('station-a');
    expect(foldOrder(paid.events)).toMatchObject({ status: 'refund_pending', refundDueMinor: 380 });
    paid.emit('station-a', {
      type: 'PaymentRefunded',
      v: 1,
      payload: { refundId: paid.id(), paymentId: payment.payload.paymentId, amountMinor: 380, reason: 'cancelled' },
    });
    expect(foldOrder(paid.events)).toMatchObject({ status: 'refunded', refundedMinor: 380, refundDueMinor: 0, conflicts: [] });
  });

  it('a cancellation while the kitchen cooks flashes the ticket until a cook acknowledges, then records the waste', () => {
    const sc = new Scenario();
    sc.open('station-a', { orderType: 'dine_in' });
    const burger = sc.line('station-a', { name: 'Burger', priceMinor: 1290, station: 'grill' });
    const salad = sc.line('station-a', { name: 'Salad', priceMinor: 850, station: 'cold' });
    sc.place('station-a');
    const grill = sc.fire('station-a', 'grill', [burger.payload.lineId]).payload.ticketId;
    const cold = sc.fire('station-a', 'cold', [salad.payload.lineId]).payload.ticketId;
    sc.kitchen('kds-grill', 'TicketStarted', grill);
    sc.cancel('station-a', 'table left');
    let view = foldOrder(sc.events)!;
    expect(view.status).toBe('cancel_requested');
    expect(view.tickets.map((t) => [t.station, t.status, t.flashCancelled])).toEqual([
      ['grill', 'cancel_pending', true],
      ['cold', 'cancelled', false],
    ]);
    sc.kitchen('kds-grill', 'TicketCancelAcknowledged', grill);
    view = foldOrder(sc.events)!;
    expect(view.status).toBe('cancelled');
    expect(view.waste).toEqual([{ ticketId: grill, lineId: burger.payload.lineId, name: 'Burger', quantity: 1 }]);
    expect(view.conflicts.map((c) => c.rule)).toEqual(['cancel-after-kitchen-start']);
    expect(cold).toBeDefined();
  });

  it('prices through the fold: modifiers, included VAT in two bands, a staff discount and cash rounding', () => {
    const sc = new Scenario();
    sc.open('station-a');
    const vat10 = { ratePpm: 100_000, included: true };
    sc.line('station-a', {
      name: 'Latte',
      priceMinor: 380,
      quantity: 2,
      tax: vat10,
      modifiers: [{ groupId: 'milk', optionId: 'oat', name: 'Oat', priceDeltaMinor: 40 }],
    });
    sc.line('station-a', { name: 'Croissant', priceMinor: 220, tax: vat10 });
    sc.line('station-a', { name: 'Water', priceMinor: 150, tax: { ratePpm: 200_000, included: true } });
    sc.emit('station-a', {
      type: 'DiscountApplied',
      v: 1,
      payload: { discountId: sc.id(), target: { kind: 'order' }, amount: { kind: 'percent', bp: 1000 }, reason: 'staff' },
    });
    sc.emit('station-a', {
      type: 'PaymentCaptured',
      v: 2,
      payload: {
        paymentId: sc.id(),
        method: 'cash',
        amountMinor: 1089,
        tipMinor: 0,
        tenderedMinor: 2000,
        changeMinor: 910,
        roundingMinor: 1,
      },
    });
    const view = foldOrder(sc.events)!;
    expect(view).toMatchObject({
      status: 'paid',
      subtotalMinor: 1210,
      discountMinor: 121,
      taxMinor: 110,
      totalMinor: 1089,
      paidMinor: 1089,
      cashRoundingMinor: 1,
      changeMinor: 910,
      dueMinor: 0,
    });
    expect(view.lines.map((l) => [l.name, l.totalMinor, l.discountMinor, l.netMinor])).toEqual([
      ['Latte', 840, 84, 756],
      ['Croissant', 220, 22, 198],
      ['Water', 150, 15, 135],
    ]);
    expect(view.discounts).toMatchObject([{ reason: 'staff', appliedMinor: 121 }]);
  });

  it('splits the bill in two and pays each part', () => {
    const sc = new Scenario();
    sc.open('station-a', { orderType: 'dine_in' });
    sc.line('station-a', { name: 'Menu', priceMinor: 1500, quantity: 2 });
    const [a, b] = [sc.id(), sc.id()];
    sc.emit('station-a', {
      type: 'TenderSplit',
      v: 1,
      payload: {
        parts: [
          { partId: a, amountMinor: 1500 },
          { partId: b, amountMinor: 1500 },
        ],
      },
    });
    sc.emit('station-a', {
      type: 'PaymentCaptured',
      v: 2,
      payload: { paymentId: sc.id(), method: 'card', amountMinor: 1500, tipMinor: 0, changeMinor: 0, roundingMinor: 0, splitPartId: a },
    });
    expect(foldOrder(sc.events)).toMatchObject({
      status: 'open',
      dueMinor: 1500,
      splitParts: [
        { partId: a, paidMinor: 1500 },
        { partId: b, paidMinor: 0 },
      ],
    });
    sc.emit('station-a', {
      type: 'PaymentCaptured',
      v: 2,
      payload: {
        paymentId: sc.id(),
        method: 'cash',
        amountMinor: 1500,
        tipMinor: 0,
        tenderedMinor: 2000,
        changeMinor: 500,
        roundingMinor: 0,
        splitPartId: b,
      },
    });
    expect(foldOrder(sc.events)).toMatchObject({ status: 'paid', paidMinor: 3000, changeMinor: 500 });
    const wrong = new Scenario();
    wrong.open('station-a');
    wrong.line('station-a', { name: 'Menu', priceMinor: 1500 });
    wrong.emit('station-a', {
      type: 'TenderSplit',
      v: 1,
      payload: {
        parts: [
          { partId: wrong.id(), amountMinor: 500 },
          { partId: wrong.id(), amountMinor: 500 },
        ],
      },
    });
    expect(foldOrder(wrong.events)?.conflicts[0]?.outcome).toBe(
      'ignored: TenderSplit needs parts that add up to what is due while the order is open',
    );
  });

  it('a void that lowers the total under a partial payment settles the order and gives change', () => {
    const sc = new Scenario();
    sc.open('station-a');
    sc.line('station-a', { name: 'Menu', priceMinor: 1000 });
    const extra = sc.line('station-a', { name: 'Dessert', priceMinor: 600 });
    sc.cash('station-a', 1200);
    sc.emit('station-a', { type: 'LineVoided', v: 1, payload: { lineId: extra.payload.lineId, reason: 'sold out' } });
    expect(foldOrder(sc.events)).toMatchObject({
      status: 'paid',
      totalMinor: 1000,
      paidMinor: 1000,
      overpaidMinor: 200,
      refundDueMinor: 200,
    });
  });
});
