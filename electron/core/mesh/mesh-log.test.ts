import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events.js';
import { demoCatalog } from '../demo-catalog.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, sellCroissantForCash, tempDir } from '../testing/fixtures.js';
import { MeshLog } from './mesh-log.js';

describe('the mesh log: version vectors from the event store', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('mesh-log')));
  afterEach(() => dir.remove());

  function station(origin: string) {
    const opened = openTestStore(join(dir.path, `${origin}.sqlite`), origin);
    const mesh = new MeshLog(opened.db);
    opened.store.onCommitted((commit) => mesh.noteInserted(commit.events));
    return { ...opened, mesh, orders: new OrderService(opened.store, demoCatalog, 'EUR', { kind: 'device', id: origin }) };
  }

  /** The events of two cash sales at origin a, in seq order (1, 2, …). */
  function aEvents(): DomainEvent[] {
    const a = station('a');
    const first = sellCroissantForCash(a.orders);
    const second = sellCroissantForCash(a.orders);
    const events = [...a.store.orderEvents(first.id), ...a.store.orderEvents(second.id)].sort((x, y) => x.seq - y.seq);
    a.db.close();
    return events;
  }

  it('counts the highest contiguous seq per origin, for own writes and for pages with a hole', () => {
    const events = aEvents();
    const b = station('b');
    sellCroissantForCash(b.orders);
    expect(b.mesh.vector()).toEqual({ b: b.store.lastOwnSeq });
    // A page with a hole (a pull that arrived out of order): the vector stops before it, then jumps.
    b.store.applyRemote(events.filter((e) => e.seq !== 3));
    expect(b.mesh.contiguous('a')).toBe(2);
    b.store.applyRemote(events.filter((e) => e.seq === 3));
    expect(b.mesh.contiguous('a')).toBe(events.length);
    // Rebuilt from the log on start.
    expect(new MeshLog(b.db).vector()).toEqual(b.mesh.vector());
  });

  it('admits the next event, leaves out one after a gap, and refuses a second body for a held seq', () => {
    const events = aEvents();
    const b = station('b');
    const admitted = (event: DomainEvent) => b.mesh.admit(event, 'peer-x', 0);
    expect(admitted(events[1]!)).toBe('gap');
    expect(b.store.applyPeerPage(events.slice(0, 2), (e) => admitted(e) === 'insert').inserted).toBe(2);
    expect(admitted(events[0]!)).toBe('duplicate');
    expect(admitted({ ...events[0]!, id: '0190b1e2-0000-7000-8000-00000000beef' })).toBe('conflict');
    expect(admitted({ ...events[3]!, id: events[0]!.id })).toBe('conflict');
    expect(b.mesh.listConflicts().map((c) => [c.origin, c.seq, c.peer])).toEqual(
      expect.arrayContaining([
        ['a', 1, 'peer-x'],
        ['a', 4, 'peer-x'],
      ]),
    );
    expect(b.store.outboxStats().depth).toBe(0);
  });

  it('keeps compacted seqs out of the gaps: floors from compaction and from a peer', () => {
    const events = aEvents();
    const b = station('b');
    b.store.applyRemote(events);
    const vector = b.mesh.vector();
    expect(b.store.compact(-60_000).orders).toBe(2);
    expect(b.mesh.floor('a')).toBe(events.length);
    expect(new MeshLog(b.db).vector()).toEqual(vector);
    expect(b.mesh.admit({ ...events.at(-1)!, seq: events.length + 1, id: '0190b1e2-0000-7000-8000-00000000cafe' }, 'peer-x', 0)).toBe(
      'insert',
    );

    const c = station('c');
    c.mesh.raiseFloor('a', 4);
    expect(c.mesh.contiguous('a')).toBe(4);
    expect(c.mesh.admit(events[5]!, 'peer-x', 0)).toBe('gap');
    expect(c.mesh.admit(events[4]!, 'peer-x', 0)).toBe('insert');
  });
});
