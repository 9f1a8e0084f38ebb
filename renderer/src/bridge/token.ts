/** Where a tab keeps its token: per tab, so a cashier tab and a kitchen tab on one origin stay separate. */
export const TOKEN_STORAGE_KEY = 'pos.station.token';

export interface TokenEnv {
  location: { pathname: string; search: string; hash: string };
  history: { replaceState: (data: unknown, unused: string, url?: string) => void };
  /** sessionStorage; access throws in some locked-down browsers, so every use is guarded. */
  storage: { getItem: (key: string) => string | null; setItem: (key: string, value: string) => void } | null;
}

/**
 * Reads the window's access token from `#token=...`, remembers it for reloads and strips it from the
 * visible URL (it would otherwise end up in screenshots, bookmarks and shoulder-surfed address bars).
 * The hash, unlike the query, is never sent to the server, so it also stays out of access logs.
 */
export function takeToken(env: TokenEnv): string | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Without storage a reload asks for a fresh link; the current page still works.
    }
    params.delete('token');
    const rest = params.toString();
    env.history.replaceState(null, '', `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}
