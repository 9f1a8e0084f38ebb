import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startCentralServer } from '../../../../server/main.js';
import { silentLogger, type Logger } from '../../../../shared/logger.js';
import type { Station } from '../../station.js';
import { tempDir } from '../../testing/fixtures.js';
import { eventually } from '../../testing/raw-peer.js';
import { startTestStation } from '../../testing/station-harness.js';
import { BonjourDnsSd } from './bonjour-dns-sd.js';
import { MESH_PROTOCOL_VERSION } from '../protocol.js';
import { PEER_SERVICE_TYPE } from './announcement.js';
import { PeerDiscovery } from './peer-discovery.js';

/**
 * Whether multicast DNS works on this machine: two bonjour-service instances, one announcing a
 * throwaway service type, the other browsing for it. Sandboxes and CI runners often drop multicast.
 */
async function multicastProbe(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const failures: string[] = [];
  const logger: Logger = { ...silentLogger, warn: (fields) => failures.push(JSON.stringify(fields)), child: () => logger };
  let a: BonjourDnsSd | undefined;
  let b: BonjourDnsSd | undefined;
  try {
    a = new BonjourDnsSd(logger);
    b = new BonjourDnsSd(logger);
    const type = `pos-probe-${randomBytes(3).toString('hex')}`;
    a.advertise({ name: `probe-${process.pid}`, type, port: 9, txt: {} });
    const seen = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5_000);
      b!.browse(type, {
        up: () => {
          clearTimeout(timer);
          resolve(true);
        },
        down: () => {},
      });
    });
    if (seen) return { ok: true };
    return { ok: false, reason: `no mDNS answer within 5 s${failures.length ? `: ${failures.join('; ')}` : ''}` };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    await a?.close();
    await b?.close();
  }
}

/** DNS wire format, just enough to forge mDNS answers the way a hostile host on the LAN could. */
const dnsName = (name: string) =>
  Buffer.concat([
    ...name.split('.').map((label) => Buffer.concat([Buffer.from([Buffer.byteLength(label)]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
function record(name: string, type: number, ttl: number, data: Buffer): Buffer {
  const ttlBytes = Buffer.alloc(4);
  ttlBytes.writeUInt32BE(ttl);
  return Buffer.concat([dnsName(name), u16(type), u16(1), ttlBytes, u16(data.length), data]);
}
const PTR = 12;
const SRV = 33;
const TXT = 16;
function forgedAnswer(instance: string, port: number, txt: Buffer[], ttl = 120): Buffer {
  const type = `_${PEER_SERVICE_TYPE}._tcp.local`;
  const fqdn = `${instance}.${type}`;
  const answers = [
    record(type, PTR, ttl, dnsName(fqdn)),
    record(fqdn, SRV, ttl, Buffer.concat([u16(0), u16(0), u16(port), dnsName('nowhere.local')])),
    record(fqdn, TXT, ttl, Buffer.concat(txt.map((t) => Buffer.concat([Buffer.from([t.length]), t])))),
  ];
  return Buffer.concat([u16(0), u16(0x8400), u16(0), u16(answers.length), u16(0), u16(0), ...answers]);
}
const txt = (pairs: Record<string, string>) => Object.entries(pairs).map(([k, v]) => Buffer.from(`${k}=${v}`));

async function multicast(packets: Buffer[]): Promise<void> {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((bound) => socket.bind(0, bound));
  for (const packet of packets) await new Promise<void>((sent) => socket.send(packet, 5353, '224.0.0.251', () => sent()));
  socket.close();
}

const probe = await multicastProbe();
const title = probe.ok ? 'mDNS on this machine' : `mDNS on this machine (SKIPPED: multicast unavailable here: ${probe.reason})`;

describe.skipIf(!probe.ok)(title, () => {
  // A store id per run: other test runs on this machine announce on the same LAN.
  const storeId = `test-${randomBytes(6).toString('hex')}`;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('two bonjour-service instances find each other by store, and a goodbye is heard', async () => {
    const events: string[] = [];
    const start = (stationId: string, port: number) => {
      const discovery = new PeerDiscovery({
        dnsSd: new BonjourDnsSd(silentLogger),
        self: { storeId, stationId },
        advertisePort: port,
        logger: silentLogger,
        found: (url, id) => events.push(`${stationId} found ${id} at :${new URL(url).port}`),
        lost: (id) => events.push(`${stationId} lost ${id}`),
      });
      discovery.start();
      return discovery;
    };
    const a = start('counter-1', 41001);
    cleanups.push(() => a.close());
    const b = start('counter-2', 41002);
    await eventually(
      () => events.includes('counter-1 found counter-2 at :41002') && events.includes('counter-2 found counter-1 at :41001'),
      10_000,
      'both found',
    );
    await b.close();
    await eventually(() => events.includes('counter-1 lost counter-2'), 5_000, 'the goodbye');
  });

  it('forged and malformed mDNS answers from the LAN are ignored; the station keeps discovering', async () => {
    const found: string[] = [];
    const lost: string[] = [];
    const discovery = new PeerDiscovery({
      dnsSd: new BonjourDnsSd(silentLogger),
      self: { storeId, stationId: 'counter-1' },
      advertisePort: undefined,
      logger: silentLogger,
      found: (url, id) => found.push(`${id} :${new URL(url).port}`),
      lost: (id) => lost.push(id),
    });
    cleanups.push(() => discovery.close());
    discovery.start();
    const good = { store: storeId, v: String(MESH_PROTOCOL_VERSION), i: 'abcd1234' };
    await multicast([
      randomBytes(300),
      Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 9]),
      forgedAnswer('no-txt', 4318, []),
      forgedAnswer('garbage-txt', 4318, [randomBytes(200), Buffer.from('='), Buffer.from('__proto__=x'), Buffer.from([0xff, 0xfe, 0x3d])]),
      forgedAnswer('bad-station', 4318, txt({ ...good, station: 'NOT an id!' })),
      forgedAnswer('port-zero', 0, txt({ ...good, station: 'counter-7' })),
      forgedAnswer('long-store', 4318, txt({ ...good, store: 'x'.repeat(200), station: 'counter-8' })),
      forgedAnswer('well-formed', 4399, txt({ ...good, station: 'counter-9' })),
    ]);
    await eventually(() => found.length > 0, 5_000, 'the well-formed announcement');
    await new Promise((r) => setTimeout(r, 300));
    expect(found).toEqual(['counter-9 :4399']);
    await multicast([forgedAnswer('well-formed', 4399, txt({ ...good, station: 'counter-9' }), 0)]);
    await eventually(() => lost.includes('counter-9'), 5_000, 'its goodbye');
  });

  it('two stations of one store connect over the mesh with nothing listed', async () => {
    const dir = tempDir('mdns-lan');
    const stations: Station[] = [];
    // They pair through the store's server first: discovery announces and dials only once paired.
    const token = `mdns-lan-store-token-${randomBytes(8).toString('hex')}`;
    const server = await startCentralServer({ bootstrap: { storeId, storeWideStationToken: token }, logger: pino({ level: 'silent' }) });
    cleanups.push(async () => {
      for (const s of stations) await s.stop();
      await server.close();
      dir.remove();
    });
    for (const name of ['counter-1', 'counter-2']) {
      stations.push(
        await startTestStation(join(dir.path, name), {
          stationId: name,
          server: { url: server.url, token },
          mesh: { host: '0.0.0.0', port: 0 },
          discovery: { mdns: true },
        }),
      );
    }
    const [a, b] = stations as [Station, Station];
    const connected = (s: Station) => s.mesh.status().peers.some((p) => p.found === 'mdns' && p.state === 'connected');
    await eventually(() => connected(a) && connected(b), 15_000, 'connected over mDNS');
    expect(a.mesh.status().peers).toHaveLength(1);
  });
});
