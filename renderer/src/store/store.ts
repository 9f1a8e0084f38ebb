import { configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { startConnectionListeners } from './listeners.js';
import { rootReducer, type AppDispatch, type RootState, type StoreExtra } from './root-reducer.js';

export type { AppDispatch, RootState, StoreExtra } from './root-reducer.js';

export function makeStore(extra: StoreExtra) {
  const listeners = createListenerMiddleware<RootState, AppDispatch, StoreExtra>({ extra });
  const store = configureStore({
    reducer: rootReducer,
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: extra } }).prepend(listeners.middleware),
  });
  startConnectionListeners(listeners.startListening);
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
