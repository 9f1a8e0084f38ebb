import { describe, expect, it } from 'vitest';
import type { MeshStatusView, SyncStatusView } from '../../../shared/ipc/diagnostics.js';
import { networkBanner, storeNetwork } from './network-banner.js';
import { syncBanner } from './status-slice.js';

const sync = (state: SyncStatusView['state'], outboxDepth: number, unsyncedOrders?: number): SyncStatusView => ({
  state,
  consecutiveFailures: 0,
  nextAttemptAt: null,
  lastSuccessAt: null,
  lastPushAt: null,
  lastPullAt: null,
  lastError: null,
  clockSkewMs: null,
  pullCursor: 0,
  outboxDepth,
  ...(unsyncedOrders === undefined ? {} : { unsyncedOrders }),
  oldestUnsentAgeMs: null,
  deadLetters: 0,
});

type Peer = MeshStatusView['peers'][number];
const peer = (state: Peer['state'], found: Peer['found'] = 'listed'): Peer => ({
  found,
  url: found === 'listed' ? 'http://192.168.1.22:4318' : null,
  address: '192.168.1.22',
  stationId: 'counter-2',
  state,
  reason: state === 'refused' ? 'station certificate refused: it is for store other, this station is in cafe' : null,
});
const mesh = (...peers: Peer[]): MeshStatusView => ({
  enabled: true,
  connected: peers.filter((p) => p.state === 'connected').length,
  peers,
});
const threeUp = mesh(peer('connected'), peer('connected'), peer('connected', 'inbound'));
const noneUp = mesh(peer('disconnected'), peer('refused'));

describe('store network', () => {
  it('is none without a mesh, disabled, or with no peer listed or connected', () => {
    expect(storeNetwork(null)).toEqual({ state: 'none' });
    expect(storeNetwork({ enabled: false, connected: 0, peers: [] })).toEqual({ state: 'none' });
    expect(storeNetwork(mesh())).toEqual({ state: 'none' });
  });

  it('is ok with any station connected (listed or dialled in), down when listed peers are all unreachable', () => {
    expect(storeNetwork(threeUp)).toEqual({ state: 'ok', stations: 3 });
    expect(storeNetwork(mesh(peer('connected', 'inbound')))).toEqual({ state: 'ok', stations: 1 });
    expect(storeNetwork(noneUp)).toEqual({ state: 'down' });
    expect(storeNetwork(mesh(peer('connecting')))).toEqual({ state: 'down' });
  });

  it('is down while the station is not paired yet and peers are listed (nothing can connect until it is)', () => {
    const pairing = 'not paired yet (needs the central server once)';
    expect(storeNetwork({ enabled: false, pairing, connected: 0, peers: [peer('connecting')] })).toEqual({ state: 'down' });
    expect(storeNetwork({ enabled: false, pairing, connected: 0, peers: [] })).toEqual({ state: 'none' });
  });

  it('counts a station found on the LAN like a listed one: known, so its absence is the network being down', () => {
    expect(storeNetwork(mesh(peer('connected', 'mdns')))).toEqual({ state: 'ok', stations: 1 });
    expect(storeNetwork(mesh(peer('disconnected', 'mdns')))).toEqual({ state: 'down' });
  });
});

describe('network banner: which path is down', () => {
  it('is the plain sync banner when there is no store network, or both paths are fine', () => {
    for (const [s, loaded] of [
      [sync('backoff', 3, 2), true],
      [sync('idle', 0), true],
      [sync('syncing', 4, 1), true],
      [null, true],
      [null, false],
    ] as const) {
      expect(networkBanner(s, loaded, null)).toEqual(syncBanner(s, loaded));
      expect(networkBanner(s, loaded, { enabled: false, connected: 0, peers: [] })).toEqual(syncBanner(s, loaded));
    }
    expect(networkBanner(sync('idle', 0), true, threeUp)).toEqual({ tone: 'ok', text: 'All synced' });
    expect(networkBanner(sync('syncing', 4, 1), true, threeUp)).toEqual({ tone: 'pending', text: 'Syncing — 1 unsynced' });
    expect(networkBanner(null, true, threeUp)).toEqual({ tone: 'standalone', text: 'Standalone — no central server' });
  });

  it('internet down, store network OK: says so, with the stations reached and the unsynced orders', () => {
    expect(networkBanner(sync('backoff', 11, 3), true, threeUp)).toEqual({
      tone: 'offline',
      text: 'Internet down — store network OK, 3 stations · 3 unsynced',
    });
    expect(networkBanner(sync('circuit_open', 1), true, mesh(peer('connected'), peer('refused')))?.text).toBe(
      'Internet down — store network OK, 1 station · 1 unsynced',
    );
    expect(networkBanner(sync('stopped', 2, 2), true, threeUp)?.text).toBe('Sync stopped — store network OK, 3 stations · 2 unsynced');
  });

  it('store network down, internet OK', () => {
    expect(networkBanner(sync('idle', 0), true, noneUp)).toEqual({
      tone: 'offline',
      text: 'Store network down — internet OK · all synced',
    });
    expect(networkBanner(sync('syncing', 5, 2), true, noneUp)?.text).toBe('Store network down — internet OK · 2 unsynced');
  });

  it('both down, and a standalone till whose store network is down', () => {
    expect(networkBanner(sync('backoff', 9000, 1000), true, noneUp)).toEqual({
      tone: 'offline',
      text: 'Internet and store network down · 1000+ unsynced',
    });
    expect(networkBanner(sync('stopped', 1, 1), true, noneUp)?.text).toBe('Sync stopped, store network down · 1 unsynced');
    expect(networkBanner(null, true, noneUp)).toEqual({ tone: 'offline', text: 'Standalone — store network down' });
  });

  it('says nothing until sync status is loaded', () => {
    expect(networkBanner(null, false, noneUp)).toBeNull();
  });
});
