import { describe, expect, it } from 'vitest';
import type { CurrentEvent } from '../events.js';
import { foldOrder } from '../order-fold.js';
import { Scenario, type EmitOptions } from '../scenario.js';
import { ticketIdFor } from '../ticket-id.js';

const T = 1_700_000_001_000;

/** A placed web order: burger and fries for the grill, a latte for the bar; no tickets yet. */
function webOrder() {
  const sc = new Scenario();
  sc.open('web', { channel: 'web', orderType: 'takeout' });
  const burger = sc.line('web', { name: 'Burger', priceMinor: 1290, station: 'grill' }).payload.lineId;
  const fries = sc.line('web', { name: 'Fries', priceMinor: 390, station: 'grill' }).payload.lineId;
  const latte = sc.line('web', { name: 'Latte', priceMinor: 380, station: 'bar' }).payload.lineId;
  sc.place('web');
  const rounds: [string, string[]][] = [
    ['grill', [burger, fries]],
    ['bar', [latte]],
  ];
  /** What a station's channel firing writes for this order: one ticket per kitchen station, ids derived. */
  const fire = (origin: string, options: EmitOptions = {}) =>
    rounds.map(([station, lineIds]) =>
      sc.fire(origin, station, lineIds, { ticketId: ticketIdFor(sc.orderId, station, lineIds), ...options }),
    );
  return { sc, fire, burger, fries, latte, grill: ticketIdFor(sc.orderId, 'grill', [burger, fries]) };
}

const without = (events: readonly CurrentEvent[], origin: string) => events.filter((e) => e.type !== 'TicketFired' || e.origin !== origin);

describe('the same firing from two stations', () => {
  it('is one set of tickets and no conflict, in either merge order and any delivery order', () => {
    for (const aFirst of [true, false]) {
      const { sc, fire, grill } = webOrder();
      const before = sc.snapshot();
      fire('station-a', { sees: before, atMs: aFirst ? T : T + 5 });
      fire('station-b', { sees: before, atMs: aFirst ? T + 5 : T });
      const view = foldOrder(sc.events)!;
      expect(view.conflicts).toEqual([]);
      expect(view.tickets.map((t) => [t.station, t.lineIds.length, t.status])).toEqual([
        ['grill', 2, 'queued'],
        ['bar', 1, 'queued'],
      ]);
      expect(view.tickets[0]!.ticketId).toBe(grill);
      expect(foldOrder([...sc.events].reverse())).toEqual(view);
      // Exactly what the station first in merge order wrote on its own.
      const alone = foldOrder(without(sc.events, aFirst ? 'station-b' : 'station-a'))!;
      expect(view.tickets).toEqual(alone.tickets);
      expect(view.lines).toEqual(alone.lines);
    }
  });

  it('changes nothing when it arrives after the kitchen worked the ticket, or after the order completed', () => {
    const { sc, fire, grill } = webOrder();
    const before = sc.snapshot();
    fire('station-a', { atMs: T });
    sc.kitchen('kds', 'TicketStarted', grill, { atMs: T + 1 });
    sc.kitchen('kds', 'TicketBumped', grill, { atMs: T + 2 });
    sc.cash('station-a', 2060, { atMs: T + 3 });
    sc.emit('station-a', { type: 'OrderCompleted', v: 1, payload: {} }, { atMs: T + 4 });
    fire('station-b', { sees: before, atMs: T + 10 });
    const view = foldOrder(sc.events)!;
    expect(view.conflicts).toEqual([]);
    expect(view.status).toBe('completed');
    expect(view.tickets.find((t) => t.ticketId === grill)?.status).toBe('bumped');
    expect(foldOrder([...sc.events].reverse())).toEqual(view);
  });

  it('refused once is recorded once: both stations fired concurrently with a cancellation', () => {
    const { sc, fire } = webOrder();
    const before = sc.snapshot();
    sc.cancel('web', 'customer cancelled', { sees: before, atMs: T });
    const a = fire('station-a', { sees: before, atMs: T + 1 });
    fire('station-b', { sees: before, atMs: T + 2 });
    const view = foldOrder(sc.events)!;
    expect(view.tickets).toEqual([]);
    expect(view.conflicts.map((c) => c.eventIds[0])).toEqual(a.map((e) => e.id));
    expect(foldOrder([...sc.events].reverse())).toEqual(view);
  });

  it('a line voided concurrently is recorded once, against the firing first in merge order', () => {
    const { sc, fire, fries } = webOrder();
    const before = sc.snapshot();
    sc.emit('web', { type: 'LineVoided', v: 1, payload: { lineId: fries, reason: 'sold out' } }, { sees: before, atMs: T });
    const a = fire('station-a', { sees: before, atMs: T + 1 });
    fire('station-b', { sees: before, atMs: T + 2 });
    const view = foldOrder(sc.events)!;
    expect(view.conflicts.map((c) => [c.rule, c.eventIds[0]])).toEqual([['void-after-fired', a[0]!.id]]);
  });
});

describe('a ticket id with other content', () => {
  it('stays a conflict: the first in merge order stands', () => {
    const { sc, fire, grill, latte } = webOrder();
    fire('station-a');
    const stray = sc.fire('station-b', 'grill', [latte], { ticketId: grill });
    const elsewhere = sc.fire('station-b', 'fryer', foldOrder(sc.events)!.tickets[0]!.lineIds, { ticketId: grill });
    const view = foldOrder(sc.events)!;
    expect(view.conflicts.map((c) => [c.rule, c.eventIds[0]])).toEqual([
      ['ticket-id-reused', stray.id],
      ['ticket-id-reused', elsewhere.id],
    ]);
    expect(view.conflicts[1]!.outcome).toContain('to grill, not fryer');
    expect(view.tickets.find((t) => t.ticketId === grill)?.station).toBe('grill');
  });
});

describe('tickets fired before ids were derived', () => {
  it('fold as they did: the same lines fired as two random ids are a duplicate-fire', () => {
    const { sc, burger, fries } = webOrder();
    const before = sc.snapshot();
    const first = sc.fire('station-a', 'grill', [burger, fries], { sees: before, atMs: T });
    const second = sc.fire('station-b', 'grill', [burger, fries], { sees: before, atMs: T + 1 });
    const view = foldOrder(sc.events)!;
    expect(view.tickets.map((t) => t.ticketId)).toEqual([first.payload.ticketId]);
    expect(view.conflicts.map((c) => [c.rule, c.eventIds])).toEqual([['duplicate-fire', [second.id, first.id]]]);
  });
});
