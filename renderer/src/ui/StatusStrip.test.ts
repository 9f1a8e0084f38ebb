import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Provider } from 'react-redux';
import { describe, expect, it } from 'vitest';
import type { MeshStatusView, SyncStatusView } from '../../../shared/ipc/diagnostics.js';
import { startStation } from '../app/start-station.js';
import { FakeStation } from '../testing/fake-station.js';
import { StatusStrip } from './StatusStrip.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const offline: SyncStatusView = {
  state: 'backoff',
  consecutiveFailures: 3,
  nextAttemptAt: null,
  lastSuccessAt: null,
  lastPushAt: null,
  lastPullAt: null,
  lastError: 'ECONNREFUSED',
  clockSkewMs: null,
  pullCursor: 0,
  outboxDepth: 12,
  unsyncedOrders: 3,
  oldestUnsentAgeMs: 1000,
  deadLetters: 0,
};

const peer = (stationId: string, state: MeshStatusView['peers'][number]['state']) => ({
  found: 'listed' as const,
  url: `http://${stationId}:4318`,
  address: null,
  stationId,
  state,
  reason: null,
});

describe('the kitchen status strip', () => {
  it('says which path is down from the pushes, keeping the unsynced count from sync', async () => {
    const bridge = new FakeStation();
    bridge.setConnection({ role: 'kitchen' });
    const station = startStation('kitchen', bridge);
    await flush();
    const strip = () =>
      renderToStaticMarkup(
        createElement(Provider, { store: station.store, children: createElement(StatusStrip, { canSync: false, problemsOnly: true }) }),
      );

    bridge.push('sync.changed', offline);
    expect(strip()).toContain('Offline — 3 unsynced');

    bridge.push('mesh.changed', { enabled: true, connected: 2, peers: [peer('counter-2', 'connected'), peer('kitchen-pc', 'connected')] });
    expect(strip()).toContain('Internet down — store network OK, 2 stations · 3 unsynced');

    bridge.push('mesh.changed', {
      enabled: true,
      connected: 0,
      peers: [peer('counter-2', 'disconnected'), peer('kitchen-pc', 'connecting')],
    });
    expect(strip()).toContain('Internet and store network down · 3 unsynced');

    bridge.push('sync.changed', { ...offline, state: 'idle', outboxDepth: 0, unsyncedOrders: 0 });
    expect(strip()).toContain('Store network down — internet OK · all synced');

    bridge.push('mesh.changed', { enabled: true, connected: 1, peers: [peer('counter-2', 'connected'), peer('kitchen-pc', 'refused')] });
    expect(strip()).toContain('All synced');
    expect(strip()).not.toContain('network');
    station.dispose();
  });
});
