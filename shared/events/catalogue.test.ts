import { describe, expect, it } from 'vitest';
import {
  admitEvent,
  currentVersion,
  DomainEvent,
  EVENT_CATALOGUE,
  EVENT_TYPES,
  EventFromWire,
  parseEvent,
  upcastEvent,
} from '../events.js';
import { foldOrder } from '../order-fold.js';
import { Scenario } from '../scenario.js';
import { CurrentEvent } from './catalogue.js';

/** Exactly what the first release wrote into stations' SQLite files (v1 of all three types). */
const ORDER = '018bcfe5-6800-7000-8000-000000000001';
const envelope = (id: string, seq: number, ms: number) => ({
  id: `018bcfe5-68${id}-7000-8000-000000000000`,
  orderId: ORDER,
  origin: 'station-1',
  seq,
  hlc: `00${ms}-00000`,
  vv: { 'station-1': seq - 1 },
  actor: { kind: 'staff', id: 'cashier-1' },
});
const storedV1 = [
  {
    ...envelope('00', 1, 1_700_000_000_000),
    type: 'OrderOpened',
    v: 1,
    payload: { channel: 'counter', orderType: 'takeout', currency: 'EUR', ticketNumber: 12 },
  },
  {
    ...envelope('01', 2, 1_700_000_000_001),
    type: 'LineAdded',
    v: 1,
    payload: {
      lineId: '018bcfe5-6801-7000-8000-00000000000a',
      itemId: 'espresso',
      name: 'Espresso',
      quantity: 2,
      unitPriceMinor: 250,
      kitchenStation: 'bar',
    },
  },
  {
    ...envelope('02', 3, 1_700_000_000_002),
    type: 'PaymentCaptured',
    v: 1,
    payload: { paymentId: '018bcfe5-6802-7000-8000-00000000000b', method: 'cash', amountMinor: 500, tenderedMinor: 1000, changeMinor: 500 },
  },
];

describe('event catalogue', () => {
  it('reads v1 events as stored, without rewriting them, and upcasts them on read', () => {
    const parsed = storedV1.map((raw) => DomainEvent.parse(raw));
    expect(parsed.map((e) => [e.type, e.v])).toEqual([
      ['OrderOpened', 1],
      ['LineAdded', 1],
      ['PaymentCaptured', 1],
    ]);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(storedV1);
    const current = parsed.map(upcastEvent);
    expect(current.map((e) => e.v)).toEqual([2, 2, 2]);
    expect(current[1]).toMatchObject({ payload: { modifiers: [], tax: { ratePpm: 0, included: true }, kitchenStation: 'bar' } });
    expect(current[2]).toMatchObject({ payload: { method: 'cash', tipMinor: 0, roundingMinor: 0, tenderedMinor: 1000, changeMinor: 500 } });
    for (const e of current) expect(CurrentEvent.safeParse(e).success).toBe(true);
    expect(EventFromWire.parse(storedV1[2])).toEqual(current[2]);
  });

  it('folds a v1 history to the same order as before the catalogue grew', () => {
    const view = foldOrder(storedV1.map((raw) => DomainEvent.parse(raw)));
    expect(view).toMatchObject({
      status: 'paid',
      ticketNumber: 12,
      totalMinor: 500,
      paidMinor: 500,
      changeMinor: 500,
      dueMinor: 0,
      conflicts: [],
    });
    expect(view?.lines).toMatchObject([{ name: 'Espresso', quantity: 2, totalMinor: 500, netMinor: 500, kitchenStation: 'bar' }]);
  });

  it('folds a log that mixes versions like the same log written at the current version', () => {
    const v1 = storedV1.map((raw) => DomainEvent.parse(raw));
    expect(foldOrder([v1[0]!, upcastEvent(v1[1]!), v1[2]!])).toEqual(foldOrder(v1.map(upcastEvent)));
  });

  it('has a current schema, and an upcaster per superseded version, for every type', () => {
    expect(EVENT_TYPES.sort()).toEqual(CurrentEvent.options.map((o) => o.shape.type.value).sort());
    for (const type of EVENT_TYPES) {
      const entry = EVENT_CATALOGUE[type];
      expect(entry.upcast).toHaveLength(entry.versions.length - 1);
      expect(currentVersion(type)).toBe(entry.versions.length);
    }
  });

  it('names the field of a malformed event, and tells a newer writer from a broken one', () => {
    const line = storedV1[1]!;
    expect(parseEvent({ ...line, type: 'LineTeleported' })).toEqual({
      ok: false,
      error: { code: 'unsupported_event', field: 'type', message: 'type: unknown event type "LineTeleported"' },
    });
    expect(parseEvent({ ...line, v: 3 })).toEqual({
      ok: false,
      error: {
        code: 'unsupported_event',
        field: 'v',
        message: 'v: LineAdded v3 is newer than this build understands (it reads v1–v2); no upcaster, upgrade to read it',
      },
    });
    expect(parseEvent({ ...line, v: 'one' })).toMatchObject({ ok: false, error: { code: 'invalid_event', field: 'v' } });
    expect(parseEvent({ ...line, payload: { ...line.payload, quantity: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_event', field: 'payload.quantity' },
    });
    expect(parseEvent({ ...line, hlc: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'invalid_event', field: 'hlc' } });
    expect(parseEvent({ ...line, type: 7 })).toMatchObject({ ok: false, error: { code: 'invalid_event', field: 'type' } });
    expect(parseEvent('LineAdded')).toMatchObject({
      ok: false,
      error: { code: 'invalid_event', field: '', message: 'event must be a JSON object' },
    });
    const badChange = {
      ...storedV1[2]!,
      v: 2,
      payload: {
        paymentId: '018bcfe5-6802-7000-8000-00000000000b',
        method: 'cash',
        amountMinor: 500,
        tipMinor: 0,
        tenderedMinor: 1000,
        changeMinor: 400,
        roundingMinor: 0,
      },
    };
    expect(parseEvent(badChange)).toMatchObject({ ok: false, error: { code: 'invalid_event', field: 'payload.changeMinor' } });
  });

  it('refuses an event stamped beyond the drift bound, naming hlc', () => {
    const now = 1_700_000_000_000;
    expect(admitEvent(storedV1[0], { nowMs: now, maxDriftMs: 60_000 })).toMatchObject({ ok: true });
    const ahead = { ...storedV1[0], hlc: `00${now + 3_600_000}-00000` };
    expect(admitEvent(ahead, { nowMs: now, maxDriftMs: 60_000 })).toEqual({
      ok: false,
      error: {
        code: 'clock_skew',
        field: 'hlc',
        message: "hlc: stamped 3600000 ms ahead of this clock (limit 60000 ms); the author's clock is wrong",
      },
    });
  });

  it('never lets a malformed event near a fold: the scenario writer and the fold agree on what is valid', () => {
    const sc = new Scenario();
    sc.open('station-a');
    expect(() => sc.line('station-a', { name: 'Broken', priceMinor: -1 })).toThrow();
    expect(foldOrder(sc.events)?.lines).toEqual([]);
  });
});
