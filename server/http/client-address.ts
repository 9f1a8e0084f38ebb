import { BlockList, isIP } from 'node:net';

/**
 * The client's address for rate limiting. Behind a reverse proxy every request comes from the
 * proxy, so when the peer is one of the trusted proxies the `X-Forwarded-For` chain is read from
 * the right, skipping trusted hops: the first address no trusted proxy vouches for is the client.
 * A client cannot forge its way out: anything it writes sits to the left of what the proxy appended.
 */
export class ClientAddress {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  /** `proxies`: addresses or CIDR networks (`10.0.0.0/8`, `::1`); empty trusts nobody. */
  constructor(proxies: readonly string[] = []) {
    for (const entry of proxies) {
      const [network = '', prefixText] = entry.split('/');
      const family = isIP(network);
      const bits = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? bits : Number(prefixText);
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
        throw new Error(`trusted proxy "${entry}" is not an IPv4 or IPv6 address or network`);
      }
      this.trusted.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    this.any = proxies.length > 0;
  }

  of(peer: string | undefined, forwardedFor: string | string[] | undefined): string | undefined {
    if (!this.any || peer === undefined || !this.isTrusted(peer)) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      if (isIP(hop) === 0) return client; // garbage in the chain: stop at the last address vouched for
      client = hop;
      if (!this.isTrusted(hop)) return client;
    }
    return client;
  }

  private isTrusted(address: string): boolean {
    return this.trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
}
