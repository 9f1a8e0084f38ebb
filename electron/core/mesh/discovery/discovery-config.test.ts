import { describe, expect, it } from 'vitest';
import { mdnsDiscoveryOn, parseStationConfig } from '../../config.js';
import { announceable } from './start-discovery.js';

const mesh = { port: 0 };

describe('mDNS discovery config', () => {
  it('is on by default with a store mesh, off without one, and can be switched off', () => {
    expect(mdnsDiscoveryOn(parseStationConfig({ mesh }, 'test'))).toBe(true);
    expect(mdnsDiscoveryOn(parseStationConfig({}, 'test'))).toBe(false);
    expect(mdnsDiscoveryOn(parseStationConfig({ mesh, discovery: { mdns: false } }, 'test'))).toBe(false);
  });

  it('refuses mDNS switched on without a store mesh, and unknown keys', () => {
    expect(() => parseStationConfig({ discovery: { mdns: true } }, 'test')).toThrow(/needs the mesh on/);
    expect(() => parseStationConfig({ mesh, discovery: { mdns: 'yes' } }, 'test')).toThrow(/discovery/);
    expect(() => parseStationConfig({ mesh, discovery: { broadcast: true } }, 'test')).toThrow(/broadcast/);
  });

  it('announces a station listening beyond loopback only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(announceable(host)).toBe(false);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'fd00::2']) expect(announceable(host)).toBe(true);
  });
});
