import { describe, expect, it } from 'vitest';
import type { PeerView } from '../../../shared/ipc/diagnostics.js';
import {
  formatBehind,
  formatLastHeard,
  peerAddress,
  peerFoundLabel,
  peerName,
  peerStateText,
  resolveOrderFilter,
} from './diagnostics-format.js';

const orders = [
  { id: '0190a000-0000-7000-8000-000000000001', ticketNumber: 12 },
  { id: '0190a000-0000-7000-8000-000000000002', ticketNumber: 7 },
  { id: '0190a000-0000-7000-8000-000000000003', ticketNumber: 12 },
];

describe('order filter', () => {
  it('is empty for blank input', () => {
    expect(resolveOrderFilter('  ', orders)).toEqual({ kind: 'all' });
  });
  it('maps a ticket number (with or without #) to the newest order carrying it', () => {
    expect(resolveOrderFilter('#7', orders)).toEqual({ kind: 'order', orderId: orders[1]!.id });
    expect(resolveOrderFilter('12', orders)).toEqual({ kind: 'order', orderId: orders[2]!.id });
  });
  it('says unknown for a number no order has, and passes anything else through as an order id', () => {
    expect(resolveOrderFilter('99', orders)).toEqual({ kind: 'unknown' });
    expect(resolveOrderFilter(' 0190a000-0000-7000-8000-00000000abcd ', orders)).toEqual({
      kind: 'order',
      orderId: '0190a000-0000-7000-8000-00000000abcd',
    });
  });
});

describe('store network peers', () => {
  const peer: PeerView = {
    found: 'listed',
    url: 'http://192.168.1.22:4318',
    address: null,
    stationId: null,
    state: 'connecting',
    reason: null,
    lastHeardAt: null,
    behind: {},
    peerBehind: {},
    shed: 0,
  };

  it('names a peer by station id once known, else by where it is', () => {
    expect(peerName(peer)).toBe('http://192.168.1.22:4318');
    expect(peerName({ ...peer, stationId: 'counter-2' })).toBe('counter-2');
    expect(peerName({ ...peer, found: 'inbound', url: null, address: '192.168.1.23' })).toBe('192.168.1.23');
    expect(peerAddress(peer)).toBe('http://192.168.1.22:4318');
    expect(peerAddress({ ...peer, address: '192.168.1.22' })).toBe('192.168.1.22');
    expect(peerAddress({ ...peer, url: null })).toBe('—');
    expect(peerFoundLabel.inbound).toBe('dialled in');
    expect(peerFoundLabel.mdns).toBe('found on the LAN');
  });

  it('says the state in plain words, with the reason', () => {
    expect(peerStateText({ ...peer, state: 'connected' })).toBe('paired, connected');
    expect(peerStateText({ ...peer, state: 'refused', reason: 'station certificate of another store' })).toBe(
      'refused: station certificate of another store',
    );
    expect(peerStateText({ ...peer, state: 'refused' })).toBe('refused: no reason given');
    expect(peerStateText({ ...peer, state: 'disconnected', reason: 'socket hang up' })).toBe('disconnected: socket hang up');
    expect(peerStateText({ ...peer, state: 'disconnected' })).toBe('disconnected');
    expect(peerStateText(peer)).toBe('connecting');
    expect(peerStateText({ ...peer, reason: 'connect ECONNREFUSED' })).toBe('connecting (last try: connect ECONNREFUSED)');
  });

  it('says when it was last heard, relative to now', () => {
    expect(formatLastHeard(null, 10_000)).toBe('never');
    expect(formatLastHeard(10_000, 10_200)).toBe('just now');
    expect(formatLastHeard(10_000, 52_000)).toBe('42 s ago');
    expect(formatLastHeard(0, 180_000)).toBe('3 min ago');
  });

  it('lists events behind per origin, sorted, or nothing when level', () => {
    expect(formatBehind({})).toBe('nothing');
    expect(formatBehind({ 'station-b': 1, 'station-a': 3, 'station-c': 0 })).toBe('station-a: 3 events, station-b: 1 event');
  });
});
