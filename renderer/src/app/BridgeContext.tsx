import { createContext, useContext, type ReactNode } from 'react';
import type { StationBridge } from '../../../shared/ipc/contract.js';

// The bridge reaches components through context, never Redux state: it is a live object, not data.
const BridgeContext = createContext<StationBridge | null>(null);
/** When the station core was last heard from; absent for transports without a link (Electron IPC). */
const ActivityContext = createContext<(() => number | null) | null>(null);

export function BridgeProvider({
  bridge,
  lastActivityAt,
  children,
}: {
  bridge: StationBridge;
  lastActivityAt?: (() => number | null) | undefined;
  children: ReactNode;
}) {
  return (
    <BridgeContext.Provider value={bridge}>
      <ActivityContext.Provider value={lastActivityAt ?? null}>{children}</ActivityContext.Provider>
    </BridgeContext.Provider>
  );
}

export function useBridge(): StationBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge must be used inside <BridgeProvider>');
  return bridge;
}

export function useLastActivity(): (() => number | null) | null {
  return useContext(ActivityContext);
}
