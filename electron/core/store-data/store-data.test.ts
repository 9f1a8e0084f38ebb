import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreDocumentWire } from '../../../shared/store-data.js';
import { openTestStore, openTestStoreData, tempDir } from '../testing/fixtures.js';

const START_MS = 1_700_000_000_000;
const routing = (stations: string[]) => ({ stations, byCategory: {}, byItem: {}, fireChannelOrders: true });
const hlcAt = (ms: number, counter = 0) => `${String(ms).padStart(15, '0')}-${String(counter).padStart(5, '0')}`;
const remote = (author: string, ms: number, stations: string[], version = 1): StoreDocumentWire => ({
  kind: 'kitchen-routing',
  version,
  hlc: hlcAt(ms),
  author,
  body: routing(stations),
});

describe('store data at a station (real SQLite file)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('store-data')));
  afterEach(() => dir.remove());

  function open(clockMs = START_MS) {
    const opened = openTestStore(join(dir.path, 'station.sqlite'), 'station-a');
    opened.clock.set(clockMs);
    return { ...opened, data: openTestStoreData(opened) };
  }

  it('keeps the held document and what still needs pushing across a restart', () => {
    const first = open();
    const written = first.data.writeLocal('kitchen-routing', routing(['grill']));
    if (!written.ok) throw new Error(written.error.message);
    expect(written.value).toMatchObject({ kind: 'kitchen-routing', version: 1, author: 'station-a', hlc: hlcAt(START_MS) });
    expect(first.data.pending()).toEqual([written.value]);
    first.db.close();

    const second = open();
    expect(second.data.current('kitchen-routing')).toEqual(written.value);
    expect(second.data.pending()).toEqual([written.value]);
    second.data.markPushed(written.value);
    second.db.close();
    const third = open();
    expect(third.data.pending()).toEqual([]);
    expect(third.data.summary()).toEqual({ 'kitchen-routing': { hlc: written.value.hlc, author: 'station-a' } });
    third.db.close();
  });

  it('an edit after a restart wins over the document held, even when the wall clock went back', () => {
    const first = open(START_MS + 60_000);
    const before = first.data.writeLocal('kitchen-routing', routing(['grill']));
    if (!before.ok) throw new Error(before.error.message);
    first.db.close();
    // The clock is a minute behind now, and no event carries the newer time: the document itself does.
    const second = open(START_MS);
    const after = second.data.writeLocal('kitchen-routing', routing(['bar']));
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.hlc > before.value.hlc).toBe(true);
    expect(after.value.version).toBe(2);
    second.db.close();
  });

  it('applies a remote document only when it is newer; refuses bad or far-future ones and records them once', () => {
    const { db, data } = open();
    const changes: string[] = [];
    data.onChange(({ document, source }) => changes.push(`${document.author}@${source}`));
    expect(data.applyRemote(remote('station-b', START_MS - 10, ['bar']), 'server')).toBe('won');
    const mine = data.writeLocal('kitchen-routing', routing(['grill']));
    if (!mine.ok) throw new Error(mine.error.message);
    expect(data.pending()).toHaveLength(1);
    expect(data.applyRemote(remote('station-b', START_MS - 10, ['bar']), 'peer:station-b')).toBe('held');
    expect(data.applyRemote(remote('station-c', START_MS - 5, ['cold']), 'peer:station-c')).toBe('held');
    // A newer one from elsewhere replaces the local edit: the winner is not ours to push.
    expect(data.applyRemote(remote('station-c', START_MS + 1_000, ['cold'], 2), 'peer:station-c')).toBe('won');
    expect(data.pending()).toEqual([]);
    expect(data.current('kitchen-routing')?.body.stations).toEqual(['cold']);

    const broken = { ...remote('station-d', START_MS + 2_000, ['grill']), body: { stations: ['grill'], byItem: { x: 'oven' } } };
    expect(data.applyRemote(broken, 'server')).toBe('rejected');
    expect(data.applyRemote(broken, 'peer:station-d')).toBe('rejected');
    expect(data.applyRemote(remote('station-e', START_MS + 60 * 60_000, ['bar']), 'server')).toBe('rejected');
    expect(data.current('kitchen-routing')?.author).toBe('station-c');
    // Newest first.
    expect(data.rejects().map((r) => [r.author, r.source])).toEqual([
      ['station-e', 'server'],
      ['station-d', 'server'],
    ]);
    expect(data.view()).toMatchObject({
      documents: [{ kind: 'kitchen-routing', version: 2, author: 'station-c', waitingForServer: false }],
      rejected: [{ author: 'station-e', reason: expect.stringContaining('ahead') as unknown }, { author: 'station-d' }],
    });
    expect(changes).toEqual(['station-b@server', 'station-a@local', 'station-c@peer:station-c']);
    db.close();
  });
});
