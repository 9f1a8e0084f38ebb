import { describe, expect, it } from 'vitest';
import { ClientAddress } from './client-address.js';

describe('ClientAddress', () => {
  it('believes nobody by default', () => {
    expect(new ClientAddress().of('10.0.0.2', '198.51.100.7')).toBe('10.0.0.2');
  });

  it('reads X-Forwarded-For from the right, past trusted proxies only', () => {
    const behind = new ClientAddress(['10.0.0.0/8', '::1']);
    expect(behind.of('10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
    // The client prepended a forged hop: the proxy's own entry (rightmost untrusted) wins.
    expect(behind.of('10.0.0.2', '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
    expect(behind.of('10.0.0.2', ['203.0.113.9', '198.51.100.7, 10.0.0.5'])).toBe('198.51.100.7');
    expect(behind.of('::1', '2001:db8::5')).toBe('2001:db8::5');
    expect(behind.of('10.0.0.2', undefined)).toBe('10.0.0.2');
    expect(behind.of('10.0.0.2', 'garbage, 198.51.100.7')).toBe('198.51.100.7');
    expect(behind.of('10.0.0.2', '198.51.100.7, garbage')).toBe('10.0.0.2');
    // A peer that is not a trusted proxy speaks for itself, whatever it claims.
    expect(behind.of('198.51.100.8', '10.9.9.9')).toBe('198.51.100.8');
  });

  it('refuses what is not an address or network', () => {
    expect(() => new ClientAddress(['proxy.internal'])).toThrow(/not an IPv4 or IPv6/);
    expect(() => new ClientAddress(['10.0.0.0/40'])).toThrow(/not an IPv4 or IPv6/);
  });
});
