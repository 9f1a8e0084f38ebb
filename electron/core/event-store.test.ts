import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/events.js';
import type { OrderView } from '../../shared/order-view.js';
import { demoCatalog } from './demo-catalog.js';
import { OrderService } from './orders/order-service.js';
import { openTestStore, sellCroissantForCash, tempDir } from './testing/fixtures.js';

const actor: Actor = { kind: 'device', id: 'station-test' };

describe('EventStore on a real SQLite file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('event-store')));
  afterEach(() => dir.remove());

  function service(origin = 'station-test') {
    const opened = openTestStore(join(dir.path, `${origin}.sqlite`), origin);
    return { ...opened, orders: new OrderService(opened.store, demoCatalog, 'EUR', actor) };
  }

  function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  it('appends, enqueues and projects an order in one write', () => {
    const { store, orders, db } = service();
    const changes: OrderView[] = [];
    store.onOrderChanged((view) => changes.push(view));
    const order = value(orders.open('takeout'));
    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 2));
    const paid = value(orders.payCash(order.id, 1000));

    expect(paid.order.status).toBe('paid');
    expect(paid.order.totalMinor).toBe(500);
    expect(paid.changeMinor).toBe(500);
    expect(store.getOrder(order.id)).toEqual(paid.order);
    expect(store.outboxBatch(10).map((e) => [e.type, e.seq])).toEqual([
      ['OrderOpened', 1],
      ['LineAdded', 2],
      ['PaymentCaptured', 3],
      // Paying fires the bar ticket in the same transaction: the KDS never sees a paid order without it.
      ['TicketFired', 4],
    ]);
    expect(paid.order.tickets).toMatchObject([{ station: 'bar', status: 'queued' }]);
    expect(changes.map((c) => c.status)).toEqual(['open', 'open', 'paid']);
    db.close();
  });

  it('writes nothing when the command is refused', () => {
    const { store, orders, db } = service();
    const order = value(orders.open('takeout'));
    const refused = orders.payCash(order.id, 100);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'club-sandwich', 1));
    expect(orders.payCash(order.id, 500)).toMatchObject({ ok: false, error: { code: 'insufficient_tender' } });
    expect(orders.addBarcode({ orderId: order.id, orderType: 'takeout' }, '4006381333932')).toMatchObject({
      ok: false,
      error: { code: 'invalid_barcode' },
    });
    expect(orders.addBarcode({ orderId: order.id, orderType: 'takeout' }, '4006381333948')).toMatchObject({
      ok: false,
      error: { code: 'unknown_barcode' },
    });
    expect(store.outboxStats().depth).toBe(2);
    expect(store.getOrder(order.id)?.lines).toHaveLength(1);
    db.close();
  });

  it('announces a write once it has committed, and a refused one not at all', () => {
    const { store, orders, db } = service();
    const order = value(orders.open('takeout'));
    const heard: { lines: number; inTransaction: boolean }[] = [];
    store.onOrderChanged((view) => heard.push({ lines: view.lines.length, inTransaction: db.inTransaction }));

    const refused = store.write(order.id, actor, () => ({ ok: false, error: { code: 'invalid_state', message: 'no' } }));
    expect(refused).toEqual({ ok: false, error: { code: 'invalid_state', message: 'no' } });
    expect(heard).toEqual([]);

    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 1));
    // Heard once the transaction was over, with the new line; the refusal burned no seq.
    expect(heard).toEqual([{ lines: 1, inTransaction: false }]);
    expect(
      store
        .orderEvents(order.id)
        .map((e) => e.seq)
        .sort(),
    ).toEqual([1, 2]);
    db.close();
  });

  it('rolls back the whole write when stamping fails', () => {
    const { store, db } = service();
    const orderId = store.newId();
    expect(() =>
      store.write(orderId, actor, () => ({
        ok: true,
        events: [
          { type: 'OrderOpened', v: 1, payload: { channel: 'counter', orderType: 'takeout', currency: 'EUR', ticketNumber: 1 } },
          // An invalid payload (quantity 0) fails validation after the first event was inserted.
          {
            type: 'LineAdded',
            v: 1,
            payload: { lineId: store.newId(), itemId: 'espresso', name: 'Espresso', quantity: 0, unitPriceMinor: 250 },
          },
        ],
      })),
    ).toThrow();
    expect(store.orderEvents(orderId)).toEqual([]);
    expect(store.outboxStats().depth).toBe(0);
    // The failed write burned no seq: the next event is still seq 1.
    const next = store.write(store.newId(), actor, () => ({
      ok: true,
      events: [{ type: 'OrderOpened', v: 1, payload: { channel: 'counter', orderType: 'takeout', currency: 'EUR', ticketNumber: 2 } }],
    }));
    expect(next.ok && next.events[0]?.seq).toBe(1);
    db.close();
  });

  it('continues seq and HLC after a restart', () => {
    const first = service();
    const order = value(first.orders.open('dine_in'));
    value(first.orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 1));
    const lastHlc = first.store.orderEvents(order.id).at(-1)!.hlc;
    first.db.close();

    const second = service();
    second.clock.set(0); // even with a wall clock that jumped backwards
    value(second.orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'cappuccino', 1));
    const events = second.store.orderEvents(order.id).sort((a, b) => a.seq - b.seq);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[2]!.hlc > lastHlc).toBe(true);
    expect(second.store.getOrder(order.id)?.lines.map((l) => l.itemId)).toEqual(['espresso', 'cappuccino']);
    second.db.close();
  });

  it('applies remote events once, in any order, and re-folds the order', () => {
    const a = service('station-a');
    const order = value(a.orders.open('takeout'));
    value(a.orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'croissant', 3));
    value(a.orders.payCash(order.id, 1000));
    const events = a.store.orderEvents(order.id);

    const b = service('station-b');
    const reversed = [...events].reverse();
    expect(b.store.applyRemote(reversed.slice(0, 1)).changed).toEqual([]); // payment before its order: kept, not projected
    const applied = b.store.applyRemote([...reversed, ...events], { key: 'pull_cursor', value: 3 });
    expect(applied.inserted).toBe(2);
    expect(b.store.getOrder(order.id)).toEqual(a.store.getOrder(order.id));
    expect(b.store.getSyncState('pull_cursor')).toBe('3');
    expect(b.store.outboxStats().depth).toBe(0);
    a.db.close();
    b.db.close();
  });

  it('settles push results: delivered leave the outbox, rejected become dead letters', () => {
    const { store, orders, db } = service();
    const order = value(orders.open('takeout'));
    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 1));
    const [opened, line] = store.outboxBatch(10);
    const settled = store.recordPushResults([
      { id: opened!.id, seq: 1, status: 'accepted', serverSeq: 1 },
      { id: line!.id, seq: 2, status: 'rejected', reason: 'test rejection' },
    ]);
    expect(settled).toEqual({ delivered: 1, deadLettered: 1 });
    expect(store.outboxStats()).toMatchObject({ depth: 0, deadLetters: 1 });
    db.close();
  });

  it('pages the outbox after a seq, counts unsynced orders and settles with sync state in one commit', () => {
    const { store, orders, db } = service();
    const first = value(orders.open('takeout'));
    value(orders.addLine({ orderId: first.id, orderType: 'takeout' }, 'espresso', 1));
    value(orders.addLine({ orderType: 'takeout' }, 'croissant', 1));
    expect(store.outboxStats()).toMatchObject({ depth: 4, orders: 2 });
    expect(store.outboxBatchAfter(2, 10).map((e) => e.seq)).toEqual([3, 4]);
    expect(store.outboxBatchAfter(4, 10)).toEqual([]);
    // The wire form: the stored bodies as they are, which are exactly the validated events.
    const stored = store.outboxStoredAfter(1, 2);
    expect(stored.map((e) => ({ seq: e.seq, id: e.id, event: JSON.parse(e.json) as unknown }))).toEqual(
      store.outboxBatchAfter(1, 2).map((event) => ({ seq: event.seq, id: event.id, event })),
    );
    expect(store.outboxStoredAfter(4, 10)).toEqual([]);

    const batch = store.outboxBatch(2);
    store.recordPushResults(
      batch.map((e) => ({ id: e.id, seq: e.seq, status: 'accepted' as const, serverSeq: e.seq })),
      { key: 'last_push_at', value: '42' },
    );
    expect(store.getSyncState('last_push_at')).toBe('42');
    expect(store.outboxStats()).toMatchObject({ depth: 2, orders: 1 });
    db.close();
  });

  it('forgets the cached fold of a write that failed at the last step, so the next write folds what is stored', () => {
    const { orders, db } = service();
    const order = value(orders.open('takeout'));
    value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 1));
    // The view update, the last statement of a write, fails once: the events were folded by then.
    db.exec("CREATE TEMP TRIGGER refuse_view BEFORE UPDATE ON order_view BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    expect(() => orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'croissant', 3)).toThrow(/disk says no/);
    db.exec('DROP TRIGGER refuse_view');

    const after = value(orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 2));
    expect(after.lines.map((l) => [l.itemId, l.quantity])).toEqual([
      ['espresso', 1],
      ['espresso', 2],
    ]);
    // What a store opened afresh folds from the database.
    const reopened = openTestStore(join(dir.path, 'station-test.sqlite'), 'station-test');
    expect(reopened.store.getOrder(order.id)).toEqual(after);
    reopened.db.close();
    db.close();
  });

  it('keeps the cached order equal to a fresh fold when remote events land on an order being edited here', () => {
    const a = service('station-a');
    const b = service('station-b');
    const order = value(a.orders.open('takeout'));
    b.store.applyRemote(a.store.orderEvents(order.id));
    // Both stations edit the same order; b has it cached from its own write when a's edits arrive.
    value(a.orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'croissant', 2));
    value(b.orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 1));
    b.store.applyRemote(a.store.orderEvents(order.id), undefined, { key: 'last_pull_at', value: '7' });
    expect(b.store.getSyncState('last_pull_at')).toBe('7');
    const merged = b.store.getOrder(order.id)!;
    expect(merged.lines.map((l) => l.itemId).sort()).toEqual(['croissant', 'espresso']);

    // A store opened afresh (empty cache) decides on the same order as the warm one did.
    const reopened = openTestStore(join(dir.path, 'station-b.sqlite'), 'station-b');
    expect(reopened.store.getOrder(order.id)).toEqual(merged);
    const warm = value(b.orders.addLine({ orderId: order.id, orderType: 'takeout' }, 'espresso', 1));
    expect(warm.lines).toHaveLength(3);
    reopened.db.close();
    a.db.close();
    b.db.close();
  });
});

describe('EventStore housekeeping', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('housekeeping')));
  afterEach(() => dir.remove());

  it('replays and discards dead letters', () => {
    const { store, db } = openTestStore(join(dir.path, 'dl.sqlite'));
    const orders = new OrderService(store, demoCatalog, 'EUR', actor);
    sellCroissantForCash(orders);
    const [a, b] = store.outboxBatch(10);
    store.recordPushResults([
      { id: a!.id, seq: a!.seq, status: 'rejected', reason: 'schema' },
      { id: b!.id, seq: b!.seq, status: 'rejected', reason: 'schema' },
    ]);
    expect(store.listDeadLetters().map((d) => [d.seq, d.type, d.reason])).toEqual([
      [1, 'OrderOpened', 'schema'],
      [2, 'LineAdded', 'schema'],
    ]);
    expect(store.replayDeadLetter(a!.id)).toBe(true);
    expect(store.replayDeadLetter(a!.id)).toBe(false);
    expect(store.discardDeadLetter(b!.id)).toBe(true);
    expect(store.discardDeadLetter(b!.id)).toBe(false);
    expect(store.outboxBatch(10).map((e) => e.seq)).toEqual([1, 3]);
    expect(store.outboxStats()).toMatchObject({ depth: 2, deadLetters: 0 });
    db.close();
  });

  it('compacts closed, delivered orders past the retention and keeps everything else', () => {
    const { store, db, clock } = openTestStore(join(dir.path, 'compact.sqlite'));
    const orders = new OrderService(store, demoCatalog, 'EUR', actor);
    const old = sellCroissantForCash(orders);
    const oldUnsent = sellCroissantForCash(orders);
    store.recordPushResults(
      store
        .outboxBatch(10)
        .filter((e) => e.orderId === old.id)
        .map((e) => ({ id: e.id, seq: e.seq, status: 'accepted' as const, serverSeq: e.seq })),
    );
    clock.advance(31 * 24 * 60 * 60_000);
    const recent = sellCroissantForCash(orders);
    const open = orders.open('takeout');

    expect(store.compact(30 * 24 * 60 * 60_000)).toEqual({ orders: 1, events: 3 });
    expect(store.getOrder(old.id)).toBeUndefined();
    expect(store.orderEvents(old.id)).toEqual([]);
    expect(store.getOrder(oldUnsent.id)?.status).toBe('paid'); // not delivered yet: kept
    expect(store.getOrder(recent.id)?.status).toBe('paid');
    expect(open.ok && store.getOrder(open.value.id)?.status).toBe('open');
    expect(store.compact(30 * 24 * 60 * 60_000)).toEqual({ orders: 0, events: 0 });
    db.close();
  });

  it('survives garbage appended to the WAL, as after a torn write', async () => {
    const { appendFileSync, existsSync } = await import('node:fs');
    const path = join(dir.path, 'torn.sqlite');
    const first = openTestStore(path);
    const orders = new OrderService(first.store, demoCatalog, 'EUR', actor);
    const order = sellCroissantForCash(orders);
    // Leave the WAL in place (no checkpoint on close) and tear its tail.
    first.db.pragma('wal_autocheckpoint = 0');
    const extra = orders.addLine({ orderType: 'dine_in' }, 'croissant', 1);
    expect(extra.ok).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(true);
    appendFileSync(`${path}-wal`, Buffer.alloc(3000, 0xab));
    // Simulate a crash: the connection is not closed cleanly, a second one opens the file.
    const second = openTestStore(path);
    expect(second.store.getOrder(order.id)?.status).toBe('paid');
    expect(second.store.outboxStats().depth).toBe(5);
    second.db.close();
    first.db.close();
  });

  it('rebuilds stale projections once after an upgrade', () => {
    const { store, db } = openTestStore(join(dir.path, 'rebuild.sqlite'));
    const orders = new OrderService(store, demoCatalog, 'EUR', actor);
    const order = sellCroissantForCash(orders);
    const fresh = store.getOrder(order.id);
    // A view written by an older fold: fields missing, and an older projection version on record.
    db.prepare("UPDATE order_view SET view = json_remove(view, '$.payments') WHERE order_id = ?").run(order.id);
    store.setSetting('projection_version', '1');
    expect(store.rebuildProjectionsIfStale()).toBe(1);
    expect(store.getOrder(order.id)).toEqual(fresh);
    expect(store.rebuildProjectionsIfStale()).toBe(0);
    db.close();
  });
});
