import { useEffect, useRef } from 'react';

/** An action, or null while it does not apply (the key then does nothing and the browser keeps it). */
type Action = (() => void) | null;

export interface CashierShortcuts {
  /** Off while a dialog is open: its own keys (Escape, Enter) win. */
  enabled: boolean;
  openOrders: Action;
  sendToKitchen: Action;
  details: Action;
  discount: Action;
  newOrder: Action;
  /** Opens the tender view with the cash field focused. */
  tender: Action;
}

/**
 * Keys for a cashier who never lifts a hand to the screen (listed in renderer/README.md):
 * F2 barcode (BarcodeEntry), / search (CatalogGrid), F4 charge (the tender view, cash field focused), F6 table/note, F7 open orders,
 * F8 send to kitchen, Alt+D discount the order, Alt+N new order (parks the current one).
 */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
): keyof Omit<CashierShortcuts, 'enabled'> | null {
  if (event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.altKey) {
    const key = event.key.toLowerCase();
    if (key === 'n') return 'newOrder';
    if (key === 'd') return 'discount';
    return null;
  }
  switch (event.key) {
    case 'F4':
      return 'tender';
    case 'F6':
      return 'details';
    case 'F7':
      return 'openOrders';
    case 'F8':
      return 'sendToKitchen';
    default:
      return null;
  }
}

export function useCashierShortcuts(actions: CashierShortcuts): void {
  // The latest actions without re-binding the listener on every render.
  const current = useRef(actions);
  current.current = actions;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { enabled, ...handlers } = current.current;
      if (!enabled || document.querySelector('dialog[open]')) return;
      const name = shortcutFor(event);
      if (name === null) return;
      const action = handlers[name];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
