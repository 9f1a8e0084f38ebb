import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainEvent, type NewEvent } from './events.js';
import { encodeHlc } from './hlc.js';
import { uuidv7 } from './ids.js';
import { foldOrder, versionVectorOf } from './order-fold.js';

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
      { rule: 'line-after-payment', eventIds: [lateLine.id], outcome: 'line "Espresso" was added after payment and is not charged' },
    ]);
  });

  it('waits for the opening event', () => {
    expect(foldOrder([espresso, payment])).toBeUndefined();
  });

  it('computes the version vector an author had seen', () => {
    expect(versionVectorOf([opened, espresso, croissant])).toEqual({ 'station-a': 2, 'station-b': 1 });
  });
});
