import { catalogLoaded } from './catalog-slice.js';
import { noticeDismissed, noticeShown } from './notices-slice.js';
import { activeOrdersLoaded } from './orders-slice.js';
import type { AppThunk } from './root-reducer.js';

export function loadCatalog(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('catalog.list', {});
    if (result.ok) {
      dispatch(catalogLoaded(result.value.items));
      dispatch(noticeDismissed('catalog'));
    } else {
      dispatch(noticeShown({ key: 'catalog', severity: 'error', code: result.error.code, message: `Could not load the menu: ${result.error.message}` }));
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
      dispatch(noticeShown({ key: 'orders', severity: 'error', code: result.error.code, message: `Could not load open orders: ${result.error.message}` }));
    }
  };
}
