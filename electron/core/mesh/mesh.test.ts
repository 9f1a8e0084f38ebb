import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import { ManualClock } from '../../../shared/clock.js';
import type { DiagnosticsView, MeshStatusView } from '../../../shared/ipc/diagnostics.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { StationConfigInput } from '../config.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { eventually, forgeCertificate, pairRaw, RawPeer, rawIdentity, rawTls } from '../testing/raw-peer.js';
import { startTestStation } from '../testing/station-harness.js';
import { TestWsClient } from '../testing/ws-client.js';
import { PeerCloseCode } from './protocol.js';

const STORE = 'cafe';
const TOKEN = 'cafe-station-token-0123456789abcdef';
const ADMIN = 'mesh-test-admin-token-0123456789';

describe('store mesh: stations replicate over the LAN without the central server', () => {
  let dir: ReturnType<typeof tempDir>;
  let stations: Station[];
  // Stations pair through it at start; events then move between peers only (no sync runs in these tests).
  let server: CentralServer;

  beforeAll(async () => {
    server = await startCentralServer({
      bootstrap: { storeId: STORE, storeWideStationToken: TOKEN },
      adminToken: ADMIN,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(() => server.close());

  beforeEach(() => {
    dir = tempDir('mesh');
    stations = [];
  });
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    dir.remove();
  });

  async function station(
    name: string,
    peers: readonly Station[] = [],
    config: StationConfigInput = {},
    extra: Parameters<typeof startTestStation>[2] = {},
  ) {
    const s = await startTestStation(
      join(dir.path, name),
      {
        stationId: name,
        server: { url: server.url, token: TOKEN },
        mesh: { port: 0 },
        peers: peers.map((p) => ({ url: p.peerUrl! })),
        ...config,
      },
      extra,
    );
    stations.push(s);
    await eventually(() => s.mesh.paired, 5_000, `${name} paired`);
    return s;
  }

  /** A raw host paired through the server as `stationId`: a real member of the store. */
  const member = async (stationId: string) => pairRaw(server.url, TOKEN, STORE, await rawIdentity(stationId));

  async function stop(s: Station): Promise<void> {
    stations.splice(stations.indexOf(s), 1);
    await s.stop();
  }

  async function sellOne(s: Station): Promise<OrderView> {
    const added = await s.dispatch('cashier', 'order.addLine', { itemId: 'croissant', quantity: 2 }, 'test');
    if (!added.ok) throw new Error(added.error.message);
    const orderId = (added.value as OrderView).id;
    const paid = await s.dispatch('cashier', 'order.payCash', { orderId, tenderedMinor: 2000 }, 'test');
    if (!paid.ok) throw new Error(paid.error.message);
    return (paid.value as { order: OrderView }).order;
  }

  const holds = (s: Station, order: OrderView) => s.store.getOrder(order.id)?.status === order.status;
  const connected = (s: Station, n: number) => s.mesh.status().peers.filter((p) => p.state === 'connected').length >= n;
  async function diagnostics(s: Station): Promise<DiagnosticsView> {
    const result = await s.dispatch('cashier', 'diagnostics.get', {}, 'test');
    if (!result.ok) throw new Error(result.error.message);
    return result.value as DiagnosticsView;
  }

  it('a sale at A reaches B and C at once, and B kitchen window hears order.changed', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    const c = await station('station-c', [a, b]);
    await eventually(() => connected(a, 2) && connected(b, 2) && connected(c, 2), 5_000, 'full mesh');
    const kitchen = new TestWsClient(`${b.url.replace('http', 'ws')}/ipc`);
    await kitchen.opened();
    await kitchen.auth(b.tokens.kitchen!);

    const sale = await sellOne(a);
    await eventually(() => holds(b, sale) && holds(c, sale), 5_000, 'the sale at B and C');
    const changed = await kitchen.next((f) => f.t === 'evt' && f.name === 'order.changed' && (f.payload as OrderView).id === sale.id);
    expect(changed.t).toBe('evt');
    kitchen.close();
    // Same events, same fold: the projections agree.
    expect(b.store.orderEvents(sale.id).map((e) => e.id)).toEqual(a.store.orderEvents(sale.id).map((e) => e.id));
    expect(c.store.getOrder(sale.id)).toEqual(a.store.getOrder(sale.id));

    // Diagnostics: each peer connected, nothing behind once level.
    await eventually(() =>
      c.mesh.status().peers.every((p) => Object.keys(p.behind).length === 0 && Object.keys(p.peerBehind).length === 0),
    );
    const view = await diagnostics(c);
    expect(view.mesh?.enabled).toBe(true);
    expect(view.mesh?.vector['station-a']).toBe(a.store.lastOwnSeq);
    expect(view.mesh?.peers.map((p) => [p.found, p.state, p.stationId])).toEqual([
      ['listed', 'connected', 'station-a'],
      ['listed', 'connected', 'station-b'],
    ]);
  });

  it('tells the windows when a peer drops: mesh.changed, and mesh.status for the kitchen too', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    await eventually(() => connected(b, 1), 5_000, 'a–b');
    const status = await b.dispatch('kitchen', 'mesh.status', {}, 'test');
    expect(status).toEqual({
      ok: true,
      value: {
        enabled: true,
        connected: 1,
        peers: [{ found: 'listed', url: a.peerUrl, address: a.peerUrl, stationId: 'station-a', state: 'connected', reason: null }],
      },
    });
    const kitchen = new TestWsClient(`${b.url.replace('http', 'ws')}/ipc`);
    await kitchen.opened();
    await kitchen.auth(b.tokens.kitchen!);

    await stop(a);
    const dropped = await kitchen.next((f) => f.t === 'evt' && f.name === 'mesh.changed');
    kitchen.close();
    const payload = dropped.t === 'evt' ? (dropped.payload as MeshStatusView) : undefined;
    expect(payload).toMatchObject({ enabled: true, connected: 0, peers: [{ stationId: 'station-a' }] });
    expect(['connecting', 'disconnected']).toContain(payload?.peers[0]?.state);
    // Diagnostics still say when the dropped peer was last heard.
    expect(b.mesh.status().peers[0]?.lastHeardAt).toEqual(expect.any(Number));
  });

  it('a station that was down catches up by anti-entropy when it comes back', async () => {
    const a = await station('station-a');
    let b = await station('station-b', [a]);
    await eventually(() => connected(a, 1), 5_000, 'a–b');
    const before = await sellOne(a);
    await eventually(() => holds(b, before));
    await stop(b);
    // 60 sales while B is off: 240 events, more than one page of catch-up.
    const missed: OrderView[] = [];
    for (let i = 0; i < 60; i++) missed.push(await sellOne(a));
    b = await station('station-b', [a]);
    const restarted = b;
    await eventually(() => missed.every((o) => holds(restarted, o)), 10_000, 'catch-up');
    expect(restarted.mesh.status().vector['station-a']).toBe(a.store.lastOwnSeq);
  });

  it('relays: C, connected only to B, gets what B got from A', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    const c = await station('station-c', [b]);
    await eventually(() => connected(b, 2) && connected(c, 1), 5_000, 'a–b–c');
    const sale = await sellOne(a);
    await eventually(() => holds(c, sale), 5_000, 'relayed sale at C');
    expect(a.mesh.status().peers.map((p) => p.stationId)).toEqual(['station-b']);
    // And back: C's sale reaches A through B.
    const back = await sellOne(c);
    await eventually(() => holds(a, back), 5_000, 'relayed sale at A');
  });

  it('the outbox holds only the station own events; peer events never go to the server from here', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    await eventually(() => connected(b, 1));
    const fromA = await sellOne(a);
    await eventually(() => holds(b, fromA));
    expect(b.store.outboxBatch(10_000)).toEqual([]);
    await sellOne(b);
    const outbox = b.store.outboxBatch(10_000);
    expect(outbox.length).toBeGreaterThan(0);
    expect(new Set(outbox.map((e) => e.origin))).toEqual(new Set(['station-b']));
    // The same events pulled from the server later are duplicates: nothing inserted, nothing announced.
    let announced = 0;
    b.store.onCommitted(() => (announced += 1));
    const pulled = b.store.applyRemote(a.store.orderEvents(fromA.id), { key: 'pull_cursor', value: 4 });
    expect(pulled.inserted).toBe(0);
    expect(announced).toBe(0);
    expect(b.store.outboxBatch(10_000)).toEqual(outbox);
  });

  it('refuses and records a second event claiming an (origin, seq) or id it holds', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    await eventually(() => connected(b, 1));
    const sale = await sellOne(a);
    await eventually(() => holds(b, sale));
    const [opened] = a.store.orderEvents(sale.id).sort((x, y) => x.seq - y.seq);
    const rogue = new RawPeer(b.peerUrl!, await member('station-x'));
    expect((await rogue.handshake({ storeId: STORE })).t).toBe('have');
    // Same (origin, seq), another id; and the same id with another body.
    const forgedSeq = { ...opened!, id: '0190b1e2-0000-7000-8000-00000000beef' };
    const forgedBody = { ...opened!, hlc: '000000000000001-00000' };
    rogue.send({ t: 'events', events: [forgedSeq, forgedBody] });
    await rogue.next('have');
    expect(b.store.orderEvents(sale.id).find((e) => e.seq === opened!.seq)).toEqual(opened);
    const view = await diagnostics(b);
    expect(view.mesh?.refusedEvents.map((r) => [r.origin, r.seq, r.offeredId, r.peer]).sort()).toEqual(
      [
        ['station-a', opened!.seq, forgedSeq.id, 'station-x'],
        ['station-a', opened!.seq, opened!.id, 'station-x'],
      ].sort(),
    );
    rogue.close();
  });

  it('an unpaired host can neither read nor write: a self-made certificate, no certificate, or none at all', async () => {
    const a = await station('station-a');
    await sellOne(a);
    // Valid TLS, a certificate signed by a store key it made up: refused at the hello, before any vector or event.
    const forged = new RawPeer(a.peerUrl!, forgeCertificate(await rawIdentity('station-x'), STORE));
    const answer = await forged.handshake({ storeId: STORE });
    expect(answer).toMatchObject({ t: 'refuse', reason: expect.stringContaining('not paired into this store') as unknown });
    expect((await forged.closed).code).toBe(PeerCloseCode.refused);
    expect(forged.frames.filter((f) => f.t === 'have' || f.t === 'events')).toEqual([]);

    // A real certificate of another station, shown by a host without that station's key: the proof fails.
    const thief = await rawIdentity('station-y');
    const stolen = (await member('station-y')).certificate;
    const impostor = new RawPeer(a.peerUrl!, { ...thief, certificate: stolen });
    const refused = await impostor.handshake({ storeId: STORE });
    expect(refused.t).toBe('refuse');
    expect(impostor.frames.filter((f) => f.t === 'have' || f.t === 'events')).toEqual([]);

    // No handshake at all: an events frame is refused and closes the connection; nothing is applied.
    const sneaky = new RawPeer(a.peerUrl!, await rawIdentity('station-z'));
    await sneaky.opened();
    const event = { ...a.store.orderEvents(a.store.listOrderIds()[0]!)[0]!, origin: 'station-z', seq: 1 };
    sneaky.send({ t: 'events', events: [event] });
    expect((await sneaky.closed).code).toBe(PeerCloseCode.protocolError);
    expect(a.mesh.status().vector['station-z']).toBeUndefined();

    // A station of another store (paired through another server): refused, with the reason in its diagnostics.
    const other = await startCentralServer({
      bootstrap: { storeId: 'elsewhere', storeWideStationToken: TOKEN },
      logger: pino({ level: 'silent' }),
    });
    try {
      const d = await station('station-d', [a], { server: { url: other.url, token: TOKEN } });
      await eventually(() => d.mesh.status().peers[0]?.state === 'refused', 5_000, 'refusal');
      expect(d.mesh.status().peers[0]?.reason).toMatch(/store/);
      expect(d.store.listOrderIds()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a revoked station is refused once a peer heard of it, and the revocation spreads from peer to peer without the server', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    const c = await station('station-c', [b]);
    await eventually(() => connected(b, 2) && connected(c, 1), 5_000, 'a–b–c');
    const rogue = await member('station-r');
    const before = new RawPeer(c.peerUrl!, rogue);
    expect((await before.handshake({ storeId: STORE })).t).toBe('have');

    // B and C will not ask the server (as if it were unreachable from them): they can only hear it from a peer.
    b.meshPairing!.stop();
    c.meshPairing!.stop();
    const revoked = await fetch(`${server.url}/v1/admin/stores/${STORE}/mesh/revocations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stationId: 'station-r' }),
    });
    expect(revoked.status).toBe(201);
    // Only A asks the server; B and C hear it from their peers.
    await a.meshPairing!.refresh();
    // C closes the session it had with the revoked station, with the reason.
    expect(await before.closed).toMatchObject({ code: PeerCloseCode.refused });
    expect(before.frames).toContainEqual({ t: 'refuse', reason: expect.stringContaining('station-r is revoked') as unknown });

    // Read: a new connection is refused at the hello and gets nothing.
    const again = new RawPeer(c.peerUrl!, rogue);
    expect(await again.handshake({ storeId: STORE })).toMatchObject({ t: 'refuse', reason: expect.stringContaining('revoked') as unknown });
    expect(again.frames.filter((f) => f.t === 'have' || f.t === 'events')).toEqual([]);
    // Write: its events are never applied.
    const event = { ...a.store.orderEvents((await sellOne(a)).id)[0]!, origin: 'station-r', seq: 1 };
    again.send({ t: 'events', events: [event] });
    await again.closed;
    expect(c.mesh.status().vector['station-r']).toBeUndefined();
    // The revocation persists: C restarted (no server) still refuses it.
    await stop(c);
    const c2 = await station('station-c', [b]);
    const third = new RawPeer(c2.peerUrl!, rogue);
    expect((await third.handshake({ storeId: STORE })).t).toBe('refuse');
  });

  it('a host between two stations with its own TLS certificate is refused (the pin at pairing)', async () => {
    const a = await station('station-a');
    // A real member whose TLS certificate is not the one its station certificate pins: an interceptor's position.
    const real = await member('station-m');
    const mitm = new RawPeer(a.peerUrl!, { ...real, tls: await rawTls() });
    expect(await mitm.handshake({ storeId: STORE })).toMatchObject({ t: 'refuse', reason: expect.stringContaining('pinned') as unknown });
    expect(mitm.frames.filter((f) => f.t === 'have' || f.t === 'events')).toEqual([]);
    // The real one, with its pinned TLS certificate, gets in; and it saw the endpoint's pinned certificate.
    const ok = new RawPeer(a.peerUrl!, real);
    expect((await ok.handshake({ storeId: STORE })).t).toBe('have');
    expect(ok.serverTlsFingerprint).toBe(a.mesh.identity.tls.fingerprint);
    ok.close();
  });

  it('without a server the mesh waits unpaired: the endpoint refuses everything, and says why', async () => {
    const lone = await startTestStation(join(dir.path, 'lone'), { stationId: 'station-lone', mesh: { port: 0 } });
    stations.push(lone);
    const raw = new RawPeer(lone.peerUrl!, await member('station-x'));
    await expect(raw.opened()).rejects.toThrow(/403/);
    expect(lone.mesh.status()).toMatchObject({ enabled: false, pairing: 'not paired yet (needs the central server once)', peers: [] });
    const plain = await startTestStation(join(dir.path, 'plain'), { stationId: 'station-plain' });
    stations.push(plain);
    expect(plain.peerUrl).toBeUndefined();
    expect(plain.mesh.status()).toMatchObject({ enabled: false, peers: [] });
  });

  it('pairs as soon as the server is reachable (unpaired, not dialling, while it is down); a server with the same store id but another store key makes no member', async () => {
    const a = await station('station-a');
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const late = await startTestStation(join(dir.path, 'station-late'), {
      stationId: 'station-late',
      server: { url: `http://127.0.0.1:${port}`, token: TOKEN },
      mesh: { port: 0 },
      peers: [{ url: a.peerUrl! }],
    });
    stations.push(late);
    await eventually(() => late.meshPairing?.lastError !== undefined, 5_000, 'a failed pairing');
    expect(late.mesh.status()).toMatchObject({ enabled: false, pairing: 'not paired yet (needs the central server once)' });
    expect(late.meshPairing?.lastError).toMatch(/cannot reach/);
    expect(connected(a, 1)).toBe(false);
    const second = await startCentralServer({
      port,
      bootstrap: { storeId: STORE, storeWideStationToken: TOKEN },
      logger: pino({ level: 'silent' }),
    });
    try {
      // A retry may have been in flight before the server was up: the round after it is the one that sees it.
      await late.meshPairing!.refresh();
      if (!late.mesh.paired) await late.meshPairing!.refresh();
      expect(late.mesh.paired).toBe(true);
      // Its certificate is from another store key than A's: A refuses it, with the reason on both sides.
      await eventually(() => late.mesh.status().peers[0]?.state === 'refused', 5_000, 'refused by A');
      expect(late.mesh.status().peers[0]?.reason).toMatch(/not paired into this store/);
    } finally {
      await second.close();
    }
  });

  it('a malformed or oversized frame closes that peer only', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    await eventually(() => connected(b, 1));
    const url = a.peerUrl!;
    const garbage = new RawPeer(url, await member('station-x'));
    await garbage.handshake({ storeId: STORE });
    garbage.send('{"t":"events","events":[{"nope":1}]}');
    expect((await garbage.closed).code).toBe(PeerCloseCode.protocolError);
    const huge = new RawPeer(url, await member('station-y'));
    await huge.handshake({ storeId: STORE });
    huge.send(`{"t":"want","origin":"${'x'.repeat(3 * 1024 * 1024)}","after":0}`);
    expect((await huge.closed).code).toBe(1009);
    // A and B never noticed.
    const sale = await sellOne(a);
    await eventually(() => holds(b, sale));
    expect(connected(b, 1)).toBe(true);
  });

  it('a compacted range is no gap: a peer asking below the floor is told so and takes the rest', async () => {
    const a = await station('station-a');
    const b = await station('station-b', [a]);
    await eventually(() => connected(b, 1));
    const closed = await sellOne(a);
    const open = await a.dispatch('cashier', 'order.addLine', { itemId: 'croissant', quantity: 1 }, 'test');
    if (!open.ok) throw new Error(open.error.message);
    const openOrder = open.value as OrderView;
    await eventually(() => holds(b, closed) && holds(b, openOrder));
    const before = b.mesh.status().vector['station-a'];
    // B drops the closed sale (A's events 1–4): its vector does not go back.
    expect(b.store.compact(-60_000).orders).toBe(1);
    expect(b.mesh.status().vector['station-a']).toBe(before);

    await stop(a);
    const c = await station('station-c', [b]);
    await eventually(() => holds(c, openOrder), 5_000, 'the open order at C');
    expect(c.store.getOrder(closed.id)).toBeUndefined();
    expect(c.mesh.status().vector['station-a']).toBe(before);
  });

  it('a slow peer: at the bound the live stream is shed, and the rest follows from the log as it acknowledges', async () => {
    const a = await station('station-a', [], {}, { meshBound: { maxPagesInFlight: 2, pageEvents: 4 } });
    const slow = new RawPeer(a.peerUrl!, await member('station-slow'));
    expect((await slow.handshake({ storeId: STORE })).t).toBe('have');
    slow.send({ t: 'have', vv: {}, ack: 0 });
    for (let i = 0; i < 5; i++) await sellOne(a);
    const total = a.store.lastOwnSeq;
    expect(total).toBeGreaterThan(8);
    await new Promise((r) => setTimeout(r, 200));
    // Two pages of four, then nothing until the peer acknowledges.
    const pages = () => slow.frames.filter((f) => f.t === 'events');
    expect(pages().map((f) => (f.t === 'events' ? f.events.map((e) => e.seq) : []))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(a.mesh.status().peers[0]).toMatchObject({ found: 'inbound', state: 'connected', peerBehind: { 'station-a': total } });
    expect(a.mesh.status().peers[0]!.shed).toBeGreaterThan(0);
    slow.send({ t: 'have', vv: { 'station-a': 8 }, ack: 2 });
    await eventually(() => pages().flatMap((f) => (f.t === 'events' ? f.events : [])).length === total, 5_000, 'the rest');
    expect(
      pages()
        .flatMap((f) => (f.t === 'events' ? f.events.map((e) => e.seq) : []))
        .at(-1),
    ).toBe(total);
    slow.close();
  });

  it('refuses a peer whose clock is beyond the drift bound, and says why', async () => {
    const a = await station('station-a');
    const ahead = new ManualClock(Date.now() + 10 * 60_000);
    const late = await station('station-late', [a], {}, { clock: ahead });
    await eventually(() => late.mesh.status().peers[0]?.state === 'refused', 5_000, 'refusal');
    expect(late.mesh.status().peers[0]?.reason).toMatch(/clock differs .* by -?\d+ ms \(limit 300000 ms\)/);
    await sellOne(a);
    expect(late.store.listOrderIds()).toEqual([]);
  });
});
