import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { DeviceStatusView } from '../../../shared/ipc/devices.js';
import type { SyncStatusView } from '../../../shared/ipc/diagnostics.js';

/** Sync engine and peripherals as every staff window sees them: the always-visible status strip. */
export interface StatusState {
  /** Null until loaded, or when the station has no central server (a standalone till). */
  sync: SyncStatusView | null;
  syncLoaded: boolean;
  devices: DeviceStatusView[];
}

const initialState: StatusState = { sync: null, syncLoaded: false, devices: [] };

export const statusSlice = createSlice({
  name: 'status',
  initialState,
  reducers: {
    syncChanged: (state, action: PayloadAction<SyncStatusView | null>) => {
      state.sync = action.payload;
      state.syncLoaded = true;
    },
    devicesLoaded: (state, action: PayloadAction<DeviceStatusView[]>) => {
      state.devices = action.payload;
    },
    deviceChanged: (state, action: PayloadAction<DeviceStatusView>) => {
      const index = state.devices.findIndex((d) => d.id === action.payload.id);
      if (index >= 0) state.devices[index] = action.payload;
      else state.devices.push(action.payload);
    },
  },
});

export const { syncChanged, devicesLoaded, deviceChanged } = statusSlice.actions;

export interface SyncBanner {
  /** offline: the server is unreachable (backoff or circuit open); pending: online with events queued. */
  tone: 'ok' | 'pending' | 'offline' | 'standalone';
  text: string;
}

/** The core counts unsynced orders up to this many; beyond it the banner says "1000+". */
const UNSYNCED_ORDERS_CAP = 1000;

/** Orders, as a cashier counts them ("3 unsynced" after three sales); events only from an older core. */
export function unsyncedText(sync: SyncStatusView): string {
  const orders = sync.unsyncedOrders;
  if (orders === undefined) return `${sync.outboxDepth} unsynced`;
  return `${orders >= UNSYNCED_ORDERS_CAP ? `${UNSYNCED_ORDERS_CAP}+` : orders} unsynced`;
}

/** What the header says about sync: "Offline — 3 unsynced", "Syncing — 2 unsynced", "All synced". */
export function syncBanner(sync: SyncStatusView | null, loaded: boolean): SyncBanner | null {
  if (!loaded) return null;
  if (sync === null) return { tone: 'standalone', text: 'Standalone — no central server' };
  if (sync.state === 'backoff' || sync.state === 'circuit_open') return { tone: 'offline', text: `Offline — ${unsyncedText(sync)}` };
  if (sync.state === 'stopped') return { tone: 'offline', text: `Sync stopped — ${unsyncedText(sync)}` };
  if (sync.outboxDepth > 0) return { tone: 'pending', text: `${sync.state === 'syncing' ? 'Syncing' : 'Online'} — ${unsyncedText(sync)}` };
  return { tone: 'ok', text: 'All synced' };
}

export const deviceStateLabel: Record<DeviceStatusView['state'], string> = {
  stopped: 'stopped',
  connecting: 'connecting',
  ready: 'ready',
  busy: 'busy',
  'paper-out': 'paper out',
  'cover-open': 'cover open',
  error: 'error',
  offline: 'offline',
  backoff: 'reconnecting',
};

export function deviceNeedsAttention(device: DeviceStatusView): boolean {
  return !['ready', 'busy'].includes(device.state) || device.paperNearEnd === true;
}

/** A chip's text: "Receipt printer: paper out (simulated)". */
export function deviceChipText(device: DeviceStatusView): string {
  const state = device.paperNearEnd && device.state === 'ready' ? 'paper low' : deviceStateLabel[device.state];
  return `${device.name}: ${state}${device.simulated ? ' (Simulated)' : ''}`;
}

/** One chip for every device that is fine: "Receipt printer ready", "4 devices ready (simulated)". */
export function healthySummary(devices: readonly DeviceStatusView[]): string {
  const simulated = devices.length > 0 && devices.every((d) => d.simulated) ? ' (Simulated)' : '';
  if (devices.length === 1) return deviceChipText(devices[0]!);
  return `${devices.length} devices ready${simulated}`;
}
