import type { ManagedBridge } from '../bridge/connection.js';
import { availabilityChanged } from '../store/availability-slice.js';
import { catalogLoaded } from '../store/catalog-slice.js';
import { connectionChanged } from '../store/connection-slice.js';
import { customerFacingChanged } from '../store/customer-facing-slice.js';
import { meshChanged } from '../store/mesh-slice.js';
import { orderChanged } from '../store/orders-slice.js';
import { offlineQueueChanged, paymentAttemptChanged, refundChanged } from '../store/payments-slice.js';
import { printJobChanged } from '../store/print-jobs-slice.js';
import { routingChanged } from '../store/routing-slice.js';
import { barcodeScanned } from '../store/scanner-slice.js';
import { sessionChanged, shiftChanged } from '../store/staff-slice.js';
import { deviceChanged, syncChanged } from '../store/status-slice.js';
import { makeStore, type AppStore } from '../store/store.js';
import type { WindowKind } from './select-window.js';

export interface Station {
  store: AppStore;
  bridge: ManagedBridge;
  dispose: () => void;
}

/**
 * Wires one window's bridge into a fresh store. Every push becomes a Redux action here and nowhere
 * else: components read the store, so a reconnect's reload (see store/listeners.ts) reaches them
 * all the same way a push does. The core only pushes what the window's role may see.
 */
export function startStation(window: WindowKind, bridge: ManagedBridge): Station {
  const store = makeStore({ bridge, window });
  const { dispatch } = store;
  const unsubscribes = [
    bridge.on('order.changed', (order) => dispatch(orderChanged(order))),
    bridge.onConnection((state) => dispatch(connectionChanged(state))),
    bridge.on('sync.changed', (status) => dispatch(syncChanged(status))),
    bridge.on('mesh.changed', (status) => dispatch(meshChanged(status))),
    bridge.on('devices.changed', (device) => dispatch(deviceChanged(device))),
    bridge.on('print.jobChanged', (job) => dispatch(printJobChanged(job))),
    bridge.on('payment.changed', (attempt) => dispatch(paymentAttemptChanged(attempt))),
    bridge.on('payment.refundChanged', (refund) => dispatch(refundChanged(refund))),
    bridge.on('payment.offlineQueueChanged', (queue) => dispatch(offlineQueueChanged(queue))),
    bridge.on('staff.changed', (session) => dispatch(sessionChanged(session))),
    bridge.on('shift.changed', (shift) => dispatch(shiftChanged(shift))),
    bridge.on('menu.availabilityChanged', (view) => dispatch(availabilityChanged(view))),
    bridge.on('catalog.changed', (view) => dispatch(catalogLoaded(view))),
    bridge.on('kitchen.routingChanged', (view) => dispatch(routingChanged(view))),
    bridge.on('display.changed', (view) => dispatch(customerFacingChanged(view))),
    bridge.on('scanner.scanned', ({ barcode }) => dispatch(barcodeScanned(barcode))),
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
