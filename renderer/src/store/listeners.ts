import type { TypedStartListening } from '@reduxjs/toolkit';
import { windowRoles } from '../app/select-window.js';
import { loadShift, loadStaffSession } from '../staff/staff-thunks.js';
import { connectionChanged } from './connection-slice.js';
import { noticeDismissed, noticeShown } from './notices-slice.js';
import type { AppDispatch, RootState, StoreExtra } from './root-reducer.js';
import { sessionChanged, tillUnlocked } from './staff-slice.js';
import {
  loadActiveOrders,
  loadCatalog,
  loadDevices,
  loadCustomerFacing,
  loadKitchenRouting,
  loadAvailability,
  loadMeshStatus,
  loadRefundsDue,
  loadSyncStatus,
} from './thunks.js';

export type AppStartListening = TypedStartListening<RootState, AppDispatch, StoreExtra>;

/** Who the till is unlocked for ("open" without sign-in), or null while locked or unknown. */
function unlockedFor(state: RootState): string | null {
  const session = state.staff.session;
  if (!tillUnlocked(session)) return null;
  return session?.signedIn?.id ?? 'open';
}

/** What the cashier's till shows once unlocked: the core refuses these before sign-in where required. */
async function loadTill(dispatch: AppDispatch): Promise<void> {
  await Promise.all([dispatch(loadShift()), dispatch(loadRefundsDue())]);
}

export function startConnectionListeners(startListening: AppStartListening): void {
  startListening({
    // Every (re)connect reloads: pushes sent while this window was offline are not replayed.
    predicate: (action, state, previous) =>
      connectionChanged.match(action) && state.connection.status === 'online' && previous.connection.status !== 'online',
    effect: async (_action, api) => {
      const { window } = api.extra;
      const loads = [api.dispatch(loadActiveOrders())];
      if (window === 'cashier' || window === 'customer') loads.push(api.dispatch(loadCatalog()));
      // The customer role may not read sync, the store mesh or devices; every staff window keeps them in view.
      if (window !== 'customer') loads.push(api.dispatch(loadSyncStatus()), api.dispatch(loadMeshStatus()), api.dispatch(loadDevices()));
      if (window === 'kitchen') loads.push(api.dispatch(loadKitchenRouting()));
      if (window === 'cashier' || window === 'kitchen') loads.push(api.dispatch(loadAvailability()));
      if (window === 'customer') loads.push(api.dispatch(loadCustomerFacing()));
      if (window === 'cashier') {
        loads.push(
          (async () => {
            const before = unlockedFor(api.getState());
            await api.dispatch(loadStaffSession());
            const after = unlockedFor(api.getState());
            // Someone new (or a till newly unlocked) is loaded by the sign-in listener below.
            if (after !== null && after === before) await loadTill(api.dispatch);
          })(),
        );
      }
      await Promise.all(loads);
    },
  });

  startListening({
    // Signed in here, in another window or before a restart: the till's data is readable now.
    predicate: (action, state, previous) =>
      sessionChanged.match(action) && unlockedFor(state) !== null && unlockedFor(state) !== unlockedFor(previous),
    effect: async (_action, api) => {
      if (api.extra.window === 'cashier') await loadTill(api.dispatch);
    },
  });

  startListening({
    actionCreator: connectionChanged,
    effect: (action, api) => {
      const { role } = action.payload;
      const { window } = api.extra;
      // The core enforces roles; this only tells a person why every button fails.
      if (role !== null && !windowRoles[window].includes(role)) {
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
