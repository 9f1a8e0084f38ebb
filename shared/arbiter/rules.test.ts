import { describe, expect, it } from 'vitest';
import { foldOrder } from '../order-fold.js';
import { Scenario } from '../scenario.js';
import { RULE_EXAMPLES } from './examples.js';
import { ARBITER_RULES } from './rules.js';

describe('arbiter rule table', () => {
  it('has unique names, each with the conflict and the resolution in words', () => {
    const names = ARBITER_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of ARBITER_RULES) {
      expect(rule.conflict.length).toBeGreaterThan(10);
      expect(rule.resolution.length).toBeGreaterThan(5);
    }
    expect(names.at(-1)).toBe('illegal-transition');
  });

  it.each(ARBITER_RULES.map((r) => r.name))('%s: its documented example records a conflict under that rule', (name) => {
    const sc = new Scenario();
    RULE_EXAMPLES[name].build(sc);
    const view = foldOrder(sc.events)!;
    const hits = view.conflicts.filter((c) => c.rule === name);
    expect(hits.length).toBeGreaterThan(0);
    // Deterministic whatever the delivery order.
    expect(foldOrder([...sc.events].reverse())).toEqual(view);
  });

  it('resolves the concurrent cases the same way in either merge order', () => {
    // Kitchen start vs cancel: whichever sorts first, the ticket ends up flashing and the order "cancel requested".
    for (const startFirst of [true, false]) {
      const sc = new Scenario();
      sc.open('web', { channel: 'mobile' });
      const burger = sc.line('web', { name: 'Burger', priceMinor: 1290, station: 'grill' });
      sc.cash('web', 1290);
      const { ticketId } = sc.fire('station-a', 'grill', [burger.payload.lineId]).payload;
      const before = sc.snapshot();
      const t = 1_700_000_001_000;
      sc.cancel('mobile', 'changed my mind', { sees: before, atMs: startFirst ? t + 1 : t });
      sc.kitchen('kds-grill', 'TicketStarted', ticketId, { sees: before, atMs: startFirst ? t : t + 1 });
      const view = foldOrder(sc.events)!;
      expect(view.status).toBe('cancel_requested');
      expect(view.tickets[0]).toMatchObject({ status: 'cancel_pending', flashCancelled: true });
      expect(view.conflicts.map((c) => c.rule)).toEqual(['cancel-vs-kitchen-start']);
    }
    // Payment vs cancel: the payment stands either way and is owed back.
    for (const payFirst of [true, false]) {
      const sc = new Scenario();
      sc.open('web', { channel: 'web' });
      sc.line('web', { name: 'Pizza', priceMinor: 1100 });
      sc.place('web');
      const before = sc.snapshot();
      const t = 1_700_000_001_000;
      sc.cancel('web', 'changed my mind', { sees: before, atMs: payFirst ? t + 1 : t });
      sc.cash('station-a', 1100, { sees: before, atMs: payFirst ? t : t + 1 });
      const view = foldOrder(sc.events)!;
      expect(view).toMatchObject({ status: 'refund_pending', refundDueMinor: 1100 });
      expect(view.conflicts.map((c) => c.rule)).toEqual(['cancel-vs-payment']);
    }
    // Bump vs recall: the recall wins whichever sorts first.
    for (const bumpFirst of [true, false]) {
      const sc = new Scenario();
      sc.open('station-a');
      const latte = sc.line('station-a', { name: 'Latte', priceMinor: 380, station: 'bar' });
      sc.cash('station-a', 380);
      const { ticketId } = sc.fire('station-a', 'bar', [latte.payload.lineId]).payload;
      sc.kitchen('kds-bar', 'TicketBumped', ticketId);
      sc.kitchen('expo', 'TicketRecalled', ticketId);
      const recalled = sc.snapshot();
      const t = 1_700_000_001_000;
      sc.kitchen('kds-bar', 'TicketBumped', ticketId, { sees: recalled, atMs: bumpFirst ? t : t + 1 });
      sc.kitchen('expo-2', 'TicketRecalled', ticketId, { sees: recalled.slice(0, -1), atMs: bumpFirst ? t + 1 : t });
      const view = foldOrder(sc.events)!;
      expect(view.tickets[0]?.status).toBe('recalled');
      expect(view.conflicts.some((c) => c.rule === 'bump-vs-recall')).toBe(true);
    }
  });
});
