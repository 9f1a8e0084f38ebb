import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../shared/hlc.js';
import type { OrderView, TicketView } from '../../../shared/order-view.js';
import { BASE_TIME_MS, makeLine, makeOrder } from '../testing/fake-station.js';
import {
  allDayCounts,
  allLinesDone,
  allTickets,
  canMarkLines,
  cardName,
  expoBumpBlocker,
  isAllergyNote,
  modifierOf,
  nextUndoneLine,
  ticketCode,
  formatTimer,
  groupByOrder,
  newTicketKeys,
  parseStationView,
  recentlyBumped,
  stationTickets,
  stationViewKey,
  stationsOf,
  routedStation,
  ticketsOfOrder,
  timerColour,
} from './kds-model.js';

const at = (offsetMs: number, counter = 0) => encodeHlc({ wallMs: BASE_TIME_MS + offsetMs, counter });

function ticketed(opts: {
  number: number;
  firedOffset: number;
  stations: Record<string, { name: string; qty?: number; note?: string; mods?: string[] }[]>;
  status?: TicketView['status'];
  channel?: OrderView['channel'];
  lastHlc?: string;
}): OrderView {
  const lines: OrderView['lines'] = [];
  const tickets: TicketView[] = [];
  for (const [station, items] of Object.entries(opts.stations)) {
    const ticketId = `t${opts.number}-${station}`;
    const ids: string[] = [];
    for (const item of items) {
      const line = {
        ...makeLine({
          itemId: item.name.toLowerCase(),
          name: item.name,
          unitPriceMinor: 100,
          quantity: item.qty ?? 1,
          kitchenStation: station,
        }),
        ticketId,
        ...(item.note ? { note: item.note } : {}),
      };
      line.modifiers = (item.mods ?? []).map((m, i) => ({ groupId: 'g', optionId: `o${i}`, name: m, priceDeltaMinor: 0 }));
      lines.push(line);
      ids.push(line.lineId);
    }
    tickets.push({
      ticketId,
      station,
      status: opts.status ?? 'queued',
      lineIds: ids,
      voidedLineIds: [],
      doneLineIds: [],
      firedAt: at(opts.firedOffset),
      flashCancelled: false,
    });
  }
  return makeOrder({
    status: 'paid',
    ticketNumber: opts.number,
    lines,
    tickets,
    channel: opts.channel ?? 'counter',
    lastHlc: opts.lastHlc ?? at(opts.firedOffset, 1),
  });
}

describe('tickets from orders', () => {
  it('makes one ticket per kitchen station with modifiers, notes and source', () => {
    const order = ticketed({
      number: 7,
      firedOffset: 0,
      channel: 'web',
      stations: { grill: [{ name: 'Burger', mods: ['No onion'], note: 'allergy: sesame' }], bar: [{ name: 'Cola', qty: 2 }] },
    });
    const tickets = ticketsOfOrder(order);
    expect(tickets.map((t) => [t.station, t.ticketNumber, t.channel])).toEqual([
      ['grill', 7, 'web'],
      ['bar', 7, 'web'],
    ]);
    expect(tickets[0]!.lines[0]).toMatchObject({
      name: 'Burger',
      modifiers: [{ name: 'No onion', kind: 'remove', label: 'onion' }],
      note: 'allergy: sesame',
      voided: false,
    });
  });

  it('strikes through lines voided after firing, from the voided list when the line left the order', () => {
    const order = ticketed({ number: 1, firedOffset: 0, stations: { grill: [{ name: 'Burger' }, { name: 'Fries' }] } });
    const fries = order.lines[1]!;
    const voided: OrderView = {
      ...order,
      lines: [order.lines[0]!],
      voidedLines: [
        {
          lineId: fries.lineId,
          itemId: 'fries',
          name: 'Fries',
          quantity: 1,
          totalMinor: 100,
          reason: 'changed mind',
          ticketId: fries.ticketId!,
        },
      ],
      tickets: [{ ...order.tickets[0]!, voidedLineIds: [fries.lineId] }],
    };
    expect(ticketsOfOrder(voided)[0]!.lines.map((l) => [l.name, l.voided])).toEqual([
      ['Burger', false],
      ['Fries', true],
    ]);
  });

  it('shows unfired lines of a paid order where they will go, without a ticket id (no actions); counter items never', () => {
    const order = makeOrder({
      status: 'paid',
      lines: [
        makeLine({ itemId: 'croissant', name: 'Croissant', unitPriceMinor: 220 }),
        makeLine({ itemId: 'espresso', name: 'Espresso', unitPriceMinor: 250, kitchenStation: 'bar' }),
      ],
    });
    // A croissant is handed over at the counter: it must not sit on a kitchen screen forever.
    expect(ticketsOfOrder(order).map((t) => [t.station, t.ticketId])).toEqual([['bar', null]]);
    // A web line names no station; routing (as the core reports it per item) says where it lands.
    const routed = routedStation([
      { id: 'croissant', station: 'oven' },
      { id: 'espresso', station: 'bar' },
    ]);
    expect(ticketsOfOrder(order, routed).map((t) => [t.station, t.ticketId])).toEqual([
      ['oven', null],
      ['bar', null],
    ]);
    expect(ticketsOfOrder({ ...order, status: 'open' })).toEqual([]);
  });
});

describe('station views, grouping and sorting', () => {
  const a = ticketed({ number: 1, firedOffset: 60_000, stations: { grill: [{ name: 'Burger' }], bar: [{ name: 'Cola' }] } });
  const b = ticketed({ number: 2, firedOffset: 0, stations: { grill: [{ name: 'Burger', qty: 2 }] } });
  const bumped = ticketed({
    number: 3,
    firedOffset: -60_000,
    status: 'bumped',
    stations: { grill: [{ name: 'Soup' }] },
    lastHlc: at(90_000),
  });
  const tickets = allTickets([a, b, bumped]);

  it('lists a station’s open tickets oldest first, cancellations on top', () => {
    expect(stationTickets(tickets, 'grill').map((t) => t.ticketNumber)).toEqual([2, 1]);
    const cancelled = { ...a, tickets: a.tickets.map((t) => ({ ...t, status: 'cancel_pending' as const, flashCancelled: true })) };
    expect(stationTickets(allTickets([b, cancelled]), 'grill').map((t) => t.ticketNumber)).toEqual([1, 2]);
  });

  it('groups by order for All and Expo, one group per order with every station', () => {
    const groups = groupByOrder(tickets);
    expect(groups.map((g) => [g.ticketNumber, g.tickets.map((t) => t.station)])).toEqual([
      [2, ['grill']],
      [1, ['bar', 'grill']],
    ]);
    expect(groups[0]!.allReady).toBe(false);
  });

  it('knows the stations and remembers a view as a string', () => {
    expect(stationsOf(tickets)).toEqual(['bar', 'grill']);
    for (const view of [{ kind: 'all' }, { kind: 'expo' }, { kind: 'station', station: 'grill' }] as const) {
      expect(parseStationView(stationViewKey(view))).toEqual(view);
    }
    expect(parseStationView('nonsense')).toEqual({ kind: 'all' });
  });

  it('counts items all day across open tickets, not ready/bumped/voided ones', () => {
    expect(allDayCounts(tickets)).toEqual([
      { name: 'Burger', quantity: 3 },
      { name: 'Cola', quantity: 1 },
    ]);
  });

  it('lists recently bumped tickets for recall, newest first', () => {
    const later = ticketed({ number: 4, firedOffset: 0, status: 'bumped', stations: { bar: [{ name: 'Tea' }] }, lastHlc: at(120_000) });
    expect(recentlyBumped(allTickets([a, bumped, later])).map((t) => t.ticketNumber)).toEqual([4, 3]);
  });

  it('finds new tickets for the beep', () => {
    const seen = new Set(allTickets([a]).map((t) => t.key));
    expect(newTicketKeys(seen, allTickets([a, b]))).toEqual([`${b.id}/t2-grill`]);
  });
});

describe('timers', () => {
  it('colours at 5 and 8 minutes by default, configurable', () => {
    expect(timerColour(4 * 60_000 + 59_000)).toBe('ok');
    expect(timerColour(5 * 60_000)).toBe('warn');
    expect(timerColour(8 * 60_000)).toBe('late');
    expect(timerColour(5 * 60_000, { warnMinutes: 10, lateMinutes: 15 })).toBe('ok');
  });

  it('formats a running clock', () => {
    expect(formatTimer(45_000)).toBe('0:45');
    expect(formatTimer(7 * 60_000 + 5_000)).toBe('7:05');
    expect(formatTimer(3_730_000)).toBe('1:02:10');
  });
});

describe('ticket reuse', () => {
  it('gives an unchanged order the same ticket objects, so only the changed card re-renders', () => {
    const a = ticketed({ number: 1, firedOffset: 0, stations: { grill: [{ name: 'Burger' }] } });
    const b = ticketed({ number: 2, firedOffset: 1000, stations: { grill: [{ name: 'Soup' }] } });
    const first = allTickets([a, b]);
    const changedB = { ...b, tickets: b.tickets.map((t) => ({ ...t, status: 'in_progress' as const })) };
    const second = allTickets([a, changedB]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.status).toBe('in_progress');
  });
});

describe('cancellation notes', () => {
  it('says who cancelled and why', () => {
    const order = ticketed({
      number: 4,
      firedOffset: 0,
      status: 'cancel_pending',
      channel: 'mobile',
      stations: { grill: [{ name: 'Burger' }] },
    });
    const cancelled: OrderView = {
      ...order,
      cancellation: { reason: 'changed my mind', requestedBy: { kind: 'channel', id: 'mobile' }, requestedAt: at(1000) },
    };
    const [ticket] = ticketsOfOrder(cancelled);
    expect(ticket).toMatchObject({ cancelNote: 'Mobile: changed my mind' });
    const [plain] = ticketsOfOrder(order);
    expect(plain!.cancelNote).toBeUndefined();
  });
});

describe('per-item done marks', () => {
  const order = ticketed({
    number: 3,
    firedOffset: 0,
    status: 'in_progress',
    stations: { grill: [{ name: 'Burger' }, { name: 'Fries', qty: 2 }] },
  });
  const [burger, fries] = order.lines.map((l) => l.lineId) as [string, string];
  const withDone = (done: string[], status: TicketView['status'] = 'in_progress'): OrderView => ({
    ...order,
    tickets: [{ ...order.tickets[0]!, status, doneLineIds: done }],
  });

  it('marks ticked items done; the ticket offers the bump once every live item is done', () => {
    const [half] = ticketsOfOrder(withDone([fries]));
    expect(half!.lines.map((l) => [l.name, l.done])).toEqual([
      ['Burger', false],
      ['Fries', true],
    ]);
    expect(allLinesDone(half!)).toBe(false);
    expect(nextUndoneLine(half!)?.lineId).toBe(burger);
    // Done items no longer count toward "all day".
    expect(allDayCounts([half!])).toEqual([{ name: 'Burger', quantity: 1 }]);
    const [full] = ticketsOfOrder(withDone([burger, fries]));
    expect(allLinesDone(full!)).toBe(true);
    expect(nextUndoneLine(full!)).toBeUndefined();
  });

  it('a bumped ticket counts every item done, even from a view stored before per-item marks', () => {
    const [bumped] = ticketsOfOrder(withDone([], 'bumped'));
    expect(bumped!.lines.every((l) => l.done)).toBe(true);
  });

  it('items can be ticked on queued, cooking, ready and recalled tickets only', () => {
    for (const status of ['queued', 'in_progress', 'ready', 'recalled'] as const)
      expect(canMarkLines(ticketsOfOrder(withDone([], status))[0]!)).toBe(true);
    for (const status of ['bumped', 'cancel_pending', 'cancelled'] as const)
      expect(canMarkLines(ticketsOfOrder(withDone([], status))[0]!)).toBe(false);
  });
});

describe('ticket codes', () => {
  it('keeps bare numbers for the counter and letters other channels, whose numbers the server gives', () => {
    expect(ticketCode({ channel: 'counter', ticketNumber: 1 })).toBe('1');
    expect(ticketCode({ channel: 'web', ticketNumber: 1 })).toBe('W-1');
    expect(ticketCode({ channel: 'mobile', ticketNumber: 12 })).toBe('M-12');
    expect(ticketCode({ channel: 'kiosk', ticketNumber: 5 })).toBe('K-5');
    expect(cardName({ channel: 'counter', ticketNumber: 1 })).toBe('Ticket 1');
    expect(cardName({ channel: 'web', ticketNumber: 1 })).toBe('Ticket 1 (Web)');
  });
});

describe('removals, extras and allergy notes', () => {
  it('tells a removal from a paid extra and a plain choice', () => {
    expect(modifierOf({ name: 'No onion', priceDeltaMinor: 0 })).toEqual({ name: 'No onion', kind: 'remove', label: 'onion' });
    expect(modifierOf({ name: 'without sauce', priceDeltaMinor: 0 })).toMatchObject({ kind: 'remove', label: 'sauce' });
    expect(modifierOf({ name: 'Hold the mayo', priceDeltaMinor: 0 })).toMatchObject({ kind: 'remove', label: 'mayo' });
    // The catalog's own convention: a negative price is a "no cheese" option.
    expect(modifierOf({ name: 'Cheese off', priceDeltaMinor: -50 })).toMatchObject({ kind: 'remove', label: 'Cheese off' });
    expect(modifierOf({ name: 'Cheddar', priceDeltaMinor: 100 })).toEqual({ name: 'Cheddar', kind: 'add', label: 'Cheddar' });
    expect(modifierOf({ name: 'Medium rare', priceDeltaMinor: 0 })).toMatchObject({ kind: 'choice' });
    // Words that merely start with "no" are not removals.
    expect(modifierOf({ name: 'Nori', priceDeltaMinor: 0 })).toMatchObject({ kind: 'choice' });
    expect(modifierOf({ name: 'No', priceDeltaMinor: 0 })).toMatchObject({ kind: 'choice' });
  });

  it('flags allergy notes by their words, not every note', () => {
    for (const note of [
      'allergy: sesame',
      'Nut allergy!',
      'ALLERGEN check',
      'coeliac',
      'no peanuts please',
      'has an EpiPen',
      'gluten free bun',
    ])
      expect(isAllergyNote(note), note).toBe(true);
    for (const note of ['sauce on the side', 'extra crispy', 'donut for the kid', 'birthday — candle please', undefined])
      expect(isAllergyNote(note), String(note)).toBe(false);
  });
});

describe('expo readiness', () => {
  const order = ticketed({ number: 9, firedOffset: 0, stations: { grill: [{ name: 'Burger' }], bar: [{ name: 'Cola' }] } });
  const withStatus = (statuses: Record<string, TicketView['status']>): OrderView => ({
    ...order,
    tickets: order.tickets.map((t) => ({ ...t, status: statuses[t.station] ?? t.status })),
  });

  it('shows each station’s part with its state and blocks the bump until every part is ready', () => {
    const [fresh] = groupByOrder(allTickets([withStatus({ grill: 'queued', bar: 'in_progress' })]));
    expect(fresh!.parts).toEqual([
      { station: 'bar', state: 'Cooking', ready: false },
      { station: 'grill', state: 'New', ready: false },
    ]);
    expect(fresh!.allReady).toBe(false);
    expect(expoBumpBlocker(fresh!)).toBe('Waiting for Bar (Cooking), Grill (New)');

    const [half] = groupByOrder(allTickets([withStatus({ grill: 'ready', bar: 'in_progress' })]));
    expect(expoBumpBlocker(half!)).toBe('Waiting for Bar (Cooking)');

    const [ready] = groupByOrder(allTickets([withStatus({ grill: 'ready', bar: 'ready' })]));
    expect(ready!.allReady).toBe(true);
    expect(expoBumpBlocker(ready!)).toBeUndefined();
  });

  it('counts a part a station already bumped as ready and still lists it', () => {
    const [group] = groupByOrder(allTickets([withStatus({ grill: 'ready', bar: 'bumped' })]));
    expect(group!.tickets.map((t) => t.station)).toEqual(['grill']);
    expect(group!.parts).toEqual([
      { station: 'bar', state: 'Bumped', ready: true },
      { station: 'grill', state: 'Ready', ready: true },
    ]);
    expect(expoBumpBlocker(group!)).toBeUndefined();
  });

  it('waits for unfired lines and for a cancelled part to be acknowledged', () => {
    const unfired = makeOrder({
      status: 'paid',
      ticketNumber: 10,
      lines: [makeLine({ itemId: 'espresso', name: 'Espresso', unitPriceMinor: 250, kitchenStation: 'bar' })],
    });
    const [waiting] = groupByOrder(allTickets([unfired]));
    expect(waiting!.parts).toEqual([{ station: 'bar', state: 'Not fired', ready: false }]);
    expect(expoBumpBlocker(waiting!)).toBe('Waiting for Bar (Not fired)');

    const cancelled = {
      ...order,
      tickets: order.tickets.map((t) => ({ ...t, status: 'cancel_pending' as const, flashCancelled: true })),
    };
    const [ack] = groupByOrder(allTickets([cancelled]));
    expect(ack!.allReady).toBe(false);
    expect(expoBumpBlocker(ack!)).toBe('Acknowledge the cancelled part first');
  });
});
