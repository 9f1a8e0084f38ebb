import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Resolves a host name to every address it has (`dns.lookup` with `all`). */
export type ResolveAll = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export interface TargetPolicyOptions {
  /** Ports a webhook may name on public addresses; default 80, 443 and 8443. */
  ports?: readonly number[];
  /**
   * Networks (CIDR, e.g. `127.0.0.0/8`, `10.20.0.0/16`) a webhook may reach although they are
   * loopback or private, on any port: receivers in tests or on the premises. Empty by default.
   */
  allowNetworks?: readonly string[];
  /** Name resolution (tests resolve made-up names); the system resolver by default. */
  resolve?: ResolveAll;
}

/** A delivery target whose address was checked; the connection must go to exactly this address. */
export interface PinnedTarget {
  url: URL;
  /** The host name or literal, without IPv6 brackets: the Host header and TLS server name. */
  host: string;
  port: number;
  address: string;
  family: 4 | 6;
}

const DEFAULT_PORTS: readonly number[] = [80, 443, 8443];

/** Addresses a webhook must never reach: this host, the LAN, link-local metadata services, multicast, reserved. */
const FORBIDDEN_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const FORBIDDEN_V6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo included
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds any IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

/**
 * Where webhooks may go. Registration checks what the URL alone shows; delivery resolves the name,
 * checks every address it has, and hands back one checked address to connect to, so a name that
 * resolves somewhere else a moment later (DNS rebinding) changes nothing.
 */
export class TargetPolicy {
  private readonly forbidden = new BlockList();
  private readonly allowed = new BlockList();
  private readonly ports: ReadonlySet<number>;
  private readonly hasAllowedNetworks: boolean;
  private readonly resolveAll: ResolveAll;

  constructor(options: TargetPolicyOptions = {}) {
    for (const [network, prefix] of FORBIDDEN_V4) this.forbidden.addSubnet(network, prefix, 'ipv4');
    for (const [network, prefix] of FORBIDDEN_V6) this.forbidden.addSubnet(network, prefix, 'ipv6');
    for (const cidr of options.allowNetworks ?? []) {
      const [network = '', prefixText] = cidr.split('/');
      const family = isIP(network);
      const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new Error(`webhook allowNetworks: "${cidr}" is not an IPv4 or IPv6 network in CIDR form`);
      }
      this.allowed.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    this.hasAllowedNetworks = (options.allowNetworks ?? []).length > 0;
    this.ports = new Set(options.ports ?? DEFAULT_PORTS);
    this.resolveAll = options.resolve ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }));
  }

  /** What can be refused from the URL alone, at registration; undefined when it may be registered. */
  refusal(url: string): string | undefined {
    const parsed = parseTarget(url);
    if (typeof parsed === 'string') return parsed;
    const { host, port } = parsed;
    if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback targets are not allowed';
    if (isIP(host) !== 0) return this.addressRefusal(host, port);
    // A name's addresses are only known at delivery; without allowed networks an odd port is refused now.
    if (!this.hasAllowedNetworks && !this.ports.has(port)) return this.portRefusal(port);
    return undefined;
  }

  /** Resolves the target and checks every address it has; the first one is the one to connect to. */
  async pin(url: string): Promise<{ ok: true; target: PinnedTarget } | { ok: false; error: string }> {
    const parsed = parseTarget(url);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    let addresses: readonly { address: string; family: number }[];
    try {
      addresses = isIP(parsed.host) !== 0 ? [{ address: parsed.host, family: isIP(parsed.host) }] : await this.resolveAll(parsed.host);
    } catch (error) {
      return { ok: false, error: `cannot resolve ${parsed.host}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
    if (addresses.length === 0) return { ok: false, error: `cannot resolve ${parsed.host}: no address` };
    // Every address, not just the first: a name with one public and one private address is refused.
    for (const { address } of addresses) {
      const refusal = this.addressRefusal(address, parsed.port);
      if (refusal) return { ok: false, error: `${parsed.host} resolves to ${address}: ${refusal}` };
    }
    const first = addresses[0];
    if (first === undefined) return { ok: false, error: `cannot resolve ${parsed.host}: no address` };
    return { ok: true, target: { ...parsed, address: first.address, family: isIP(first.address) === 6 ? 6 : 4 } };
  }

  private addressRefusal(address: string, port: number): string | undefined {
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const v4 = family === 'ipv6' ? embeddedIPv4(address) : address;
    if (this.allowed.check(address, family) || (v4 !== undefined && this.allowed.check(v4, 'ipv4'))) return undefined;
    if (this.forbidden.check(address, family) || (v4 !== undefined && this.forbidden.check(v4, 'ipv4'))) {
      return 'private, loopback, link-local, multicast and reserved addresses are not allowed';
    }
    return this.ports.has(port) ? undefined : this.portRefusal(port);
  }

  private portRefusal(port: number): string {
    return `port ${port} is not allowed (allowed: ${[...this.ports].join(', ')})`;
  }
}

function parseTarget(url: string): { url: URL; host: string; port: number } | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'only http and https endpoints are allowed';
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '') return 'the URL has no host';
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  return { url: parsed, host, port };
}

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) IPv6 address. */
function embeddedIPv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d{1,3}(?:\.\d{1,3}){3})|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (match === null) return undefined;
  if (match[1] !== undefined) return match[1];
  const high = Number.parseInt(match[2] ?? '0', 16);
  const low = Number.parseInt(match[3] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}
