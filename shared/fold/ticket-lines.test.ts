import { describe, expect, it } from 'vitest';
import { foldOrder } from '../order-fold.js';
import { Scenario } from '../scenario.js';

/** A paid counter order with a burger and fries on one grill ticket and a latte on a bar ticket. */
function twoTickets() {
  const sc = new Scenario();
  sc.open('till');
  const burger = sc.line('till', { name: 'Burger', priceMinor: 1000, station: 'grill' }).payload.lineId;
  const fries = sc.line('till', { name: 'Fries', priceMinor: 400, station: 'grill' }).payload.lineId;
  const latte = sc.line('till', { name: 'Latte', priceMinor: 350, station: 'bar' }).payload.lineId;
  sc.cash('till', 1750);
  const grill = sc.fire('till', 'grill', [burger, fries]).payload.ticketId;
  const bar = sc.fire('till', 'bar', [latte]).payload.ticketId;
  const done = (ticketId: string, lineId: string) => sc.emit('kds', { type: 'TicketLineDone', v: 1, payload: { ticketId, lineId } });
  const undone = (ticketId: string, lineId: string) => sc.emit('kds', { type: 'TicketLineUndone', v: 1, payload: { ticketId, lineId } });
  const ticket = (id: string) => foldOrder(sc.events)!.tickets.find((t) => t.ticketId === id)!;
  return { sc, burger, fries, latte, grill, bar, done, undone, ticket };
}

describe('per-item done marks on kitchen tickets', () => {
  it('marks items of a started ticket done and back, listed in ticket order whatever the tap order', () => {
    const { sc, burger, fries, grill, done, undone, ticket } = twoTickets();
    sc.kitchen('kds', 'TicketStarted', grill);
    done(grill, fries);
    done(grill, burger);
    expect(ticket(grill).doneLineIds).toEqual([burger, fries]);
    undone(grill, fries);
    expect(ticket(grill).doneLineIds).toEqual([burger]);
    expect(foldOrder(sc.events)!.conflicts).toEqual([]);
  });

  it('refuses a mark on a queued ticket, a line of another ticket and an unknown ticket, each with a named rule', () => {
    const { sc, burger, latte, grill, bar, done, ticket } = twoTickets();
    done(grill, burger);
    sc.kitchen('kds', 'TicketStarted', grill);
    done(grill, latte);
    done(sc.id(), burger);
    expect(ticket(grill).doneLineIds).toEqual([]);
    expect(ticket(bar).doneLineIds).toEqual([]);
    const rules = foldOrder(sc.events)!.conflicts.map((c) => c.rule);
    expect(rules).toEqual(['item-mark-off-screen', 'unknown-reference', 'unknown-reference']);
  });

  it('a bump counts every item done; an undo after the bump is ignored; a recall keeps the marks for the cook to take back', () => {
    const { sc, burger, fries, grill, done, undone, ticket } = twoTickets();
    sc.kitchen('kds', 'TicketStarted', grill);
    done(grill, burger);
    sc.kitchen('kds', 'TicketBumped', grill);
    expect(ticket(grill).doneLineIds).toEqual([burger, fries]);
    undone(grill, fries);
    expect(ticket(grill).doneLineIds).toEqual([burger, fries]);
    expect(foldOrder(sc.events)!.conflicts.at(-1)?.rule).toBe('item-mark-off-screen');
    sc.kitchen('kds', 'TicketRecalled', grill);
    undone(grill, fries);
    expect(ticket(grill).doneLineIds).toEqual([burger]);
  });

  it('a repeated mark from a second screen is a no-op, not a conflict', () => {
    const { sc, burger, grill, done, ticket } = twoTickets();
    sc.kitchen('kds', 'TicketStarted', grill);
    done(grill, burger);
    done(grill, burger);
    expect(ticket(grill).doneLineIds).toEqual([burger]);
    expect(foldOrder(sc.events)!.conflicts).toEqual([]);
  });

  it('marks on a ticket flashing CANCELLED are refused', () => {
    const { sc, burger, grill, done, ticket } = twoTickets();
    sc.kitchen('kds', 'TicketStarted', grill);
    sc.cancel('till');
    done(grill, burger);
    expect(ticket(grill).status).toBe('cancel_pending');
    expect(ticket(grill).doneLineIds).toEqual([]);
    expect(foldOrder(sc.events)!.conflicts.map((c) => c.rule)).toContain('item-mark-off-screen');
  });
});
