import type { TypedStartListening } from '@reduxjs/toolkit';
import { windowRole } from '../app/select-window.js';
import { connectionChanged } from './connection-slice.js';
import { noticeDismissed, noticeShown } from './notices-slice.js';
import type { AppDispatch, RootState, StoreExtra } from './root-reducer.js';
import { loadActiveOrders, loadCatalog, loadDevices, loadSyncStatus } from './thunks.js';

export type AppStartListening = TypedStartListening<RootState, AppDispatch, StoreExtra>;

export function startConnectionListeners(startListening: AppStartListening): void {
  startListening({
    // Every (re)connect reloads: pushes sent while this window was offline are not replayed.
    predicate: (action, state, previous) =>
      connectionChanged.match(action) && state.connection.status === 'online' && previous.connection.status !== 'online',
    effect: async (_action, api) => {
      const { window } = api.extra;
      const loads = [api.dispatch(loadActiveOrders())];
      if (window === 'cashier' || window === 'customer') loads.push(api.dispatch(loadCatalog()));
      // The customer role may not read sync or devices; every staff window keeps them in view.
      if (window !== 'customer') loads.push(api.dispatch(loadSyncStatus()), api.dispatch(loadDevices()));
      await Promise.all(loads);
    },
  });

  startListening({
    actionCreator: connectionChanged,
    effect: (action, api) => {
      const { role } = action.payload;
      const { window } = api.extra;
      // The core enforces roles; this only tells a person why every button fails.
      if (role !== null && role !== windowRole[window]) {
        api.dispatch(
          noticeShown({
            key: 'role',
            severity: 'error',
            code: 'forbidden',
            message: `This link is for the ${role} window, not the ${window} window`,
          }),
        );
      } else {
        api.dispatch(noticeDismissed('role'));
      }
    },
  });
}
