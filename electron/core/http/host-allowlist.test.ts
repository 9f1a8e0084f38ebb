import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../window-access/local-address.js';
import { HostAllowlist } from './host-allowlist.js';

describe('Host allowlist', () => {
  const hosts = new HostAllowlist(['POS-Counter.lan'], 'till-1');

  it('takes IP literals, loopback names, this machine and configured names, with or without a port', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.1:4318',
      '192.168.1.20:4318',
      '[::1]:4318',
      '[fe80::1]',
      'localhost:4318',
      'app.localhost',
      'till-1',
      'TILL-1.local:4318',
      'pos-counter.lan:4318',
    ])
      expect(hosts.allows(host), host).toBe(true);
  });

  it('refuses any other name (DNS rebinding), a missing Host, and anything that does not parse', () => {
    for (const host of [
      undefined,
      '',
      'attacker.example',
      'attacker.example:4318',
      'localhost.attacker.example',
      '[::1',
      'a b',
      `${'a'.repeat(300)}`,
      'x:99999999',
    ])
      expect(hosts.allows(host), String(host)).toBe(false);
  });
});

describe('loopback addresses', () => {
  it('are 127/8 and ::1, also IPv4-mapped; nothing else', () => {
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [undefined, '', '192.168.1.2', '::ffff:192.168.1.2', '10.0.0.1', 'fe80::1', '0.0.0.0', '::'])
      expect(isLoopbackAddress(address), String(address)).toBe(false);
  });
});
