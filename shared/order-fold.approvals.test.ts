import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainEvent, parseEvent, type CurrentEvent } from './events.js';
import { foldOrder } from './order-fold.js';
import { OrderView } from './order-view.js';
import { Scenario } from './scenario.js';

/**
 * A counter order with a fired burger voided under a manager's approval, a partial cash refund
 * approved by a manager, an unapproved refund, a refund the arbiter ignores, and then a cancellation
 * approved by a manager: every audited action the fold keeps.
 */
function audited() {
  const sc = new Scenario();
  sc.open('till-1');
  const burger = sc.line('till-1', { name: 'Burger', priceMinor: 900, station: 'grill' });
  const fries = sc.line('till-1', { name: 'Fries', priceMinor: 300, station: 'grill' });
  sc.place('till-1');
  const ticket = sc.fire('till-1', 'grill', [burger.payload.lineId, fries.payload.lineId]);
  const voided = sc.emit('till-1', {
    type: 'LineVoided',
    v: 1,
    payload: { lineId: burger.payload.lineId, reason: 'wrong item', approvedBy: 'morgan' },
  });
  const paid = sc.cash('till-1', 300);
  const approvedRefund = sc.emit('till-1', {
    type: 'PaymentRefunded',
    v: 1,
    payload: { refundId: sc.id(), paymentId: paid.payload.paymentId, amountMinor: 100, reason: 'cold fries', approvedBy: 'morgan' },
  });
  const plainRefund = sc.emit('till-2', {
    type: 'PaymentRefunded',
    v: 1,
    payload: { refundId: sc.id(), paymentId: paid.payload.paymentId, amountMinor: 50, reason: 'goodwill' },
  });
  const tooMuch = sc.emit('till-2', {
    type: 'PaymentRefunded',
    v: 1,
    payload: { refundId: sc.id(), paymentId: paid.payload.paymentId, amountMinor: 1000, reason: 'typo', approvedBy: 'morgan' },
  });
  const cancel = sc.emit('till-1', { type: 'OrderCancelRequested', v: 1, payload: { reason: 'customer left', approvedBy: 'sam' } });
  return { sc, burger, ticket, voided, paid, approvedRefund, plainRefund, tooMuch, cancel };
}

describe('approver audit in the order view', () => {
  it('shows who voided a line, when, and which manager approved it', () => {
    const { sc, burger, ticket, voided } = audited();
    const view = foldOrder(sc.events)!;
    expect(view.voidedLines).toEqual([
      {
        lineId: burger.payload.lineId,
        itemId: 'burger',
        name: 'Burger',
        quantity: 1,
        totalMinor: 900,
        reason: 'wrong item',
        ticketId: ticket.payload.ticketId,
        voidedBy: { kind: 'device', id: 'till-1' },
        voidedAt: voided.hlc,
        approvedBy: 'morgan',
      },
    ]);
  });

  it('lists accepted refunds with their approver, leaving out refunds the arbiter ignored', () => {
    const { sc, paid, approvedRefund, plainRefund, tooMuch } = audited();
    const view = foldOrder(sc.events)!;
    expect(view.refunds).toEqual([
      {
        refundId: approvedRefund.payload.refundId,
        paymentId: paid.payload.paymentId,
        amountMinor: 100,
        reason: 'cold fries',
        refundedBy: { kind: 'device', id: 'till-1' },
        refundedAt: approvedRefund.hlc,
        approvedBy: 'morgan',
      },
      {
        refundId: plainRefund.payload.refundId,
        paymentId: paid.payload.paymentId,
        amountMinor: 50,
        reason: 'goodwill',
        refundedBy: { kind: 'device', id: 'till-2' },
        refundedAt: plainRefund.hlc,
      },
    ]);
    expect(view.refundedMinor).toBe(150);
    expect(view.conflicts.some((c) => c.eventIds[0] === tooMuch.id)).toBe(true);
  });

  it('records the cancellation request and its approver', () => {
    const { sc, cancel } = audited();
    expect(foldOrder(sc.events)!.cancellation).toEqual({
      reason: 'customer left',
      requestedBy: { kind: 'device', id: 'till-1' },
      requestedAt: cancel.hlc,
      approvedBy: 'sam',
    });
  });

  it('leaves the audit fields out where nothing happened or nobody approved', () => {
    const sc = new Scenario();
    sc.open('till-1');
    const line = sc.line('till-1', { name: 'Tea', priceMinor: 200 });
    sc.line('till-1', { name: 'Cake', priceMinor: 350 });
    sc.emit('till-1', { type: 'LineVoided', v: 1, payload: { lineId: line.payload.lineId, reason: 'rang twice' } });
    const view = foldOrder(sc.events)!;
    expect(view).not.toHaveProperty('refunds');
    expect(view).not.toHaveProperty('cancellation');
    expect(view.voidedLines[0]).not.toHaveProperty('approvedBy');
    expect(view.voidedLines[0]).toMatchObject({ voidedBy: { kind: 'device', id: 'till-1' } });
  });

  it('folds to the same audited view in any arrival order, with duplicates, and survives JSON', () => {
    const { sc } = audited();
    const expected = foldOrder(sc.events)!;
    expect(OrderView.parse(JSON.parse(JSON.stringify(expected)))).toEqual(expected);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(sc.events, { minLength: sc.events.length, maxLength: sc.events.length }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (shuffled, dupes) => {
          const arrivals: CurrentEvent[] = [...shuffled, ...dupes.map((i) => sc.events[i % sc.events.length]!)];
          expect(foldOrder(arrivals)).toEqual(expected);
        },
      ),
    );
  });

  it('still reads events and views stored before the approver existed', () => {
    const { sc } = audited();
    const withoutApprover = sc.events.map((e) => {
      if (!('approvedBy' in e.payload)) return e;
      const { approvedBy: _dropped, ...payload } = e.payload;
      return { ...e, payload };
    });
    const view = foldOrder(withoutApprover.map((raw) => DomainEvent.parse(JSON.parse(JSON.stringify(raw)))))!;
    expect(view.voidedLines[0]).not.toHaveProperty('approvedBy');
    expect(view.refunds?.map((r) => r.approvedBy)).toEqual([undefined, undefined]);
    expect(view.cancellation).not.toHaveProperty('approvedBy');

    const { refunds: _r, cancellation: _c, ...stored } = view;
    const storedVoids = stored.voidedLines.map(({ voidedBy: _b, voidedAt: _a, ...line }) => line);
    expect(OrderView.safeParse({ ...stored, voidedLines: storedVoids }).success).toBe(true);
  });

  it('refuses an approver that is not a staff id, naming the field', () => {
    const { sc } = audited();
    const voided = sc.events.find((e) => e.type === 'LineVoided')!;
    for (const approvedBy of ['', 'x'.repeat(65)]) {
      expect(parseEvent({ ...voided, payload: { ...voided.payload, approvedBy } })).toMatchObject({
        ok: false,
        error: { code: 'invalid_event', field: 'payload.approvedBy' },
      });
    }
  });
});
