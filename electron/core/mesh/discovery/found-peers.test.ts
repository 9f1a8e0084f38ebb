import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../shared/logger.js';
import { PeerDialer } from '../peer-dialer.js';
import { FoundPeers } from './found-peers.js';

/** Never asked for: nothing here dials. */
const noTls = () => ({ key: '', cert: '' });

// Nothing is started here, so no dialer opens a socket: this is the bookkeeping alone.
function setup(listedUrls: string[] = []) {
  const listed = listedUrls.map((url) => new PeerDialer({ url, logger: silentLogger, tls: noTls, opened: () => {} }));
  let changes = 0;
  const found = new FoundPeers({
    selfId: 'counter-1',
    listed,
    logger: silentLogger,
    tls: noTls,
    opened: () => {},
    changed: () => changes++,
  });
  const ids = () => found.entries().map((e) => `${e.stationId} ${e.dialer.url}`);
  return { found, listed, ids, changes: () => changes };
}

describe('found peers: one dialer per station found on the LAN', () => {
  it('ignores itself, and a station that is listed (by id, or by host:port in any spelling)', () => {
    const { found, listed, ids } = setup(['ws://192.168.1.11:4318/peer', 'http://192.168.1.12:4318']);
    listed[1]!.stationId = 'counter-3';
    found.discovered('http://192.168.1.10:4318', 'counter-1');
    found.discovered('http://192.168.1.11:4318', 'counter-2');
    found.discovered('http://192.168.1.99:4318', 'counter-3');
    expect(ids()).toEqual([]);
    found.discovered('http://192.168.1.13:4318', 'kitchen');
    expect(ids()).toEqual(['kitchen http://192.168.1.13:4318']);
  });

  it('dials a station that moved at its new address; a repeat announcement changes nothing', () => {
    const { found, ids, changes } = setup();
    found.discovered('http://192.168.1.13:4318', 'kitchen');
    const before = changes();
    found.discovered('http://192.168.1.13:4318', 'kitchen');
    expect(changes()).toBe(before);
    found.discovered('http://192.168.1.14:4318', 'kitchen');
    expect(ids()).toEqual(['kitchen http://192.168.1.14:4318']);
  });

  it('a goodbye drops a station not connected; a listed peer that turns out to be it takes over', () => {
    const { found, ids } = setup();
    found.discovered('http://192.168.1.13:4318', 'kitchen');
    found.undiscovered('kitchen');
    expect(ids()).toEqual([]);
    found.discovered('http://192.168.1.15:4318', 'counter-2');
    found.listedConnected('counter-2');
    expect(ids()).toEqual([]);
  });

  it('keeps a connected station through its goodbye', () => {
    const { found, ids } = setup();
    found.discovered('http://192.168.1.13:4318', 'kitchen');
    found.entries()[0]!.dialer.state = 'connected';
    found.undiscovered('kitchen');
    expect(ids()).toEqual(['kitchen http://192.168.1.13:4318']);
    found.stop();
    found.discovered('http://192.168.1.16:4318', 'counter-4');
    expect(ids()).toEqual(['kitchen http://192.168.1.13:4318']);
  });
});
