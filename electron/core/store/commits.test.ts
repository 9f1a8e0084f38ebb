import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/events.js';
import { demoCatalog } from '../demo-catalog.js';
import type { Commit } from '../event-store.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, sellCroissantForCash, tempDir } from '../testing/fixtures.js';

const actor: Actor = { kind: 'device', id: 'station-test' };

describe('the store announces each commit once, after it commits', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('commits')));
  afterEach(() => dir.remove());

  function station(origin: string) {
    const opened = openTestStore(join(dir.path, `${origin}.sqlite`), origin);
    const commits: Commit[] = [];
    opened.store.onCommitted((commit) => commits.push(commit));
    return { ...opened, commits, orders: new OrderService(opened.store, demoCatalog, 'EUR', actor) };
  }

  it('a local write: once, with its events, and the order is already readable as committed', () => {
    const { store, orders, commits } = station('a');
    const seen: (string | undefined)[] = [];
    store.onCommitted((commit) => {
      if (commit.source === 'local') seen.push(store.getOrder(commit.order.id)?.status);
    });
    const paid = sellCroissantForCash(orders);
    expect(commits.map((c) => (c.source === 'local' ? c.events.map((e) => e.type) : []))).toEqual([
      ['OrderOpened', 'LineAdded'],
      ['PaymentCaptured'],
    ]);
    expect(commits.at(-1)).toMatchObject({ source: 'local', order: { id: paid.id, status: 'paid' } });
    expect(seen).toEqual(['open', 'paid']);
  });

  it('a refused write announces nothing', () => {
    const { orders, commits } = station('a');
    expect(orders.payCash('0190b1e2-0000-7000-8000-000000000001', 100).ok).toBe(false);
    expect(commits).toEqual([]);
  });

  it('a throwing listener neither fails the write nor keeps the other listeners from hearing it', () => {
    const { store, orders, commits } = station('a');
    store.onCommitted(() => {
      throw new Error('listener bug');
    });
    store.onOrderChanged(() => {
      throw new Error('window bug');
    });
    const after: string[] = [];
    store.onCommitted((commit) => after.push(commit.source));
    const opened = orders.open('takeout');
    expect(opened.ok).toBe(true);
    expect(commits).toHaveLength(1);
    expect(after).toEqual(['local']);
    expect(store.outboxStats().depth).toBe(1);
  });

  it('a pulled page: once for the page, with every order it changed; duplicates announce nothing', () => {
    const a = station('a');
    const b = station('b');
    const first = sellCroissantForCash(a.orders);
    const second = sellCroissantForCash(a.orders);
    const events = [...a.store.orderEvents(first.id), ...a.store.orderEvents(second.id)];
    b.store.applyRemote(events, { key: 'pull_cursor', value: events.length });
    expect(b.commits).toHaveLength(1);
    expect(b.commits[0]).toMatchObject({ source: 'remote' });
    expect(b.commits[0]!.source === 'remote' && b.commits[0]!.orders.map((o) => o.id).sort()).toEqual([first.id, second.id].sort());
    b.store.applyRemote(events);
    expect(b.commits).toHaveLength(1);
  });
});
