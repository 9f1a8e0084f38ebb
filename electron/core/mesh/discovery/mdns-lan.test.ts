import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../../shared/logger.js';
import type { Station } from '../../station.js';
import { tempDir } from '../../testing/fixtures.js';
import { eventually } from '../../testing/raw-peer.js';
import { startTestStation } from '../../testing/station-harness.js';
import { BonjourDnsSd } from './bonjour-dns-sd.js';
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

  it('two stations of one store connect over the mesh with nothing listed', async () => {
    const dir = tempDir('mdns-lan');
    const stations: Station[] = [];
    cleanups.push(async () => {
      for (const s of stations) await s.stop();
      dir.remove();
    });
    for (const name of ['counter-1', 'counter-2']) {
      stations.push(
        await startTestStation(join(dir.path, name), {
          stationId: name,
          http: { host: '0.0.0.0', port: 0 },
          mesh: { key: 'store-mesh-secret-0123456789abcdef', storeId },
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
