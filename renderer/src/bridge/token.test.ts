import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, takeToken, type TokenEnv } from './token.js';

function env(url: string, stored: Record<string, string> = {}) {
  const parsed = new URL(url);
  const replaced: string[] = [];
  const storage = new Map(Object.entries(stored));
  const tokenEnv: TokenEnv = {
    location: { pathname: parsed.pathname, search: parsed.search, hash: parsed.hash },
    history: { replaceState: (_data, _unused, next) => replaced.push(next ?? '') },
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
  };
  return { tokenEnv, replaced, storage };
}

describe('takeToken', () => {
  it('takes the token from the hash, remembers it and removes it from the visible URL', () => {
    const { tokenEnv, replaced, storage } = env('http://station:4780/kitchen?x=1#token=abcdef0123456789');
    expect(takeToken(tokenEnv)).toBe('abcdef0123456789');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abcdef0123456789');
    expect(replaced).toEqual(['/kitchen?x=1']);
  });

  it('keeps the other hash parameters', () => {
    const { tokenEnv, replaced } = env('http://station:4780/#window=cashier&token=abcdef0123456789');
    expect(takeToken(tokenEnv)).toBe('abcdef0123456789');
    expect(replaced).toEqual(['/#window=cashier']);
  });

  it('falls back to the remembered token after a reload', () => {
    const { tokenEnv, replaced } = env('http://station:4780/kitchen', { [TOKEN_STORAGE_KEY]: 'remembered-token-1234' });
    expect(takeToken(tokenEnv)).toBe('remembered-token-1234');
    expect(replaced).toEqual([]);
  });

  it('prefers a new token in the URL over the remembered one', () => {
    const { tokenEnv } = env('http://station:4780/kitchen#token=new-token-0123456789', { [TOKEN_STORAGE_KEY]: 'old' });
    expect(takeToken(tokenEnv)).toBe('new-token-0123456789');
  });

  it('returns null when there is no token anywhere, or storage is blocked', () => {
    expect(takeToken(env('http://station:4780/kitchen').tokenEnv)).toBeNull();
    const { tokenEnv } = env('http://station:4780/kitchen');
    tokenEnv.storage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(takeToken(tokenEnv)).toBeNull();
  });
});
