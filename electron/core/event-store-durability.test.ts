import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor, DomainEvent } from '../../shared/events.js';
import { demoCatalog } from './demo-catalog.js';
import { OrderService } from './orders/order-service.js';
import { openTestStore, tempDir } from './testing/fixtures.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const FULL = 2;

/**
 * Which commits wait for the disk: local writes always (synchronous=FULL); pulled pages, push
 * acknowledgements and sync bookkeeping, which the server can give back, commit without an fsync.
 */
describe('EventStore commit durability', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('event-store-durability')));
  afterEach(() => dir.remove());

  function station(origin: string) {
    const opened = openTestStore(join(dir.path, `${origin}.sqlite`), origin);
    const orders = new OrderService(opened.store, demoCatalog, 'EUR', actor);
    return { ...opened, orders };
  }

  function sellEspresso(orders: OrderService): void {
    const opened = orders.open('takeout');
    if (!opened.ok) throw new Error(opened.error.message);
    const added = orders.addLine({ orderId: opened.value.id, orderType: 'takeout' }, 'espresso', 1);
    if (!added.ok) throw new Error(added.error.message);
  }

  /** The values the store set for one pragma, in order (reads of it are left out). */
  function pragmaSets(db: ReturnType<typeof station>['db'], name: string): () => string[] {
    const spy = vi.spyOn(db, 'pragma');
    return () => spy.mock.calls.map(([source]) => source).filter((source) => new RegExp(`^${name}\\s*=`).test(source));
  }
  const levelsSet = (db: ReturnType<typeof station>['db']) => pragmaSets(db, 'synchronous');
  const checkpointThresholdsSet = (db: ReturnType<typeof station>['db']) => pragmaSets(db, 'wal_autocheckpoint');

  it('commits pulled events, acknowledgements and sync state without an fsync, then restores FULL', () => {
    const counter = station('station-counter');
    const kitchen = station('station-kitchen');
    sellEspresso(counter.orders);
    const pushed = counter.store.outboxStoredAfter(0, 100);
    const levels = levelsSet(kitchen.db);
    const checkpoints = checkpointThresholdsSet(kitchen.db);

    kitchen.store.applyRemote(
      pushed.map((e) => JSON.parse(e.json) as DomainEvent),
      { key: 'pull_cursor', value: 2 },
    );
    kitchen.store.setSyncStates([{ key: 'last_success_at', value: '5' }]);
    expect(levels()).toEqual(['synchronous = 1', `synchronous = ${FULL}`, 'synchronous = 1', `synchronous = ${FULL}`]);
    expect(kitchen.db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(kitchen.store.getSyncState('pull_cursor')).toBe('2');
    // Pulled pages also let the WAL grow longer before a checkpoint (two fsyncs); local writes do not.
    expect(checkpoints()).toEqual([
      'wal_autocheckpoint = 10000',
      'wal_autocheckpoint = 1000',
      'wal_autocheckpoint = 10000',
      'wal_autocheckpoint = 1000',
    ]);
    expect(kitchen.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    const acks = levelsSet(counter.db);
    counter.store.recordPushResults(pushed.map((e, i) => ({ id: e.id, seq: e.seq, status: 'accepted' as const, serverSeq: i + 1 })));
    expect(acks()).toEqual(['synchronous = 1', `synchronous = ${FULL}`]);
    expect(counter.store.outboxStats().depth).toBe(0);
    counter.db.close();
    kitchen.db.close();
  });

  it('never relaxes a local write, also right after a pull', () => {
    const { db, store, orders } = station('station-counter');
    store.applyRemote([], { key: 'pull_cursor', value: 1 });
    const levels = levelsSet(db);
    sellEspresso(orders);
    expect(levels()).toEqual([]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    db.close();
  });

  it('restores FULL when a recoverable transaction fails', () => {
    const counter = station('station-counter');
    sellEspresso(counter.orders);
    const [opened] = counter.store.outboxStoredAfter(0, 1);
    // A body JSON cannot hold: storing it throws inside the transaction.
    const broken = { ...(JSON.parse(opened!.json) as DomainEvent), note: 1n } as unknown as DomainEvent;
    const { db, store } = station('station-kitchen');
    expect(() => store.applyRemote([broken], { key: 'pull_cursor', value: 9 })).toThrow();
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(store.getSyncState('pull_cursor')).toBeUndefined();
    db.close();
    counter.db.close();
  });
});
