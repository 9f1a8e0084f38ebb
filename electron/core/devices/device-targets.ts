import { BlockList, isIP } from 'node:net';
import type { DevicesConfig } from './device-config.js';

/**
 * Where device bytes may go, beyond what the schema checks: the `deviceTargets` section of station.json,
 * outside `devices`, so a window that may save the devices section cannot widen its own limits.
 */
export interface DeviceTargetAllowlist {
  /** Device paths allowed besides printer and serial device nodes (exact paths). */
  paths: readonly string[];
  /** TCP printer hosts allowed besides private LAN addresses (exact host names or addresses). */
  hosts: readonly string[];
}

export interface DeviceTargetIssue {
  path: string;
  message: string;
}

/** Printer device nodes: USB printer class and parallel ports. */
const LP_DEVICE = /^\/dev\/(usb\/lp\d{1,3}|lp\d{1,3})$/;
/** Serial device nodes on Linux and macOS, and Windows COM ports. */
const SERIAL_DEVICE =
  /^(\/dev\/(tty[A-Za-z0-9._-]{1,32}|cu\.[A-Za-z0-9._-]{1,64}|serial\/by-(id|path)\/[A-Za-z0-9:._-]{1,128})|COM\d{1,3}|\\\\\.\\COM\d{1,3})$/;

/**
 * The shop's own network: RFC 1918, IPv4 and IPv6 link-local, and IPv6 unique-local addresses.
 * Loopback is left out (a printer is never the station itself; a local print proxy is allowlisted).
 */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

export function isPrivateLanAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  return family !== 0 && PRIVATE.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

function pathIssue(path: string, lpOnly: boolean, allow: DeviceTargetAllowlist): string | undefined {
  if (allow.paths.includes(path)) return undefined;
  if (LP_DEVICE.test(path) || (!lpOnly && SERIAL_DEVICE.test(path))) return undefined;
  return lpOnly
    ? `"${path}" is not a printer device (/dev/usb/lpN or /dev/lpN); another path must be listed in deviceTargets.paths in station.json`
    : `"${path}" is not a serial device (/dev/tty*, /dev/cu.*, /dev/serial/by-id/*, COMn); another path must be listed in deviceTargets.paths in station.json`;
}

/**
 * Every device target outside the allowlist: an `lp` path that is not a printer node (receipt bytes
 * would overwrite the start of any file), a serial path that is not a serial node, a TCP printer that
 * is not on the shop's private network (order data would leave the shop) unless its host is listed.
 */
export function deviceTargetIssues(devices: DevicesConfig, allow: DeviceTargetAllowlist): DeviceTargetIssue[] {
  const issues: DeviceTargetIssue[] = [];
  devices.printers.forEach((printer, i) => {
    const at = `devices.printers.${i}.transport`;
    const link = printer.transport;
    if (link.kind === 'lp' || link.kind === 'serial') {
      const message = pathIssue(link.path, link.kind === 'lp', allow);
      if (message) issues.push({ path: `${at}.path`, message });
    }
    if (link.kind === 'tcp' && !allow.hosts.includes(link.host) && !isPrivateLanAddress(link.host)) {
      issues.push({
        path: `${at}.host`,
        message: `"${link.host}" is not a private LAN address (10/8, 172.16/12, 192.168/16, link-local, fc00::/7): list the host in deviceTargets.hosts in station.json to print there`,
      });
    }
  });
  for (const [list, name] of [
    [devices.scanners, 'scanners'],
    [devices.displays, 'displays'],
  ] as const) {
    list.forEach((device, i) => {
      if (device.transport.kind !== 'serial') return;
      const message = pathIssue(device.transport.path, false, allow);
      if (message) issues.push({ path: `devices.${name}.${i}.transport.path`, message });
    });
  }
  return issues;
}
