import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MeshView } from '../../../shared/ipc/diagnostics.js';
import { StoreNetworkSection } from './StoreNetworkSection.js';

const NOW = 1_750_000_060_000;

const mesh: MeshView = {
  enabled: true,
  storeId: 'demo-cafe',
  vector: { 'counter-1': 40, 'counter-2': 12 },
  peers: [
    {
      found: 'listed',
      url: 'http://192.168.1.22:4318',
      address: 'http://192.168.1.22:4318',
      stationId: 'counter-2',
      state: 'connected',
      reason: null,
      lastHeardAt: NOW - 42_000,
      behind: { 'counter-2': 3 },
      peerBehind: {},
      shed: 0,
    },
    {
      found: 'listed',
      url: 'http://192.168.1.23:4318',
      address: null,
      stationId: null,
      state: 'refused',
      reason: 'station certificate refused: it is for store other',
      lastHeardAt: null,
      behind: {},
      peerBehind: {},
      shed: 0,
    },
    {
      found: 'mdns',
      url: 'http://192.168.1.24:4318',
      address: null,
      stationId: 'counter-3',
      state: 'connecting',
      reason: 'connect ECONNREFUSED 192.168.1.24:4318',
      lastHeardAt: null,
      behind: {},
      peerBehind: {},
      shed: 0,
    },
    {
      found: 'inbound',
      url: null,
      address: '192.168.1.30',
      stationId: 'kitchen-pc',
      state: 'connected',
      reason: null,
      lastHeardAt: NOW,
      behind: {},
      peerBehind: { 'counter-1': 1 },
      shed: 2,
    },
  ],
  refusedEvents: [{ origin: 'counter-2', seq: 7, heldId: 'held-0000aaaa', offeredId: 'offered-bbbb', peer: 'counter-2', detectedAt: NOW }],
};

const render = (view: MeshView | null | undefined) =>
  renderToStaticMarkup(createElement(StoreNetworkSection, { mesh: view, nowMs: NOW })).replace(/<[^>]+>/g, '');

describe('the store network section', () => {
  it('lists each peer: address, how found, state with the reason, last heard, events behind per origin', () => {
    const text = render(mesh);
    expect(text).toContain('Store demo-cafe · 2 of 4 peers connected');
    expect(text).toContain(
      'counter-2 · http://192.168.1.22:4318 · listed in station.json · paired, connected · last heard 42 s ago' +
        'This station is behind it by counter-2: 3 events; it is behind by nothing',
    );
    expect(text).toContain(
      'http://192.168.1.23:4318 · http://192.168.1.23:4318 · listed in station.json · refused: station certificate refused: it is for store other · last heard never',
    );
    expect(text).toContain('counter-3 · http://192.168.1.24:4318 · found on the LAN · connecting');
    expect(text).toContain('kitchen-pc · 192.168.1.30 · dialled in · paired, connected · last heard just now');
    expect(text).toContain('it is behind by counter-1: 1 event · live stream shed 2×');
    expect(text).toContain('1 refused event (kept, never merged):');
    expect(text).toContain('counter-2 #7 from counter-2');
  });

  it('says when there is no store network, or none reported', () => {
    expect(render({ ...mesh, enabled: false, peers: [], refusedEvents: [] })).toContain('Not configured');
    expect(
      render({ ...mesh, enabled: false, pairing: 'not paired yet (needs the central server once)', peers: [], refusedEvents: [] }),
    ).toContain('Store network not paired yet (needs the central server once)');
    expect(render({ ...mesh, peers: [], refusedEvents: [] })).toContain('No peers listed in station.json, none found on the LAN');
    expect(render(null)).toContain('does not report a store network');
    expect(render(undefined)).toContain('Loading…');
  });
});
