import { describe, expect, it } from 'vitest';
import { checkStoreDocument, compareStamps, incomingWins, newerThan, type StoreDocumentWire } from './store-data.js';

const routing = (stations: string[], fireChannelOrders = true) => ({ stations, byCategory: {}, byItem: {}, fireChannelOrders });
const doc = (author: string, hlc: string, stations: string[], version = 1): StoreDocumentWire => ({
  kind: 'kitchen-routing',
  version,
  hlc,
  author,
  body: routing(stations),
});

/** A replica's registers, one per kind: applies what validates and wins, keeps the rest out. */
function replica(documents: readonly StoreDocumentWire[]): { held: Map<string, StoreDocumentWire>; rejected: string[] } {
  const held = new Map<string, StoreDocumentWire>();
  const rejected: string[] = [];
  for (const document of documents) {
    const checked = checkStoreDocument(document);
    if (!checked.ok) rejected.push(checked.reason);
    else if (incomingWins(held.get(document.kind), document)) held.set(document.kind, document);
  }
  return { held, rejected };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('store data: one last-writer-wins register per kind', () => {
  const a1 = doc('station-a', '001700000000000-00000', ['grill']);
  const b1 = doc('station-b', '001700000000000-00000', ['bar']); // the same hlc: the author decides
  const a2 = doc('station-a', '001700000000500-00003', ['grill', 'bar'], 2);
  const c0 = doc('station-c', '001699999999999-00009', ['cold']);
  const broken = { ...doc('station-z', '001800000000000-00000', ['grill']), body: { stations: ['grill'], byItem: { x: 'oven' } } };
  const unknown = { ...doc('station-z', '001800000000000-00000', ['grill']), kind: 'weather' };

  it('orders by hlc, then author', () => {
    expect(compareStamps(a1, b1)).toBeLessThan(0);
    expect(compareStamps(b1, a2)).toBeLessThan(0);
    expect(compareStamps(c0, a1)).toBeLessThan(0);
    expect(compareStamps(a2, a2)).toBe(0);
    expect(incomingWins(undefined, c0)).toBe(true);
    expect(incomingWins(a2, a2)).toBe(false);
  });

  it('converges on the same document whatever the order of arrival (commutative), bad ones never applied', () => {
    const all = [a1, b1, a2, c0, broken, unknown];
    for (const order of permutations(all)) {
      const { held, rejected } = replica(order);
      expect(held.get('kitchen-routing')).toBe(a2);
      expect(rejected).toHaveLength(2);
    }
  });

  it('applying a document again changes nothing (idempotent)', () => {
    const once = replica([a1, b1]).held;
    const twice = replica([a1, b1, b1, a1, b1]).held;
    expect(twice).toEqual(once);
    expect(once.get('kitchen-routing')).toBe(b1);
  });

  it('keeps a body that does not validate out, naming the path, and the held document stays', () => {
    const check = checkStoreDocument(broken);
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/^kitchen-routing body does not validate: /) as unknown });
    expect(checkStoreDocument(unknown)).toEqual({ ok: false, reason: 'unknown store data kind "weather"' });
    expect(checkStoreDocument({ ...a1, body: { ...routing(['grill']), byItem: { burger: 'oven' } } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('byItem.burger') as unknown,
    });
    // The newest stamp of all, and still not applied: the good one held before stays.
    expect(replica([a2, broken]).held.get('kitchen-routing')).toBe(a2);
    expect(checkStoreDocument(a2)).toEqual({ ok: true, document: a2 });
  });

  it('sends a replica only what is newer than its summary says it holds', () => {
    expect(newerThan([a2], {})).toEqual([a2]);
    expect(newerThan([a2], { 'kitchen-routing': { hlc: a1.hlc, author: a1.author } })).toEqual([a2]);
    expect(newerThan([a2], { 'kitchen-routing': { hlc: a2.hlc, author: a2.author } })).toEqual([]);
    expect(newerThan([b1], { 'kitchen-routing': { hlc: a2.hlc, author: a2.author } })).toEqual([]);
  });
});
