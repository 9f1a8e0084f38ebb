import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_MENU } from '../../../server/testing/menu.js';
import { encodeHlc } from '../../../shared/hlc.js';
import { silentLogger } from '../../../shared/logger.js';
import { SERVER_AUTHOR } from '../../../shared/store-data.js';
import { demoCatalog } from '../demo-catalog.js';
import { openTestStore, openTestStoreData, tempDir } from '../testing/fixtures.js';
import { MenuCatalog } from './menu-catalog.js';

const START_MS = 1_700_000_000_000;
const menuWire = (version: number, wallMs: number, menu: unknown) => ({
  kind: 'menu',
  version,
  hlc: encodeHlc({ wallMs, counter: 0 }),
  author: SERVER_AUTHOR,
  body: { version, publishedBy: 'Ana', publishedAtMs: wallMs, menu },
});

describe('MenuCatalog', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('menu-catalog')));
  afterEach(() => dir.remove());

  function open() {
    const opened = openTestStore(join(dir.path, 'station.sqlite'), 'station-a');
    opened.clock.set(START_MS);
    const data = openTestStoreData(opened);
    return { ...opened, data, catalog: new MenuCatalog(data, demoCatalog, silentLogger) };
  }

  it('sells from the start-up catalog until a menu is held, then from the menu, announcing it once', () => {
    const { data, catalog, clock, db } = open();
    expect(catalog.items).toEqual(demoCatalog);
    expect(catalog.menu).toBeNull();
    const heard: number[] = [];
    catalog.onChange((view) => heard.push(view.menu?.version ?? 0));
    clock.set(START_MS + 500);
    expect(data.applyRemote(menuWire(1, START_MS, TEST_MENU), 'server')).toBe('won');
    expect(catalog.menu).toEqual({ version: 1, publishedBy: 'Ana', publishedAtMs: START_MS, receivedAtMs: START_MS + 500 });
    expect(catalog.items.map((i) => i.id)).toEqual(TEST_MENU.items.map((i) => i.id));
    // The same document again (a peer offering it): nothing changes, nothing announced.
    expect(data.applyRemote(menuWire(1, START_MS, TEST_MENU), 'peer:station-b')).toBe('held');
    expect(heard).toEqual([1]);
    db.close();
  });

  it('a menu that does not validate is kept out: the held menu stays in use and diagnostics name the problem', () => {
    const { data, catalog, db } = open();
    data.applyRemote(menuWire(1, START_MS, TEST_MENU), 'server');
    const broken = structuredClone(TEST_MENU) as unknown as { items: { priceMinor: unknown }[] };
    broken.items[0]!.priceMinor = -5;
    expect(data.applyRemote(menuWire(2, START_MS + 1, broken), 'peer:station-b')).toBe('rejected');
    expect(catalog.menu?.version).toBe(1);
    expect(catalog.items[0]?.priceMinor).toBe(TEST_MENU.items[0]?.priceMinor);
    expect(data.view().menu).toEqual(expect.objectContaining({ version: 1, publishedBy: 'Ana' }));
    expect(data.view().rejected).toEqual([
      expect.objectContaining({ kind: 'menu', source: 'peer:station-b', reason: expect.stringContaining('items[0].priceMinor') }),
    ]);
    db.close();
  });

  it('never writes a menu or staff document itself: those are the server’s', () => {
    const { data, db } = open();
    const written = data.writeLocal('staff', { members: [], requireSignIn: true });
    expect(written).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    expect(data.current('staff')).toBeUndefined();
    expect(data.pending()).toEqual([]);
    db.close();
  });

  it('after a restart, the menu kept on disk is in use, with when it arrived', () => {
    const first = open();
    first.clock.set(START_MS + 700);
    first.data.applyRemote(menuWire(1, START_MS, TEST_MENU), 'server');
    first.db.close();
    const again = open();
    expect(again.catalog.menu).toEqual(expect.objectContaining({ version: 1, receivedAtMs: START_MS + 700 }));
    expect(again.catalog.items.map((i) => i.id)).toEqual(TEST_MENU.items.map((i) => i.id));
    again.db.close();
  });
});
