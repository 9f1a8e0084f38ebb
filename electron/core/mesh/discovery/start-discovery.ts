import type { Logger } from '../../../../shared/logger.js';
import type { Mesh } from '../mesh.js';
import { BonjourDnsSd } from './bonjour-dns-sd.js';
import type { DnsSd } from './dns-sd.js';
import { PeerDiscovery } from './peer-discovery.js';

/**
 * Whether a station bound to `host` can be announced: one listening on loopback is reachable from
 * this machine only, so announcing it would send the other stations to an address that refuses them.
 */
export function announceable(host: string): boolean {
  return !/^(127\.|localhost$|::1$|\[::1\]$)/.test(host);
}

export interface DiscoveryOptions {
  mesh: Mesh;
  self: { storeId: string; stationId: string };
  /** Host and port the peer endpoint listens on (the one place the announced port comes from). */
  endpoint: { host: string; port: number };
  logger: Logger;
  /** Another DNS-SD layer (tests); multicast DNS otherwise. */
  dnsSd?: DnsSd;
}

/** Starts mDNS discovery for the mesh; undefined (and a logged reason) when the LAN's multicast cannot be used. */
export function startDiscovery(options: DiscoveryOptions): PeerDiscovery | undefined {
  const { mesh, logger } = options;
  let dnsSd = options.dnsSd;
  try {
    dnsSd ??= new BonjourDnsSd(logger);
  } catch (err) {
    logger.error({ err }, 'mDNS discovery is off: only listed peers are dialled');
    return undefined;
  }
  const announce = announceable(options.endpoint.host);
  if (!announce) logger.info({ host: options.endpoint.host }, 'not announced on the LAN: the station listens on loopback only');
  const discovery = new PeerDiscovery({
    dnsSd,
    self: options.self,
    advertisePort: announce ? options.endpoint.port : undefined,
    logger,
    found: (url, stationId) => mesh.discovered(url, stationId),
    lost: (stationId) => mesh.undiscovered(stationId),
  });
  discovery.start();
  return discovery;
}
