import type { ManagedBridge } from '../bridge/connection.js';
import { connectionChanged } from '../store/connection-slice.js';
import { orderChanged } from '../store/orders-slice.js';
import { deviceChanged, syncChanged } from '../store/status-slice.js';
import { makeStore, type AppStore } from '../store/store.js';
import type { WindowKind } from './select-window.js';

export interface Station {
  store: AppStore;
  bridge: ManagedBridge;
  dispose(): void;
}

/** Wires one window's bridge into a fresh store; pushes become Redux actions, nothing else listens raw. */
export function startStation(window: WindowKind, bridge: ManagedBridge): Station {
  const store = makeStore({ bridge, window });
  const unsubscribes = [
    bridge.on('order.changed', (order) => store.dispatch(orderChanged(order))),
    bridge.onConnection((state) => store.dispatch(connectionChanged(state))),
    bridge.on('sync.changed', (status) => store.dispatch(syncChanged(status))),
    bridge.on('devices.changed', (device) => store.dispatch(deviceChanged(device))),
  ];
  return {
    store,
    bridge,
    dispose() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      bridge.dispose();
    },
  };
}
