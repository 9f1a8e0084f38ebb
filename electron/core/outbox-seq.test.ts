import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/events.js';
import { demoCatalog } from './demo-catalog.js';
import { OrderService } from './orders/order-service.js';
import { openTestStore, sellCroissantForCash, tempDir } from './testing/fixtures.js';

const actor: Actor = { kind: 'device', id: 'station-test' };
const DAY = 24 * 60 * 60_000;

describe('outbox keyed by seq, and seqs that never go back', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('outbox-seq')));
  afterEach(() => dir.remove());

  it('settles an acknowledgement only when its seq and event id both match an outbox entry', () => {
    const { store, db } = openTestStore(join(dir.path, 'ack.sqlite'));
    sellCroissantForCash(new OrderService(store, demoCatalog, 'EUR', actor));
    const queued = store.outboxBatch(10);
    const [first, second] = queued;
    // A wrong pairing (a confused or hostile answer) removes nothing.
    store.recordPushResults([{ id: second!.id, seq: first!.seq, status: 'accepted', serverSeq: 1 }]);
    expect(store.outboxBatch(10)).toEqual(queued);
    store.recordPushResults([{ id: first!.id, seq: first!.seq, status: 'duplicate' }]);
    expect(store.outboxBatch(10)).toEqual(queued.slice(1));
    db.close();
  });

  it('continues the seq and clock after compaction deleted the newest own events, across a restart', () => {
    const path = join(dir.path, 'compacted.sqlite');
    const first = openTestStore(path);
    const orders = new OrderService(first.store, demoCatalog, 'EUR', actor);
    sellCroissantForCash(orders);
    sellCroissantForCash(orders);
    const sent = first.store.outboxBatch(10);
    const lastSeq = sent.at(-1)!.seq;
    const lastHlc = sent.at(-1)!.hlc;
    first.store.recordPushResults(sent.map((e) => ({ id: e.id, seq: e.seq, status: 'accepted' as const, serverSeq: e.seq })));
    first.clock.advance(31 * DAY);
    expect(first.store.compact(30 * DAY)).toMatchObject({ orders: 2 });
    expect(first.store.listOrderIds()).toEqual([]);
    first.db.close();

    // The wall clock is now behind the last event (a restored backup, a wrong RTC).
    const reopened = openTestStore(path, 'station-test', first.clock);
    reopened.clock.set(0);
    sellCroissantForCash(new OrderService(reopened.store, demoCatalog, 'EUR', actor));
    const next = reopened.store.outboxBatch(10);
    expect(next[0]!.seq).toBe(lastSeq + 1);
    expect(next[0]!.hlc > lastHlc).toBe(true);
    reopened.db.close();
  });
});
