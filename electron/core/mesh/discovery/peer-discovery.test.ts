import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../../shared/logger.js';
import { FakeLan } from '../../testing/fake-dns-sd.js';
import { MESH_PROTOCOL_VERSION } from '../protocol.js';
import { PEER_SERVICE_TYPE } from './announcement.js';
import type { DnsSdService } from './dns-sd.js';
import { PeerDiscovery } from './peer-discovery.js';

interface Line {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (fields: object, message: string): void => {
      lines.push({ level, fields: fields as Record<string, unknown>, message });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

describe('peer discovery (DNS-SD, on an in-memory LAN)', () => {
  const started: PeerDiscovery[] = [];
  afterEach(async () => {
    for (const d of started.splice(0)) await d.close();
  });

  function station(lan: FakeLan, storeId: string, stationId: string, address: string, advertisePort: number | null = 4318) {
    const found: [string, string][] = [];
    const lost: string[] = [];
    const lines: Line[] = [];
    const discovery = new PeerDiscovery({
      dnsSd: lan.node(address),
      self: { storeId, stationId },
      advertisePort: advertisePort ?? undefined,
      logger: recordingLogger(lines),
      found: (url, id) => found.push([url, id]),
      lost: (id) => lost.push(id),
    });
    discovery.start();
    started.push(discovery);
    return { discovery, found, lost, lines };
  }

  it('finds the stations of its own store, not itself and not another store', () => {
    const lan = new FakeLan();
    const a = station(lan, 'cafe', 'counter-1', '192.168.1.10');
    const b = station(lan, 'cafe', 'kitchen', '192.168.1.11', 4400);
    const other = station(lan, 'bakery', 'counter-1', '192.168.1.12');
    expect(a.found).toEqual([['http://192.168.1.11:4400', 'kitchen']]);
    expect(b.found).toEqual([['http://192.168.1.10:4318', 'counter-1']]);
    expect(other.found).toEqual([]);
    // Another store's station with this station's id is no clone: it is simply not of this store.
    expect(a.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a station bound to loopback browses but is not announced', () => {
    const lan = new FakeLan();
    const a = station(lan, 'cafe', 'counter-1', '192.168.1.10', null);
    const b = station(lan, 'cafe', 'counter-2', '192.168.1.11');
    expect(a.found).toEqual([['http://192.168.1.11:4318', 'counter-2']]);
    expect(b.found).toEqual([]);
  });

  it('reports a goodbye, but not when the station already announced itself again (a restart)', async () => {
    const lan = new FakeLan();
    const a = station(lan, 'cafe', 'counter-1', '192.168.1.10');
    const b = station(lan, 'cafe', 'counter-2', '192.168.1.11');
    const restarted = station(lan, 'cafe', 'counter-2', '192.168.1.11');
    expect(a.found.map(([, id]) => id)).toEqual(['counter-2', 'counter-2']);
    await b.discovery.close();
    expect(a.lost).toEqual([]);
    await restarted.discovery.close();
    expect(a.lost).toEqual(['counter-2']);
  });

  it('says loudly when another station on the LAN announces this station id', () => {
    const lan = new FakeLan();
    const a = station(lan, 'cafe', 'counter-1', '192.168.1.10');
    const clone = station(lan, 'cafe', 'counter-1', '192.168.1.20');
    expect(a.found).toEqual([]);
    expect(clone.found).toEqual([]);
    expect(a.lines.find((l) => l.level === 'error')?.fields.reason).toMatch(/another station on the LAN announces this station's id/);
  });

  const good = { store: 'cafe', station: 'counter-2', v: String(MESH_PROTOCOL_VERSION), i: 'abcdef12' };
  const hostile: [string, Partial<DnsSdService>][] = [
    ['no TXT at all', { txt: undefined }],
    ['TXT that is a string', { txt: 'store=cafe' }],
    ['a missing station', { txt: { ...good, station: undefined } }],
    ['a station id that is no origin id', { txt: { ...good, station: '../../etc' } }],
    ['an oversized store id', { txt: { ...good, store: 'x'.repeat(10_000) } }],
    ['a version that is no number', { txt: { ...good, v: '1; drop' } }],
    ['another protocol version', { txt: { ...good, v: String(MESH_PROTOCOL_VERSION + 1) } }],
    ['port 0', { port: 0 }],
    ['a port that is a string', { port: '4318' }],
    ['a port out of range', { port: 70_000 }],
    ['no address', { referer: undefined, addresses: [] }],
    ['addresses that are not addresses', { referer: 'evil.example', addresses: [null, 42, 'http://x', 'fe80::1'] }],
    ['only IPv6 addresses with a zone id', { referer: 'fd00::1%eth0', addresses: ['fd00::2%25eth0'] }],
    ['a prototype-polluting TXT', { txt: JSON.parse('{"__proto__": {"station": "counter-2"}, "store": "cafe"}') as unknown }],
  ];
  it.each(hostile)('ignores an announcement with %s and logs it once', (_, change) => {
    const lan = new FakeLan();
    const a = station(lan, 'cafe', 'counter-1', '192.168.1.10');
    const raw: DnsSdService = { name: 'hostile', port: 4318, referer: '192.168.1.66', addresses: ['192.168.1.66'], txt: good, ...change };
    lan.inject(PEER_SERVICE_TYPE, raw);
    lan.inject(PEER_SERVICE_TYPE, raw);
    expect(a.found).toEqual([]);
    expect(a.lines.filter((l) => l.message === 'mDNS announcement ignored')).toHaveLength(1);
    lan.goodbye(PEER_SERVICE_TYPE, raw);
    expect(a.lost).toEqual([]);
  });

  it('dials the address the answer came from, else the first usable one listed', () => {
    const lan = new FakeLan();
    const a = station(lan, 'cafe', 'counter-1', '192.168.1.10');
    const base = { port: 4318, txt: good };
    lan.inject(PEER_SERVICE_TYPE, { ...base, name: 'one', referer: '192.168.1.30', addresses: ['172.17.0.1', '192.168.1.30'] });
    lan.inject(PEER_SERVICE_TYPE, { ...base, name: 'two', referer: undefined, addresses: ['fe80::2', 'fd00::5', '10.0.0.5'] });
    lan.inject(PEER_SERVICE_TYPE, { ...base, name: 'three', referer: 'fe80::3', addresses: ['fd00::6'] });
    expect(a.found.map(([url]) => url)).toEqual(['http://192.168.1.30:4318', 'http://10.0.0.5:4318', 'http://[fd00::6]:4318']);
  });

  it('an instance that changes to another store has left', () => {
    const lan = new FakeLan();
    const a = station(lan, 'cafe', 'counter-1', '192.168.1.10');
    const raw: DnsSdService = { name: 'moving', port: 4318, referer: '192.168.1.31', addresses: [], txt: good };
    lan.inject(PEER_SERVICE_TYPE, raw);
    lan.inject(PEER_SERVICE_TYPE, { ...raw, txt: { ...good, store: 'bakery' } });
    expect(a.found).toHaveLength(1);
    expect(a.lost).toEqual(['counter-2']);
  });
});
