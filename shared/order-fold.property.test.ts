import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARBITER_RULES } from './arbiter/rules.js';
import { canonicalHash } from './canonical.js';
import { DomainEvent, type CurrentEvent } from './events.js';
import { foldOrder } from './order-fold.js';
import { OrderView } from './order-view.js';
import { simulate, type SimScript, type SimStep } from './testing/order-simulator.js';
import { randomEvents } from './testing/random-events.js';
import { Scenario } from './scenario.js';
import { ticketIdFor } from './ticket-id.js';

/**
 * Random concurrent histories from up to four replicas (two tills, a kitchen screen, a web
 * channel) that sync only now and then: 10,000 cases here, plus the machine, version-vector and
 * pricing properties elsewhere.
 */
const step: fc.Arbitrary<SimStep> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      who: fc.nat(3),
      op: fc.nat(200),
      pick: fc.nat(1000),
      amt: fc.integer({ min: 1, max: 5000 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(3), to: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 50 }) }) },
);
const script: fc.Arbitrary<SimScript> = fc.record({
  replicas: fc.integer({ min: 2, max: 4 }),
  skewsMs: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 4, maxLength: 4 }),
  steps: fc.array(step, { minLength: 4, maxLength: 48, size: 'max' }),
});
const history = script.map((s) => simulate(s));
const RULES = new Set<string>(ARBITER_RULES.map((r) => r.name));

const hash = (events: readonly CurrentEvent[]) => canonicalHash(foldOrder(events));

function moneyInvariants(view: OrderView): void {
  expect(view.totalMinor).toBeGreaterThanOrEqual(0);
  expect(view.subtotalMinor).toBeGreaterThanOrEqual(0);
  expect(view.discountMinor).toBeLessThanOrEqual(view.subtotalMinor);
  expect(view.paidMinor).toBeLessThanOrEqual(view.totalMinor + view.tipMinor);
  // Refunds never exceed the money received (what counts toward the total, tips and overpayment).
  expect(view.refundedMinor).toBeLessThanOrEqual(view.paidMinor + view.overpaidMinor);
  for (const p of view.payments) expect(p.refundedMinor).toBeLessThanOrEqual(p.amountMinor + p.tipMinor);
  for (const line of view.lines) {
    expect(line.netMinor).toBeGreaterThanOrEqual(0);
    expect(line.netMinor + line.discountMinor).toBe(line.totalMinor);
  }
  const nets = view.lines.reduce((s, l) => s + l.netMinor, 0);
  const added = view.taxes.filter((t) => !t.included).reduce((s, t) => s + t.taxMinor, 0);
  expect(view.totalMinor).toBe(nets + added);
  expect(view.subtotalMinor - view.discountMinor).toBe(nets);
  for (const field of ['dueMinor', 'overpaidMinor', 'refundDueMinor', 'tipMinor', 'refundedMinor', 'changeMinor'] as const) {
    expect(view[field]).toBeGreaterThanOrEqual(0);
  }
}

describe('merge log properties', () => {
  it('every permutation and duplication of delivery folds to the same canonical hash', () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(), { minLength: 1, maxLength: 80 }), ({ events }, noise) => {
        const expected = hash(events);
        // A delivery schedule: shuffled, with repeats, as a flaky network would produce.
        const keyed = events.map((e, i) => ({ e, k: noise[i % noise.length]! * 1000 + ((i * 7919) % 997) }));
        const shuffled = keyed.sort((a, b) => a.k - b.k).map((x) => x.e);
        const duplicated = [...shuffled, ...shuffled.filter((_, i) => noise[i % noise.length]! % 3 === 0)];
        expect(hash(duplicated)).toBe(expected);
        expect(hash([...events].reverse())).toBe(expected);
      }),
      { numRuns: 2500 },
    );
  });

  it('replicas converge after any interleaving of syncs, and an incremental fold equals the batch fold', () => {
    fc.assert(
      fc.property(history, ({ events, known }) => {
        const expected = hash(events);
        // Each replica then receives what it was missing, in its own order.
        for (const mine of known) {
          const ids = new Set(mine.map((e) => e.id));
          expect(hash([...mine, ...events.filter((e) => !ids.has(e.id)).reverse()])).toBe(expected);
        }
        let log: CurrentEvent[] = [];
        for (const e of [...events].reverse()) {
          log = [...log, e];
          foldOrder(log);
        }
        expect(hash(log)).toBe(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('folding is idempotent: re-delivering any subset changes nothing', () => {
    fc.assert(
      fc.property(history, fc.nat(), ({ events }, cut) => {
        const view = foldOrder(events);
        expect(foldOrder([...events, ...events])).toEqual(view);
        expect(foldOrder([...events, ...events.slice(cut % (events.length + 1))])).toEqual(view);
      }),
      { numRuns: 2000 },
    );
  });

  it('money invariants hold in every view any replica saw and in the final one; views satisfy the schema', () => {
    fc.assert(
      fc.property(history, ({ events, views }) => {
        const final = foldOrder(events)!;
        expect(OrderView.safeParse(final).success).toBe(true);
        for (const view of [...views, final]) moneyInvariants(view);
      }),
      { numRuns: 1500 },
    );
  });

  it('every conflict has exactly one resolution by a named rule, and the generator writes only well-formed events', () => {
    fc.assert(
      fc.property(history, ({ events }) => {
        for (const e of events) expect(DomainEvent.safeParse(e).success).toBe(true);
        const view = foldOrder(events)!;
        const subjects = new Set<string>();
        for (const c of view.conflicts) {
          expect(RULES.has(c.rule)).toBe(true);
          expect(c.outcome.length).toBeGreaterThan(0);
          expect(subjects.has(c.eventIds[0]!)).toBe(false);
          subjects.add(c.eventIds[0]!);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('store-wide kitchen firing', () => {
  const STATIONS = ['grill', 'bar', 'cold'] as const;
  const firingCase = fc.record({
    lines: fc.array(fc.nat(STATIONS.length - 1), { minLength: 1, maxLength: 6 }),
    atA: fc.nat(20),
    atB: fc.nat(20),
    // How far the kitchen, which heard from station A only, takes each of its tickets, and how fast.
    kitchen: fc.array(fc.record({ steps: fc.nat(4), gap: fc.integer({ min: 1, max: 10 }) }), { minLength: 3, maxLength: 3 }),
    delivery: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
  });
  const meta = ({ eventCount: _c, lastHlc: _h, vv: _v, ...rest }: OrderView) => rest;

  it('any interleaving of two stations firing the same order folds to one set of tickets with no conflicts', () => {
    fc.assert(
      fc.property(firingCase, ({ lines, atA, atB, kitchen, delivery }) => {
        const sc = new Scenario();
        sc.open('web', { channel: 'web' });
        const added = lines.map((st, i) => sc.line('web', { name: `Dish ${i}`, priceMinor: 500, station: STATIONS[st]! }).payload);
        sc.place('web');
        const placed = sc.snapshot();
        const t0 = 1_700_000_100_000;
        // Each station fires what it sees unfired, grouped by station in line order, as ticketsToFire does.
        const fire = (origin: string, atMs: number) =>
          STATIONS.flatMap((station) => {
            const ids = added.filter((l) => l.kitchenStation === station).map((l) => l.lineId);
            if (ids.length === 0) return [];
            return [sc.fire(origin, station, ids, { ticketId: ticketIdFor(sc.orderId, station, ids), sees: placed, atMs: t0 + atMs })];
          });
        const a = fire('station-a', atA);
        fire('station-b', atB);
        a.forEach((fired, i) => {
          const { steps, gap } = kitchen[i]!;
          (['TicketStarted', 'TicketReady', 'TicketBumped', 'TicketRecalled'] as const).slice(0, steps).forEach((type, n) => {
            sc.kitchen('kds', type, fired.payload.ticketId, { sees: [...placed, ...a], atMs: t0 + atA + gap * (n + 1) });
          });
        });
        const events = sc.events;
        const view = foldOrder(events)!;
        expect(view.conflicts).toEqual([]);
        expect(view.tickets).toHaveLength(a.length);
        expect(view.lines.every((l) => l.ticketId !== undefined)).toBe(true);
        // Any delivery order, with repeats.
        const shuffled = events
          .map((e, i) => ({ e, k: delivery[i % delivery.length]! * 64 + i }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.e);
        expect(foldOrder([...shuffled, ...shuffled.slice(0, delivery[0]! % (events.length + 1))])).toEqual(view);
        // The same as if only the station first in merge order had fired.
        const later = atA <= atB ? 'station-b' : 'station-a';
        const alone = foldOrder(events.filter((e) => e.type !== 'TicketFired' || e.origin !== later))!;
        expect(meta(view)).toEqual(meta(alone));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the fold on arbitrary well-formed events', () => {
  const spec = fc.record({
    type: fc.nat(23),
    origin: fc.nat(3),
    ms: fc.nat(1000),
    ref: fc.nat(1000),
    amount: fc.nat(100_000),
    sees: fc.nat(15),
  });

  it('never throws, stays deterministic and keeps the money invariants, whatever the events say', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 40 }), (specs) => {
        const events = randomEvents(specs);
        for (const e of events) expect(DomainEvent.safeParse(e).success).toBe(true);
        const view = foldOrder(events)!;
        expect(OrderView.safeParse(view).success).toBe(true);
        moneyInvariants(view);
        expect(canonicalHash(foldOrder([...events].reverse()))).toBe(canonicalHash(view));
        const subjects = view.conflicts.map((c) => c.eventIds[0]);
        expect(new Set(subjects).size).toBe(subjects.length);
        // A refused reference always has a specific rule; only machine refusals reach the catch-all.
        for (const c of view.conflicts)
          if (c.rule === 'illegal-transition') expect(c.outcome).toMatch(/while the (order|ticket|payment) is/);
      }),
      { numRuns: 1000 },
    );
  });
});
