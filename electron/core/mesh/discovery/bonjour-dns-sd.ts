import { EventEmitter } from 'node:events';
import { Bonjour, type Browser, type Service } from 'bonjour-service';
import type { Logger } from '../../../../shared/logger.js';
import type { DnsSd, DnsSdAdvert, DnsSdBrowseEvents, DnsSdService } from './dns-sd.js';

/** How long closing waits for the goodbye packet before letting go of the socket anyway. */
const GOODBYE_TIMEOUT_MS = 1_000;

/** DNS-SD over multicast DNS on UDP 5353, with bonjour-service (multicast-dns underneath). */
export class BonjourDnsSd implements DnsSd {
  private readonly bonjour: Bonjour;
  private readonly browsers: Browser[] = [];
  private closed = false;

  constructor(private readonly logger: Logger) {
    // Without a callback bonjour-service throws a failed answer out of a socket callback.
    this.bonjour = new Bonjour({}, (err: unknown) => logger.warn({ err }, 'mDNS answer not sent'));
    listenForSocketErrors(this.bonjour, logger);
  }

  advertise(advert: DnsSdAdvert): void {
    const service = this.bonjour.publish({ name: advert.name, type: advert.type, protocol: 'tcp', port: advert.port, txt: advert.txt });
    service.on('up', () => this.logger.info({ name: advert.name, port: advert.port }, 'peer endpoint announced on the LAN (mDNS)'));
  }

  browse(type: string, events: DnsSdBrowseEvents): void {
    const browser = this.bonjour.find({ type, protocol: 'tcp' });
    const guard = (what: string, handler: (service: DnsSdService) => void) => (service: Service) => {
      // The library calls these from its socket's message handler: a throw there would end the station.
      try {
        handler(toService(service));
      } catch (err) {
        this.logger.error({ err }, `mDNS ${what} handler failed`);
      }
    };
    const up = guard('up', (service) => events.up(service));
    browser.on('up', up);
    browser.on('txt-update', up);
    browser.on('srv-update', up);
    browser.on(
      'down',
      guard('down', (service) => events.down(service)),
    );
    this.browsers.push(browser);
  }

  requery(): void {
    if (this.closed) return;
    for (const browser of this.browsers) browser.update();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const browser of this.browsers) browser.stop();
    // Goodbye first (TTL 0), so peers drop this station at once instead of waiting for expiry.
    await new Promise<void>((done) => {
      const timer = setTimeout(done, GOODBYE_TIMEOUT_MS);
      this.bonjour.unpublishAll(() => {
        clearTimeout(timer);
        done();
      });
    });
    await new Promise<void>((done) => {
      try {
        this.bonjour.destroy(() => done());
      } catch (err) {
        // dgram throws when closing a socket that never bound (UDP 5353 refused): nothing left to close.
        this.logger.debug({ err }, 'mDNS socket already closed');
        done();
      }
    });
  }
}

function toService(service: Service): DnsSdService {
  return {
    name: String(service.name),
    port: service.port,
    referer: service.referer?.address,
    addresses: Array.isArray(service.addresses) ? service.addresses : [],
    txt: service.txt,
  };
}

/**
 * multicast-dns emits `error` (EACCES, EADDRINUSE on UDP 5353) and `warning` (undecodable packets,
 * interface changes) and bonjour-service listens for neither: an unheard `error` event would end the
 * station. The emitter is private to bonjour-service, so it is reached by name and checked.
 */
function listenForSocketErrors(bonjour: Bonjour, logger: Logger): void {
  const server: unknown = Reflect.get(bonjour, 'server');
  const mdns: unknown = typeof server === 'object' && server !== null ? Reflect.get(server, 'mdns') : undefined;
  if (!(mdns instanceof EventEmitter)) {
    bonjour.destroy();
    throw new Error('bonjour-service no longer exposes its multicast socket: mDNS errors could not be caught');
  }
  mdns.on('error', (err: unknown) => logger.warn({ err }, 'mDNS socket failed: LAN discovery is off until restart'));
  mdns.on('warning', (err: unknown) => logger.debug({ err }, 'mDNS warning'));
}
