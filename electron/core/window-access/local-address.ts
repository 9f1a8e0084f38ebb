import { isIP } from 'node:net';

/**
 * Whether a connection comes from this machine: 127.0.0.0/8, ::1, or either as an IPv4-mapped IPv6
 * address. Undefined (a socket already gone) is not local.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/** The two ends of a TCP connection, as a socket names them. */
export interface ConnectionEnds {
  remoteAddress?: string | undefined;
  localAddress?: string | undefined;
}

/**
 * Whether a connection comes from this machine: from loopback, or to one of its own addresses from
 * that same address (a window opened at the LAN address the port is bound to). TCP's handshake means
 * another host cannot present this machine's address as its own.
 */
export function fromThisMachine(ends: ConnectionEnds, loopback: (address: string | undefined) => boolean = isLoopbackAddress): boolean {
  return loopback(ends.remoteAddress) || (ends.remoteAddress !== undefined && ends.remoteAddress === ends.localAddress);
}
