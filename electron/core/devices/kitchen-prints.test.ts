import { describe, expect, it } from 'vitest';
import { foldOrder } from '../../../shared/order-fold.js';
import { Scenario } from '../../../shared/scenario.js';
import { DevicesConfig } from './device-config.js';
import { kitchenStationsOwned, kitchenTicketsDue, STALE_TICKET_MS, type KitchenPrintRules } from './kitchen-prints.js';

const START_MS = 1_700_000_000_000;
const GRILL = '0190b1e2-0000-7000-8000-000000000001';
const BAR = '0190b1e2-0000-7000-8000-000000000002';

describe('which kitchen stations print here: the ones this station routes to a printer of its own', () => {
  const printers = [
    { id: 'receipt', transport: { kind: 'virtual' } },
    { id: 'grill-printer', transport: { kind: 'virtual' } },
  ] as const;
  const owned = (routing: unknown) => kitchenStationsOwned(DevicesConfig.parse({ printers, routing }));

  it('a counter with a receipt printer only prints no kitchen ticket', () => {
    const owns = owned({ receipt: { printer: 'receipt' } });
    expect(['grill', 'bar', 'Kitchen'].map(owns)).toEqual([false, false, false]);
  });

  it('an explicit route claims its station (names match as routing does); a default claims the rest', () => {
    const kitchenPc = owned({ receipt: { printer: 'receipt' }, kitchen: { Grill: { printer: 'grill-printer' } } });
    expect([kitchenPc('grill'), kitchenPc(' GRILL '), kitchenPc('bar')]).toEqual([true, true, false]);
    const single = owned({ receipt: { printer: 'receipt' }, kitchenDefault: { printer: 'receipt' } });
    expect([single('grill'), single('bar'), single('Kitchen')]).toEqual([true, true, true]);
  });

  it('a route to a printer this station does not have claims nothing', () => {
    const owns = kitchenStationsOwned({
      printers: DevicesConfig.parse({ printers, routing: { receipt: { printer: 'receipt' } } }).printers,
      routing: { receipt: { printer: 'receipt' }, kitchen: { grill: { printer: 'elsewhere' } } },
    });
    expect(owns('grill')).toBe(false);
  });
});

describe('the kitchen tickets a commit makes due here', () => {
  /** Grill and bar lines of one order; `write` answers the order after some events and those events. */
  function order(channel: 'counter' | 'web') {
    const sc = new Scenario({ startMs: START_MS });
    sc.open('till', { channel, ticketNumber: 5 });
    const grill = sc.line('till', { name: 'Club sandwich', priceMinor: 890, station: 'grill' }).payload.lineId;
    const bar = sc.line('till', { name: 'Espresso', priceMinor: 250, station: 'bar' }).payload.lineId;
    const write = (emit: () => void) => {
      const from = sc.events.length;
      emit();
      return { order: foldOrder(sc.events)!, events: sc.events.slice(from) };
    };
    return { sc, grill, bar, write };
  }
  const grillOnly = (station: string) => station === 'grill';
  const rules = (over: Partial<KitchenPrintRules> = {}): KitchenPrintRules => ({
    owns: grillOnly,
    local: false,
    now: START_MS + 60_000,
    staleAfterMs: STALE_TICKET_MS,
    ...over,
  });

  it('a fired web order: the fired tickets of stations this station owns, from any source', () => {
    const o = order('web');
    o.sc.place('till');
    const fired = o.write(() => {
      o.sc.fire('till', 'grill', [o.grill], { ticketId: GRILL });
      o.sc.fire('till', 'bar', [o.bar], { ticketId: BAR });
    });
    expect(kitchenTicketsDue(fired.order, fired.events, rules())).toEqual({ print: [GRILL], stale: [] });
    expect(kitchenTicketsDue(fired.order, fired.events, rules({ local: true }))).toEqual({ print: [GRILL], stale: [] });
    expect(kitchenTicketsDue(fired.order, fired.events, rules({ owns: () => false }))).toEqual({ print: [], stale: [] });
  });

  it('a counter sale prints nothing when fired, and every ticket it owns when it is paid', () => {
    const o = order('counter');
    const fired = o.write(() => {
      o.sc.place('till');
      o.sc.fire('till', 'grill', [o.grill], { ticketId: GRILL });
    });
    expect(kitchenTicketsDue(fired.order, fired.events, rules())).toEqual({ print: [], stale: [] });
    const paid = o.write(() => o.sc.cash('till', 1140));
    expect(paid.order.status).toBe('paid');
    expect(kitchenTicketsDue(paid.order, paid.events, rules())).toEqual({ print: [GRILL], stale: [] });
  });

  it('a page that brings a ticket too late prints nothing (history); a local write is never late', () => {
    const o = order('web');
    o.sc.place('till');
    const fired = o.write(() => o.sc.fire('till', 'grill', [o.grill], { ticketId: GRILL }));
    const later = START_MS + STALE_TICKET_MS + 60_000;
    expect(kitchenTicketsDue(fired.order, fired.events, rules({ now: later }))).toEqual({ print: [], stale: [GRILL] });
    expect(kitchenTicketsDue(fired.order, fired.events, rules({ now: later, local: true }))).toEqual({
      print: [GRILL],
      stale: [],
    });
  });

  it('a ticket already made, bumped or cancelled needs no paper any more', () => {
    const o = order('web');
    o.sc.place('till');
    const fired = o.write(() => {
      o.sc.fire('till', 'grill', [o.grill], { ticketId: GRILL });
      o.sc.kitchen('kds', 'TicketStarted', GRILL);
      o.sc.kitchen('kds', 'TicketReady', GRILL);
    });
    expect(kitchenTicketsDue(fired.order, fired.events, rules())).toEqual({ print: [], stale: [] });
    const cancelled = order('web');
    cancelled.sc.place('till');
    const gone = cancelled.write(() => {
      cancelled.sc.fire('till', 'grill', [cancelled.grill], { ticketId: GRILL });
      cancelled.sc.cancel('till');
    });
    expect(kitchenTicketsDue(gone.order, gone.events, rules())).toEqual({ print: [], stale: [] });
  });

  it('tickets that arrived before their order print when the order opening arrives', () => {
    const o = order('web');
    o.sc.place('till');
    o.sc.fire('till', 'grill', [o.grill], { ticketId: GRILL });
    // The whole order in one page (the opening came last, after the peer's firing was stored).
    const all = { order: foldOrder(o.sc.events)!, events: o.sc.events };
    expect(kitchenTicketsDue(all.order, all.events, rules())).toEqual({ print: [GRILL], stale: [] });
    // A page with other orders' events or a later unrelated change of this one prints nothing.
    const other = new Scenario({ startMs: START_MS, seed: 7 });
    other.open('till', { channel: 'web' });
    expect(kitchenTicketsDue(all.order, other.events, rules())).toEqual({ print: [], stale: [] });
    const noted = o.write(() => o.sc.kitchen('kds', 'TicketStarted', GRILL));
    expect(kitchenTicketsDue(noted.order, noted.events, rules())).toEqual({ print: [], stale: [] });
  });
});
