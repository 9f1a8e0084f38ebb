import type { WindowRole } from '../../../shared/ipc/contract.js';

/** The windows this build can show. Diagnostics is a cashier-token window (same role, other screen). */
export const WINDOW_KINDS = ['cashier', 'kitchen', 'customer', 'diagnostics'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

/** The token role each window runs under. */
export const windowRole: Record<WindowKind, WindowRole> = {
  cashier: 'cashier',
  kitchen: 'kitchen',
  customer: 'customer',
  diagnostics: 'cashier',
};

function isWindowKind(value: string | null): value is WindowKind {
  return value !== null && (WINDOW_KINDS as readonly string[]).includes(value);
}

/**
 * Which window this page is. Electron loads `index.html#window=cashier` from disk; browser mode serves
 * `/cashier`, `/kitchen`, `/customer`, `/diagnostics`; `?window=` is accepted too. The hash wins because
 * it is the most explicit.
 */
export function selectWindow(location: { pathname: string; search: string; hash: string }): WindowKind | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('window');
  const fromQuery = new URLSearchParams(location.search).get('window');
  const lastSegment = location.pathname.split('/').filter(Boolean).pop() ?? null;
  for (const candidate of [fromHash, fromQuery, lastSegment]) {
    if (isWindowKind(candidate)) return candidate;
  }
  return null;
}
