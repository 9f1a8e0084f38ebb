import { createContext, useContext, type ReactNode } from 'react';
import type { StationBridge } from '../../../shared/ipc/contract.js';

// The bridge reaches components through context, never Redux state: it is a live object, not data.
const BridgeContext = createContext<StationBridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: StationBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): StationBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge must be used inside <BridgeProvider>');
  return bridge;
}
