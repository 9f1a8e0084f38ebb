import { Provider } from 'react-redux';
import { CashierGate } from '../cashier/CashierGate.js';
import { CashierWindow } from '../cashier/CashierWindow.js';
import { CustomerWindow } from '../customer/CustomerWindow.js';
import { DiagnosticsWindow } from '../diagnostics/DiagnosticsWindow.js';
import { KitchenWindow } from '../kitchen/KitchenWindow.js';
import { ManagerApprovalProvider } from '../staff/ManagerApproval.js';
import { BridgeProvider } from './BridgeContext.js';
import type { WindowKind } from './select-window.js';
import type { Station } from './start-station.js';

function WindowFor({ window }: { window: WindowKind }) {
  switch (window) {
    case 'cashier':
      return (
        // The manager's PIN prompt on the till: resolving a payment to chase, selling an item marked sold out.
        <ManagerApprovalProvider>
          <CashierGate>
            <CashierWindow />
          </CashierGate>
        </ManagerApprovalProvider>
      );
    case 'kitchen':
      return <KitchenWindow />;
    case 'customer':
      return <CustomerWindow />;
    case 'diagnostics':
      return (
        <ManagerApprovalProvider>
          <DiagnosticsWindow />
        </ManagerApprovalProvider>
      );
  }
}

export function StationApp({ window, station }: { window: WindowKind; station: Station }) {
  const lastActivityAt = station.bridge.lastActivityAt?.bind(station.bridge);
  return (
    <Provider store={station.store}>
      <BridgeProvider bridge={station.bridge} lastActivityAt={lastActivityAt}>
        <WindowFor window={window} />
      </BridgeProvider>
    </Provider>
  );
}
