import { isIPv6 } from 'node:net';
import type { WindowRole } from '../../../shared/ipc/contract.js';

/**
 * The identity wrong PINs are counted against: the credential a window authenticated with (its role's
 * token) and the network address it came from, so a LAN device holding the cashier token and guessing
 * PINs pauses itself, not the till's own window. IPv6 addresses count per /64: a host picks any
 * address in its prefix at will.
 */
export function clientKey(role: WindowRole, remoteAddress: string | undefined, transport: 'ws' | 'local' = 'ws'): string {
  return `${transport}:${role}@${addressKey(remoteAddress)}`;
}

function addressKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  if (address === '::1') return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const zeros = address.includes('::') ? Array<string>(8 - left.length - right.length).fill('0') : [];
  return [...left, ...zeros, ...right].map((part) => part.toLowerCase().replace(/^0+(?=.)/, ''));
}
