import { Provider } from 'react-redux';
import { CashierWindow } from '../cashier/CashierWindow.js';
import { KitchenWindow } from '../kitchen/KitchenWindow.js';
import { BridgeProvider } from './BridgeContext.js';
import type { WindowKind } from './select-window.js';
import type { Station } from './start-station.js';

export function StationApp({ window, station }: { window: WindowKind; station: Station }) {
  return (
    <Provider store={station.store}>
      <BridgeProvider bridge={station.bridge}>{window === 'cashier' ? <CashierWindow /> : <KitchenWindow />}</BridgeProvider>
    </Provider>
  );
}
