import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreDataPage, StoreDocumentPut, type StoreDocumentWire } from '../shared/store-data.js';
import { startCentralServer, type CentralServer } from './main.js';
import { ADMIN_TOKEN, channelKey, stationToken } from './testing/admin.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http } from './testing/http.js';

const silent = pino({ level: 'silent' });
const backends = testBackends();
afterAll(() => backends.dispose());

const NOW = Date.now();
const hlc = (offsetMs: number, counter = 0) => `${String(NOW + offsetMs).padStart(15, '0')}-${String(counter).padStart(5, '0')}`;
const routing = (stations: string[]) => ({ stations, byCategory: {}, byItem: {}, fireChannelOrders: true });
const doc = (author: string, at: string, stations: string[], version = 1): StoreDocumentWire => ({
  kind: 'kitchen-routing',
  version,
  hlc: at,
  author,
  body: routing(stations),
});

describe.each(BACKENDS)('store data on the central server (%s)', (backend) => {
  async function server(): Promise<CentralServer> {
    return startCentralServer({ ...(await backends.serverStorage(backend)), adminToken: ADMIN_TOKEN, logger: silent, rateLimit: false });
  }
  const put = (s: CentralServer, store: string, token: string, document: StoreDocumentWire, kind = document.kind) =>
    http(`${s.url}/v1/stores/${store}/data/${kind}`, { method: 'PUT', token, json: document });
  const pull = async (s: CentralServer, store: string, token: string, after: number) => {
    const reply = await http(`${s.url}/v1/stores/${store}/data?after=${after}`, { token });
    expect(reply.status).toBe(200);
    return StoreDataPage.parse(reply.body);
  };

  it('keeps the last writer per kind, answers the winner to a loser, and pages wins by cursor', async () => {
    const s = await server();
    try {
      const a = await stationToken(s.url, 'shop', 'station-a');
      const b = await stationToken(s.url, 'shop', 'station-b');
      expect(await pull(s, 'shop', a, 0)).toEqual({ documents: [], cursor: 0 });

      const first = doc('station-a', hlc(0), ['grill']);
      const put1 = await put(s, 'shop', a, first);
      expect(put1.status).toBe(200);
      expect(StoreDocumentPut.parse(put1.body)).toEqual({ won: true, current: first });
      const page1 = await pull(s, 'shop', b, 0);
      expect(page1.documents).toEqual([first]);

      // B edited before A (an older stamp, pushed late, e.g. after an outage): it loses, and hears A's.
      const older = doc('station-b', hlc(-1_000), ['bar']);
      expect(StoreDocumentPut.parse((await put(s, 'shop', b, older)).body)).toEqual({ won: false, current: first });
      expect(await pull(s, 'shop', b, page1.cursor)).toEqual({ documents: [], cursor: page1.cursor });
      // Pushed again (a lost answer): the same answer, nothing changes.
      expect(StoreDocumentPut.parse((await put(s, 'shop', a, first)).body)).toEqual({ won: false, current: first });

      // Same hlc, two authors: the greater author wins, whichever arrives first.
      const tieA = doc('station-a', hlc(5_000), ['grill', 'bar'], 2);
      const tieB = doc('station-b', hlc(5_000), ['bar'], 2);
      expect(StoreDocumentPut.parse((await put(s, 'shop', b, tieB)).body).won).toBe(true);
      expect(StoreDocumentPut.parse((await put(s, 'shop', a, tieA)).body)).toEqual({ won: false, current: tieB });
      const page2 = await pull(s, 'shop', a, page1.cursor);
      expect(page2.documents).toEqual([tieB]);
      expect(page2.cursor).toBeGreaterThan(page1.cursor);
      // A cursor beyond the store's newest win (a server restored from a backup) gets everything again.
      expect((await pull(s, 'shop', a, page2.cursor + 1_000)).documents).toEqual([tieB]);

      // Another store's data is its own.
      const other = await stationToken(s.url, 'other', 'station-a');
      expect(await pull(s, 'other', other, 0)).toEqual({ documents: [], cursor: 0 });
    } finally {
      await s.close();
    }
  });

  it('refuses what must never win: bad bodies, unknown kinds, other authors, stamps from the future, other callers', async () => {
    const s = await server();
    try {
      const a = await stationToken(s.url, 'shop', 'station-a');
      const broken = {
        ...doc('station-a', hlc(0), ['grill']),
        body: { stations: ['grill'], byCategory: { Kitchen: 'nowhere' }, byItem: {}, fireChannelOrders: true },
      };
      const bad = await put(s, 'shop', a, broken);
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({
        error: { code: 'invalid_document', message: expect.stringContaining('byCategory.Kitchen') as unknown },
      });
      const unknown = await put(s, 'shop', a, { ...doc('station-a', hlc(0), ['grill']), kind: 'weather' });
      expect(unknown.status).toBe(422);
      expect((await put(s, 'shop', a, doc('station-a', hlc(0), ['grill']), 'menu')).status).toBe(400);
      const forged = await put(s, 'shop', a, doc('station-b', hlc(0), ['grill']));
      expect(forged.status).toBe(403);
      expect(forged.body).toMatchObject({ error: { code: 'origin_mismatch' } });
      const future = await put(s, 'shop', a, doc('station-a', hlc(60 * 60_000), ['grill']));
      expect(future.status).toBe(422);
      expect(future.body).toMatchObject({ error: { code: 'clock_ahead' } });
      expect((await put(s, 'shop', a, { ...doc('station-a', hlc(0), ['grill']), hlc: 'yesterday' })).status).toBe(400);
      const { token: web } = await channelKey(s.url, 'shop', 'web');
      expect((await put(s, 'shop', web, doc('station-a', hlc(0), ['grill']))).status).toBe(403);
      expect((await http(`${s.url}/v1/stores/shop/data`, { token: web })).status).toBe(403);
      const stranger = await stationToken(s.url, 'other', 'station-a');
      expect((await put(s, 'shop', stranger, doc('station-a', hlc(0), ['grill']))).status).toBe(403);
      // Nothing of it was kept (the menu there is the one the channel key's store was given).
      expect((await pull(s, 'shop', a, 0)).documents.map((d) => d.kind)).toEqual(['menu']);

      // Both routes are in the OpenAPI document.
      const openapi = (await http(`${s.url}/openapi.json`)).body as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(openapi.paths['/v1/stores/{store}/data/{kind}'] ?? {})).toEqual(['put']);
      expect(Object.keys(openapi.paths['/v1/stores/{store}/data'] ?? {})).toEqual(['get']);
    } finally {
      await s.close();
    }
  });
});
