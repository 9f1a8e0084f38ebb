import { isIP } from 'node:net';
import { hostname } from 'node:os';

/**
 * The Host header names a page or socket may be reached by. DNS rebinding points an attacker's name at
 * this station's address, so the browser sends that name as Host: anything not listed is refused.
 * IP literals are always fine (rebinding needs a name the attacker controls), so are the loopback
 * names, this machine's own name (with `.local` for mDNS) and the names configured in `http.allowedHosts`.
 */
export class HostAllowlist {
  private readonly names: ReadonlySet<string>;

  constructor(configured: readonly string[], machineName: string = hostname()) {
    const machine = machineName.toLowerCase();
    this.names = new Set(['localhost', machine, `${machine}.local`, ...configured.map((name) => name.toLowerCase())]);
  }

  /** Never throws: the header is raw client input. A missing Host is refused (HTTP/1.1 requires it). */
  allows(host: string | undefined): boolean {
    if (!host || host.length > 255) return false;
    const name = hostPart(host.toLowerCase());
    if (name === undefined) return false;
    return isIP(name) !== 0 || this.names.has(name) || name.endsWith('.localhost');
  }
}

/** `name`, `name:port`, `[v6]` or `[v6]:port` → the name or address alone; undefined for anything else. */
function hostPart(host: string): string | undefined {
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(host);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(host);
  return plain?.[1];
}
