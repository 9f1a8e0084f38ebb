import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { OriginId } from '../../../../shared/events/envelope.js';
import { MESH_PROTOCOL_VERSION } from '../protocol.js';
import type { DnsSdService } from './dns-sd.js';

/** The DNS-SD service type every station of every store announces (`_pos-peer._tcp.local`). */
export const PEER_SERVICE_TYPE = 'pos-peer';

/**
 * The TXT record of a station's announcement. LAN input is untrusted: anything that does not parse
 * is ignored. It only says where a peer may be; who it is, the handshake proves.
 */
const PeerTxt = z.object({
  store: z.string().min(1).max(64),
  station: OriginId,
  v: z.string().regex(/^\d{1,4}$/),
  /** A random id per run: the station's own announcement echoes back with it; a clone's does not. */
  i: z.string().regex(/^[a-z0-9]{4,16}$/),
});

const Port = z.int().min(1).max(65535);

export interface Announcement {
  storeId: string;
  stationId: string;
  version: number;
  instance: string;
  /** `http://host:port` of the announced peer endpoint (the dialer maps it to `ws://…/peer`). */
  url: string;
}

export function announcementTxt(self: { storeId: string; stationId: string; instance: string }): Record<string, string> {
  return { store: self.storeId, station: self.stationId, v: String(MESH_PROTOCOL_VERSION), i: self.instance };
}

/** A service instance name: unique on the LAN (store, station, run) and within DNS's 63-byte label. */
export function instanceName(self: { storeId: string; stationId: string; instance: string }): string {
  return `${self.stationId} ${self.instance} ${self.storeId}`.slice(0, 63);
}

/** An announcement read off the LAN, or why it was ignored. */
export function parseAnnouncement(service: DnsSdService): { ok: true; value: Announcement } | { ok: false; reason: string } {
  const txt = PeerTxt.safeParse(service.txt);
  if (!txt.success) return { ok: false, reason: `malformed TXT record: ${txt.error.issues[0]?.message ?? 'invalid'}` };
  const port = Port.safeParse(service.port);
  if (!port.success) return { ok: false, reason: 'malformed port' };
  const host = dialHost(service);
  if (!host) return { ok: false, reason: 'no usable address' };
  const url = `http://${host}:${port.data}`;
  // The dialer parses it in a timer, where a throw would end the station.
  if (!URL.canParse(url)) return { ok: false, reason: 'no usable address' };
  const { store, station, v, i } = txt.data;
  return { ok: true, value: { storeId: store, stationId: station, version: Number(v), instance: i, url } };
}

/**
 * The address to dial: the one the announcement came from (routable from here by construction),
 * else the first IPv4 the station lists. Stations list every interface (Docker bridges, VPNs), so the
 * list is only a fallback; link-local IPv6 needs a zone id a URL cannot carry.
 */
function dialHost(service: DnsSdService): string | undefined {
  const candidates = [service.referer, ...service.addresses].filter((a): a is string => typeof a === 'string');
  const v4 = candidates.find((a) => isIPv4(a));
  if (v4) return v4;
  // A zone id (`%eth0`) passes isIPv6 but makes the URL unparsable, and the dialer would throw on it.
  const v6 = candidates.find((a) => isIPv6(a) && !a.includes('%') && !/^fe[89ab]/i.test(a));
  return v6 ? `[${v6}]` : undefined;
}
