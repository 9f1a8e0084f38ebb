import { describe, expect, it } from 'vitest';
import { selectWindow, windowRoles } from './select-window.js';

const at = (url: string) => {
  const { pathname, search, hash } = new URL(url);
  return selectWindow({ pathname, search, hash });
};

describe('selectWindow', () => {
  it('reads the path in browser mode', () => {
    expect(at('http://station:4780/cashier')).toBe('cashier');
    expect(at('http://station:4780/kitchen')).toBe('kitchen');
    expect(at('http://station:4780/kitchen/')).toBe('kitchen');
    expect(at('http://station:4780/kitchen#token=abc')).toBe('kitchen');
    expect(at('http://station:4780/customer')).toBe('customer');
    expect(at('http://station:4780/diagnostics')).toBe('diagnostics');
    expect(at('http://station:4780/#window=customer')).toBe('customer');
  });

  it('reads window= from the hash (Electron) or the query', () => {
    expect(at('file:///opt/pos/dist/renderer/index.html#window=cashier')).toBe('cashier');
    expect(at('http://station:4780/#token=abc&window=kitchen')).toBe('kitchen');
    expect(at('http://station:4780/?window=kitchen')).toBe('kitchen');
  });

  it('lets the hash win over the path', () => {
    expect(at('http://station:4780/cashier#window=kitchen')).toBe('kitchen');
  });

  it('returns null for anything else, so the chooser shows', () => {
    expect(at('http://station:4780/')).toBeNull();
    expect(at('http://station:4780/index.html')).toBeNull();
    expect(at('http://station:4780/admin')).toBeNull();
    expect(at('http://station:4780/#window=Cashier')).toBeNull();
  });
});

describe('windowRoles', () => {
  it('runs diagnostics on its own token, and still on a cashier token from an older link', () => {
    expect(windowRoles.diagnostics).toEqual(['diagnostics', 'cashier']);
    expect(windowRoles.kitchen).toEqual(['kitchen']);
    expect(windowRoles.cashier).toEqual(['cashier']);
  });
});
