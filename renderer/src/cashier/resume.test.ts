import { describe, expect, it } from 'vitest';
import { makeOrder } from '../testing/fake-station.js';
import { CURRENT_ORDER_KEY, orderToResume, readRememberedOrder, rememberOrder, type OrderMemory } from './resume.js';

function memory(): OrderMemory & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('resuming the order on screen', () => {
  it('brings back the remembered order while it is open or placed', () => {
    const open = makeOrder({ status: 'open' });
    const placed = makeOrder({ status: 'placed' });
    const other = makeOrder();
    expect(orderToResume(open.id, [other, open])).toBe(open);
    expect(orderToResume(placed.id, [placed])).toBe(placed);
  });

  it('starts fresh when nothing is remembered, or the order is finished or gone', () => {
    const paid = makeOrder({ status: 'paid' });
    const cancelled = makeOrder({ status: 'cancel_requested' });
    expect(orderToResume(null, [paid])).toBeNull();
    expect(orderToResume(paid.id, [paid])).toBeNull();
    expect(orderToResume(cancelled.id, [cancelled])).toBeNull();
    expect(orderToResume(makeOrder().id, [paid])).toBeNull();
  });

  it('remembers a resumable order and forgets it once paid', () => {
    const store = memory();
    const order = makeOrder();
    rememberOrder(store, order);
    expect(readRememberedOrder(store)).toBe(order.id);
    rememberOrder(store, { ...order, status: 'paid' });
    expect(readRememberedOrder(store)).toBeNull();
    rememberOrder(store, order);
    rememberOrder(store, null);
    expect(store.data.size).toBe(0);
  });

  it('ignores garbage in storage and storage that throws', () => {
    const store = memory();
    store.setItem(CURRENT_ORDER_KEY, '<script>');
    expect(readRememberedOrder(store)).toBeNull();
    const broken: OrderMemory = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(readRememberedOrder(broken)).toBeNull();
    expect(() => rememberOrder(broken, makeOrder())).not.toThrow();
  });
});
