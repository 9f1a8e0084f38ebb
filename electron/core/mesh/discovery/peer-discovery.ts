import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../../shared/logger.js';
import { MESH_PROTOCOL_VERSION } from '../protocol.js';
import { announcementTxt, instanceName, parseAnnouncement, PEER_SERVICE_TYPE } from './announcement.js';
import type { DnsSd, DnsSdService } from './dns-sd.js';

type Level = 'debug' | 'warn' | 'error';

/** Asks the LAN again after 1 s, 3 s, 9 s, then every 30 s: a station announced before we browsed is found anyway. */
const REQUERY_MS = [1_000, 3_000, 9_000, 30_000];

export interface PeerDiscoveryDeps {
  dnsSd: DnsSd;
  self: { storeId: string; stationId: string };
  /** The port of this station's peer endpoint; undefined browses without announcing (e.g. bound to loopback). */
  advertisePort: number | undefined;
  logger: Logger;
  /** Another station of this store announced itself at `url`. */
  found(url: string, stationId: string): void;
  /** Its announcement said goodbye. */
  lost(stationId: string): void;
}

/**
 * Finds the other stations of this store on the LAN by DNS-SD and announces this one. It only finds:
 * a station of another store or another protocol version is ignored, and who a found peer really is
 * stays for the mesh handshake to prove.
 */
export class PeerDiscovery {
  /** A random id per run, to tell this station's own echo from another station using the same id. */
  private readonly instance = randomBytes(6).toString('hex');
  /** Instance name → station id, to match a goodbye to the station it announced. */
  private readonly names = new Map<string, string>();
  /** Instance names already logged as ignored, so a noisy LAN logs each once. */
  private readonly ignored = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: PeerDiscoveryDeps) {}

  start(): void {
    const { dnsSd, self, advertisePort } = this.deps;
    const me = { ...self, instance: this.instance };
    if (advertisePort !== undefined) {
      dnsSd.advertise({ name: instanceName(me), type: PEER_SERVICE_TYPE, port: advertisePort, txt: announcementTxt(me) });
    }
    dnsSd.browse(PEER_SERVICE_TYPE, { up: (service) => this.up(service), down: (service) => this.down(service) });
    this.scheduleRequery(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.deps.dnsSd.close();
  }

  private scheduleRequery(step: number): void {
    if (this.closed) return;
    this.timer = setTimeout(
      () => {
        this.deps.dnsSd.requery();
        this.scheduleRequery(step + 1);
      },
      REQUERY_MS[Math.min(step, REQUERY_MS.length - 1)],
    );
    this.timer.unref();
  }

  private up(service: DnsSdService): void {
    if (this.closed) return;
    const refusal = this.accept(service);
    if (refusal === 'accepted') return;
    // An instance that announced itself well and now says otherwise has left, as far as the mesh goes.
    if (this.names.has(service.name)) this.down(service);
    if (refusal !== 'self') this.ignore(service.name, refusal.reason, refusal.level);
  }

  /** Hands the instance to the mesh, or says why not. */
  private accept(service: DnsSdService): 'accepted' | 'self' | { reason: string; level: Level } {
    const parsed = parseAnnouncement(service);
    if (!parsed.ok) return { reason: parsed.reason, level: 'warn' };
    const announced = parsed.value;
    const { self } = this.deps;
    if (announced.storeId !== self.storeId) return { reason: `another store (${announced.storeId})`, level: 'debug' };
    if (announced.stationId === self.stationId) {
      if (announced.instance === this.instance) return 'self';
      // Two stations writing as one origin is the failure a mesh cannot repair: say so loudly.
      return { reason: `another station on the LAN announces this station's id (${announced.url})`, level: 'error' };
    }
    if (announced.version !== MESH_PROTOCOL_VERSION) {
      return { reason: `peer protocol version ${announced.version}, this station speaks ${MESH_PROTOCOL_VERSION}`, level: 'warn' };
    }
    this.ignored.delete(service.name);
    const before = this.names.get(service.name);
    this.names.set(service.name, announced.stationId);
    if (before === undefined) this.deps.logger.info({ stationId: announced.stationId, url: announced.url }, 'peer found on the LAN (mDNS)');
    this.deps.found(announced.url, announced.stationId);
    return 'accepted';
  }

  private down(service: DnsSdService): void {
    const stationId = this.names.get(service.name);
    if (stationId === undefined || this.closed) return;
    this.names.delete(service.name);
    // A station restarting announces a new instance before the old one's goodbye may arrive.
    if ([...this.names.values()].includes(stationId)) return;
    this.deps.logger.info({ stationId }, 'peer left the LAN (mDNS goodbye)');
    this.deps.lost(stationId);
  }

  private ignore(name: string, reason: string, level: Level): void {
    if (this.ignored.has(name)) return;
    if (this.ignored.size >= 256) this.ignored.clear();
    this.ignored.add(name);
    this.deps.logger[level]({ name: name.slice(0, 80), reason }, 'mDNS announcement ignored');
  }
}
