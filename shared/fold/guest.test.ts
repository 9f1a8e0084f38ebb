import { describe, expect, it } from 'vitest';
import { parseEvent } from '../events.js';
import { foldOrder } from '../order-fold.js';
import { Scenario } from '../scenario.js';

const guest = (payload: { tableNumber?: string | null; customerName?: string | null }) =>
  ({ type: 'OrderGuestSet', v: 1, payload }) as const;

describe('OrderGuestSet', () => {
  it('sets, keeps and clears each field independently, starting from the name the order was opened with', () => {
    const sc = new Scenario();
    sc.open('station-a', { customerName: 'Web Anna' });
    expect(foldOrder(sc.events)).toMatchObject({ customerName: 'Web Anna' });
    expect(foldOrder(sc.events)).not.toHaveProperty('tableNumber');

    sc.emit('station-a', guest({ tableNumber: '12' }));
    expect(foldOrder(sc.events)).toMatchObject({ tableNumber: '12', customerName: 'Web Anna' });

    sc.emit('station-a', guest({ customerName: 'Anna' }));
    expect(foldOrder(sc.events)).toMatchObject({ tableNumber: '12', customerName: 'Anna' });

    sc.emit('station-a', guest({ tableNumber: null }));
    const view = foldOrder(sc.events)!;
    expect(view).not.toHaveProperty('tableNumber');
    expect(view.customerName).toBe('Anna');

    sc.emit('station-a', guest({ customerName: null }));
    expect(foldOrder(sc.events)).not.toHaveProperty('customerName');
  });

  it('resolves concurrent sets field by field, later in merge order winning, whatever the arrival order', () => {
    const sc = new Scenario();
    sc.open('station-a');
    const before = sc.snapshot();
    sc.emit('station-a', guest({ tableNumber: '4', customerName: 'Bo' }), { atMs: 1_700_000_000_010, sees: before });
    sc.emit('station-b', guest({ tableNumber: '7' }), { atMs: 1_700_000_000_020, sees: before });
    const expected = { tableNumber: '7', customerName: 'Bo' };
    const view = foldOrder(sc.events)!;
    expect(view).toMatchObject(expected);
    expect(view.conflicts).toEqual([
      {
        rule: 'concurrent-guest-edit',
        eventIds: [sc.events[2]!.id, sc.events[1]!.id],
        outcome: 'set concurrently: table "4" and "7"; the later in merge order stands',
      },
    ]);
    expect(foldOrder([...sc.events].reverse())).toEqual(view);
  });

  it('records no conflict for a change made after seeing the previous one, nor for concurrent sets that agree', () => {
    const sc = new Scenario();
    sc.open('station-a');
    sc.emit('station-a', guest({ tableNumber: '4' }));
    const before = sc.snapshot();
    sc.emit('station-b', guest({ tableNumber: '5' }));
    sc.emit('station-a', guest({ tableNumber: '5', customerName: 'Bo' }), { sees: before });
    const view = foldOrder(sc.events)!;
    expect(view).toMatchObject({ tableNumber: '5', customerName: 'Bo', conflicts: [] });
  });

  it('is refused once the order is completed or cancelled, like a change of order type', () => {
    const sc = new Scenario();
    sc.open('station-a');
    sc.cancel('station-a');
    sc.emit('station-a', guest({ tableNumber: '3' }));
    const view = foldOrder(sc.events)!;
    expect(view.status).toBe('cancelled');
    expect(view).not.toHaveProperty('tableNumber');
    expect(view.conflicts).toEqual([expect.objectContaining({ rule: 'illegal-transition' })]);
  });

  it('refuses an empty change and out-of-range values at the edge, naming the field', () => {
    const sc = new Scenario();
    const opening = sc.open('station-a');
    const base = { ...opening, id: sc.id(), seq: 2, type: 'OrderGuestSet', v: 1 };
    expect(parseEvent({ ...base, payload: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid_event', field: 'payload.tableNumber' },
    });
    expect(parseEvent({ ...base, payload: { tableNumber: '' } })).toMatchObject({ ok: false, error: { field: 'payload.tableNumber' } });
    expect(parseEvent({ ...base, payload: { tableNumber: '1234567890123' } })).toMatchObject({
      ok: false,
      error: { field: 'payload.tableNumber' },
    });
    expect(parseEvent({ ...base, payload: { customerName: 'x'.repeat(81) } })).toMatchObject({
      ok: false,
      error: { field: 'payload.customerName' },
    });
    expect(parseEvent({ ...base, payload: { tableNumber: null, customerName: 'Anna' } })).toMatchObject({ ok: true });
  });
});
