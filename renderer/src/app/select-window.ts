import { WindowRole } from '../../../shared/ipc/contract.js';

export type WindowKind = WindowRole;

/**
 * Which window this page is. Electron loads `index.html#window=cashier` from disk; browser mode serves
 * `/cashier` and `/kitchen`; `?window=` is accepted too. The hash wins because it is the most explicit.
 */
export function selectWindow(location: { pathname: string; search: string; hash: string }): WindowKind | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('window');
  const fromQuery = new URLSearchParams(location.search).get('window');
  const lastSegment = location.pathname.split('/').filter(Boolean).pop() ?? null;
  for (const candidate of [fromHash, fromQuery, lastSegment]) {
    const parsed = WindowRole.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}
