import { useEffect } from 'react';
import { useBridge } from '../app/BridgeContext.js';
import { useAppSelector } from '../store/hooks.js';

/**
 * Names the order on the cashier's screen to the customer display, through the core (the display may be
 * another device). Again after every reconnect: the core keeps it in memory only.
 */
export function useCustomerFacing(orderId: string | null): void {
  const bridge = useBridge();
  const online = useAppSelector((s) => s.connection.status === 'online');
  useEffect(() => {
    if (!online) return;
    // Best effort: a display that misses this still follows the newest open order, and the next change retries.
    void bridge.invoke('display.show', { orderId });
  }, [bridge, orderId, online]);
  // The till locked (sign-out) or the window closed: the guest sees "Welcome", not an order nobody serves.
  useEffect(() => () => void bridge.invoke('display.show', { orderId: null }), [bridge]);
}
