import { availabilityChanged } from './availability-slice.js';
import { catalogLoaded } from './catalog-slice.js';
import { customerFacingChanged } from './customer-facing-slice.js';
import { noticeDismissed, noticeShown } from './notices-slice.js';
import { meshChanged } from './mesh-slice.js';
import { activeOrdersLoaded } from './orders-slice.js';
import { refundsDueFailed, refundsDueLoaded } from './refunds-due-slice.js';
import { routingChanged } from './routing-slice.js';
import { devicesLoaded, syncChanged } from './status-slice.js';
import type { AppThunk } from './root-reducer.js';

export function loadCatalog(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('catalog.list', {});
    if (result.ok) {
      dispatch(catalogLoaded(result.value));
      dispatch(noticeDismissed('catalog'));
    } else {
      dispatch(
        noticeShown({
          key: 'catalog',
          severity: 'error',
          code: result.error.code,
          message: `Could not load the menu: ${result.error.message}`,
        }),
      );
    }
  };
}

export function loadActiveOrders(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('orders.listActive', {});
    if (result.ok) {
      dispatch(activeOrdersLoaded(result.value.orders));
      dispatch(noticeDismissed('orders'));
    } else {
      dispatch(
        noticeShown({
          key: 'orders',
          severity: 'error',
          code: result.error.code,
          message: `Could not load open orders: ${result.error.message}`,
        }),
      );
    }
  };
}

export function loadSyncStatus(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('sync.status', {});
    if (result.ok) dispatch(syncChanged(result.value));
  };
}

/** The store mesh in brief; a core built before the mesh answers `unknown_command` and the banner stays as it was. */
export function loadMeshStatus(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('mesh.status', {});
    if (result.ok) dispatch(meshChanged(result.value));
  };
}

export function loadDevices(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('devices.list', {});
    if (result.ok) dispatch(devicesLoaded(result.value.devices));
  };
}

/** The kitchen's stations and where unfired lines go; a failure leaves the last routing in place. */
export function loadKitchenRouting(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('kitchen.routing', {});
    if (result.ok) {
      dispatch(routingChanged(result.value));
      dispatch(noticeDismissed('kitchen-routing'));
    } else {
      dispatch(
        noticeShown({
          key: 'kitchen-routing',
          severity: 'error',
          code: result.error.code,
          message: `Kitchen stations not loaded: ${result.error.message}`,
        }),
      );
    }
  };
}

/** Cancelled orders still needing the counter; refund-pending orders are not in the active set. */
export function loadRefundsDue(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('payment.refundsDue', {});
    if (result.ok) dispatch(refundsDueLoaded(result.value.orders));
    else dispatch(refundsDueFailed(result.error.message));
  };
}

/** A person pressed "Sync now": runs a round at once and says what it did. */
export function syncNow(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('sync.now', {});
    if (result.ok) {
      const { pushed, pulled, deadLettered } = result.value;
      dispatch(
        noticeShown({
          key: 'sync',
          severity: deadLettered > 0 ? 'warning' : 'info',
          message: `Synced: ${pushed} sent, ${pulled} received${deadLettered > 0 ? `, ${deadLettered} refused (see Diagnostics)` : ''}`,
        }),
      );
    } else {
      dispatch(noticeShown({ key: 'sync', severity: 'error', code: result.error.code, message: `Sync failed: ${result.error.message}` }));
    }
    await dispatch(loadSyncStatus());
  };
}

/** The customer display's starting point after a (re)connect: the order the cashier shows now. */
export function loadCustomerFacing(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('display.current', {});
    // Without it the display still follows the station's newest open order; a push corrects it later.
    if (result.ok) dispatch(customerFacingChanged(result.value));
  };
}

export function loadAvailability(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('menu.availability', {});
    if (result.ok) {
      dispatch(availabilityChanged(result.value));
      dispatch(noticeDismissed('availability'));
    } else {
      dispatch(
        noticeShown({
          key: 'availability',
          severity: 'error',
          code: result.error.code,
          message: `Sold-out items not loaded: ${result.error.message}`,
        }),
      );
    }
  };
}
