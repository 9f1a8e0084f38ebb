import { describe, expect, it } from 'vitest';
import type { DeviceStatusView } from '../../../shared/ipc/devices.js';
import type { SyncStatusView } from '../../../shared/ipc/diagnostics.js';
import { deviceChanged, deviceChipText, devicesLoaded, healthySummary, statusSlice, syncBanner } from './status-slice.js';

const sync = (state: SyncStatusView['state'], outboxDepth: number): SyncStatusView => ({
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
  oldestUnsentAgeMs: null,
  deadLetters: 0,
});

const printer: DeviceStatusView = {
  id: 'receipt',
  kind: 'printer',
  name: 'Receipt printer',
  simulated: true,
  connection: 'virtual',
  state: 'ready',
  since: 0,
  reconnectAttempt: 0,
  actions: ['test-print'],
};

describe('sync banner', () => {
  it('counts unsynced orders, not events, when the core reports them (capped at 1000+)', () => {
    expect(syncBanner({ ...sync('backoff', 11), unsyncedOrders: 3 }, true)?.text).toBe('Offline — 3 unsynced');
    expect(syncBanner({ ...sync('syncing', 9000), unsyncedOrders: 1000 }, true)?.text).toBe('Syncing — 1000+ unsynced');
  });

  it('says offline with the unsynced count during backoff or an open circuit', () => {
    expect(syncBanner(sync('backoff', 3), true)).toEqual({ tone: 'offline', text: 'Offline — 3 unsynced' });
    expect(syncBanner(sync('circuit_open', 1), true)?.text).toBe('Offline — 1 unsynced');
    expect(syncBanner(sync('syncing', 2), true)?.text).toBe('Syncing — 2 unsynced');
    expect(syncBanner(sync('idle', 0), true)?.text).toBe('All synced');
    expect(syncBanner(null, true)?.tone).toBe('standalone');
    expect(syncBanner(null, false)).toBeNull();
  });
});

describe('devices', () => {
  it('replaces a device on change and labels simulated ones', () => {
    let state = statusSlice.reducer(undefined, devicesLoaded([printer]));
    state = statusSlice.reducer(state, deviceChanged({ ...printer, state: 'paper-out' }));
    expect(state.devices).toHaveLength(1);
    expect(deviceChipText(state.devices[0]!)).toBe('Receipt printer: paper out (Simulated)');
  });
});

describe('healthy devices summary', () => {
  it('names a single device and counts several, saying simulated only when all are', () => {
    expect(healthySummary([printer])).toBe('Receipt printer: ready (Simulated)');
    const scanner: DeviceStatusView = { ...printer, id: 'scanner', kind: 'scanner', name: 'Scanner' };
    expect(healthySummary([printer, scanner])).toBe('2 devices ready (Simulated)');
    expect(healthySummary([printer, { ...scanner, simulated: false }])).toBe('2 devices ready');
  });
});
