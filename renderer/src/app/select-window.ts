import type { WindowRole } from '../../../shared/ipc/contract.js';

/** The windows this build can show. */
export const WINDOW_KINDS = ['cashier', 'kitchen', 'customer', 'diagnostics'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

/**
 * The token roles each window runs under. Diagnostics has its own token; a cashier token still opens it,
 * because diagnostics links of counter stations carried the cashier's token before it had one.
 */
export const windowRoles: Record<WindowKind, readonly WindowRole[]> = {
  cashier: ['cashier'],
  kitchen: ['kitchen'],
  customer: ['customer'],
  diagnostics: ['diagnostics', 'cashier'],
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
