import { useEffect, useRef, type RefObject } from 'react';

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

type ActionName = keyof Omit<CashierShortcuts, 'enabled'>;

/** The key of each order action, as `aria-keyshortcuts` spells it (the buttons show it as a key cap). */
export const ACTION_KEYS: Readonly<Record<ActionName, string>> = {
  tender: 'F4',
  details: 'F6',
  openOrders: 'F7',
  sendToKitchen: 'F8',
  discount: 'Alt+D',
  newOrder: 'Alt+N',
};

/** Every key the cashier window answers, for the "?" overlay (renderer/README.md lists them too). */
export const CASHIER_KEY_HELP: readonly { keys: string; what: string }[] = [
  { keys: '/', what: 'Search the menu (or just start typing a name)' },
  { keys: 'Enter', what: 'In the search: add the only match' },
  { keys: '↓', what: 'In the search: to the menu buttons' },
  { keys: 'F2', what: 'Barcode field' },
  { keys: ACTION_KEYS.tender, what: 'Charge: the payment, cash field ready' },
  { keys: 'Enter', what: 'In an empty cash field: exact cash' },
  { keys: 'Alt+C', what: 'In the payment: pay by card' },
  { keys: ACTION_KEYS.details, what: 'Table / note' },
  { keys: ACTION_KEYS.openOrders, what: 'Open orders' },
  { keys: ACTION_KEYS.sendToKitchen, what: 'Send to kitchen' },
  { keys: ACTION_KEYS.discount, what: 'Discount the order' },
  { keys: ACTION_KEYS.newOrder, what: 'New order (parks the one on screen)' },
  { keys: 'Esc', what: 'Close a dialog' },
  { keys: '?', what: 'This list' },
];

type KeyPress = Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'> & { code?: string };

/** The key as `aria-keyshortcuts` names it ("F4", "Alt+D"); null with Ctrl, Meta or Shift (the browser's and the fields'). */
function keyName(event: KeyPress): string | null {
  if (event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (!event.altKey) return event.key;
  // The physical key: where Alt+letter types a character (macOS "Alt+N" is a dead key), `key` is not the letter.
  const letter = event.code?.startsWith('Key') ? event.code.slice(3) : event.key.toUpperCase();
  return `Alt+${letter}`;
}

/**
 * Keys for a cashier who never lifts a hand to the screen: the order actions of `ACTION_KEYS`, from any
 * focus (no text field needs a function key or Alt+letter). F2 and "/" are handled where their fields are.
 */
export function shortcutFor(event: KeyPress): ActionName | null {
  const name = keyName(event);
  if (name === null) return null;
  for (const [action, key] of Object.entries(ACTION_KEYS) as [ActionName, string][]) if (key === name) return action;
  return null;
}

/** What kind of field has the focus, as far as typed characters go. */
export type FieldKind = 'text' | 'numeric' | 'select' | 'none';

/** Duck-typed so it reads a real element and a test's plain object alike. */
interface FocusTarget {
  tagName?: string;
  type?: string;
  inputMode?: string;
  readOnly?: boolean;
  isContentEditable?: boolean;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'password', 'url', 'tel', 'number']);

export function fieldKind(target: EventTarget | FocusTarget | null): FieldKind {
  if (target === null || typeof target !== 'object') return 'none';
  const t = target as FocusTarget;
  if (t.isContentEditable) return 'text';
  const tag = t.tagName?.toUpperCase();
  if (tag === 'TEXTAREA') return t.readOnly ? 'none' : 'text';
  if (tag === 'SELECT') return 'select';
  if (tag !== 'INPUT' || t.readOnly || !TEXT_INPUT_TYPES.has((t.type ?? 'text').toLowerCase())) return 'none';
  // Amounts and barcodes: no "/" or "?" in them, so those keys stay shortcuts there.
  return t.inputMode === 'decimal' || t.inputMode === 'numeric' || t.type === 'number' ? 'numeric' : 'text';
}

/**
 * Whether the focused field needs this printable key for itself. Radios, checkboxes and buttons need
 * none (a cashier who just chose "Dine in" and presses "/" means the search); a note field needs them all.
 */
export function fieldNeedsKey(kind: FieldKind, key: string): boolean {
  switch (kind) {
    case 'text':
      return true;
    case 'numeric':
      return key !== '/' && key !== '?';
    case 'select':
      // A select jumps to the option starting with a typed letter.
      return /^\p{L}$/u.test(key);
    case 'none':
      return false;
  }
}

/** A letter typed where no field wants it starts a menu search with it (digits stay the barcode scanner's). */
export function startsSearch(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>, kind: FieldKind): boolean {
  if (event.altKey || event.ctrlKey || event.metaKey) return false;
  return /^\p{L}$/u.test(event.key) && !fieldNeedsKey(kind, event.key);
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

/**
 * A key that presses a button while the button is on screen and usable (not in a hidden view, not
 * behind a dialog): "Alt+C" for "Pay by card" in the tender view. The button shows the key as its cap
 * through `aria-keyshortcuts`, which the caller sets to the same key.
 */
export function useButtonKey(button: RefObject<HTMLButtonElement | null>, key: string): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = button.current;
      if (keyName(event) !== key || !target || target.disabled || target.closest('[hidden]')) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      target.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [button, key]);
}
