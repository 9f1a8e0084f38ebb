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
