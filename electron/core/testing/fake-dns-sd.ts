import type { DnsSd, DnsSdAdvert, DnsSdBrowseEvents, DnsSdService } from '../mesh/discovery/dns-sd.js';

interface Node {
  address: string;
  browsers: { type: string; events: DnsSdBrowseEvents; seen: Set<string> }[];
  adverts: DnsSdAdvert[];
  closed: boolean;
}

/**
 * An in-memory LAN for DNS-SD: every node hears every announcement (its own too, as on a real LAN),
 * goodbyes when a node closes, and raw services a test injects (what a hostile host could send).
 */
export class FakeLan {
  private readonly nodes: Node[] = [];

  /** A station's DNS-SD layer on this LAN; its announcements come from `address`. */
  node(address = '127.0.0.1'): DnsSd {
    const node: Node = { address, browsers: [], adverts: [], closed: false };
    this.nodes.push(node);
    return {
      advertise: (advert) => {
        node.adverts.push(advert);
        this.deliver();
      },
      browse: (type, events) => {
        node.browsers.push({ type, events, seen: new Set() });
        this.deliver();
      },
      requery: () => this.deliver(),
      close: async () => {
        if (node.closed) return;
        node.closed = true;
        for (const advert of node.adverts.splice(0))
          this.each(advert.type, (b) => b.seen.delete(advert.name) && b.events.down(service(node, advert)));
      },
    };
  }

  /** Makes every live browser of `type` hear a service as given, however malformed. */
  inject(type: string, raw: DnsSdService): void {
    this.each(type, (b) => b.events.up(raw));
  }

  /** Says goodbye for an injected service. */
  goodbye(type: string, raw: DnsSdService): void {
    this.each(type, (b) => b.events.down(raw));
  }

  private deliver(): void {
    for (const from of this.nodes) {
      if (from.closed) continue;
      for (const advert of from.adverts) {
        this.each(advert.type, (b) => {
          if (b.seen.has(advert.name)) return;
          b.seen.add(advert.name);
          b.events.up(service(from, advert));
        });
      }
    }
  }

  private each(type: string, visit: (browser: Node['browsers'][number]) => unknown): void {
    for (const node of this.nodes) if (!node.closed) for (const browser of node.browsers) if (browser.type === type) visit(browser);
  }
}

function service(node: Node, advert: DnsSdAdvert): DnsSdService {
  return { name: advert.name, port: advert.port, referer: node.address, addresses: [node.address], txt: { ...advert.txt } };
}
