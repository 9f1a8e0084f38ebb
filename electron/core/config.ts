import { existsSync, readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { OriginId } from '../../shared/events.js';
import { CurrencyCode } from '../../shared/money.js';
import { DevicesConfig, VIRTUAL_DEVICES } from './devices/device-config.js';
import { ShellConfig } from '../shell/shell-config.js';
import { deviceTargetIssues } from './devices/device-targets.js';
import { OfflineLimits } from '../../shared/payments/offline-limits.js';
import { StaffSection } from './staff/staff-config.js';
import { StationRole } from './station-role.js';

/** The central server: its token goes with every request, so plain http only to this machine itself. */
const ServerUrl = z.url({ protocol: /^https?$/, message: 'must be an https:// URL' }).refine(
  (url) => {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || isLoopbackHost(parsed.hostname);
  },
  {
    message:
      'must be https:// unless the server runs on this machine (localhost, 127.0.0.0/8, ::1): the token would cross the network in clear',
  },
);

const MESH_KEY_GONE =
  'mesh.key and mesh.storeId are gone: stations of a store now pair through the central server (`server` in station.json) and prove membership with a store-signed certificate. Remove them (README: "Store mesh").';

/** The station's config file (`station.json` in the data directory, or `--config FILE`). */
export const StationConfig = z
  .object({
    stationId: OriginId.default('station-1'),
    /** `counter` (the till, every window) or `kitchen` (kitchen and customer windows, no till); `--role` overrides it. */
    role: StationRole.default('counter'),
    storeName: z.string().min(1).max(60).default('Demo Café'),
    /**
     * What receipts print under the store's name: its address (one printed line each) and its tax id
     * (VAT number). The one place store details live on a station, until the server hands them out.
     */
    store: z
      .object({
        address: z.array(z.string().trim().min(1).max(48)).max(4).default([]),
        taxId: z.string().trim().min(1).max(40).optional(),
      })
      .strict()
      .default({ address: [] }),
    currency: CurrencyCode.default('EUR'),
    http: z
      .object({
        /** 127.0.0.1 keeps the station private; 0.0.0.0 lets a kitchen tablet on the LAN connect. */
        host: z.string().default('127.0.0.1'),
        port: z.int().min(0).max(65535).default(4318),
        /**
         * Names LAN devices reach the station by, besides IP addresses, localhost and this machine's
         * name (and name.local): a Host header naming anything else is refused (DNS rebinding).
         */
        allowedHosts: z
          .array(
            z
              .string()
              .trim()
              .toLowerCase()
              .regex(/^[a-z0-9.-]{1,253}$/),
          )
          .max(32)
          .default([]),
        /** Window connections open at once (local and LAN); the next is closed with code 4429. */
        maxConnections: z.int().min(1).max(10_000).default(64),
      })
      .default({ host: '127.0.0.1', port: 4318, allowedHosts: [], maxConnections: 64 }),
    server: z.object({ url: ServerUrl, token: z.string().min(16) }).optional(),
    sync: z.object({ intervalMs: z.int().min(250).default(5_000) }).default({ intervalMs: 5_000 }),
    storage: z
      .object({
        /** Closed, delivered orders older than this leave the station's database. */
        closedOrderRetentionDays: z.int().min(1).max(3650).default(30),
      })
      .default({ closedOrderRetentionDays: 30 }),
    /** Printers (with drawers), scanners and customer displays; virtual ones when absent. */
    devices: DevicesConfig.prefault(VIRTUAL_DEVICES),
    /**
     * Device targets allowed beyond printer/serial device nodes and private LAN printers (a test
     * file, a print proxy on this machine). Outside `devices`, so saving devices from a window cannot
     * widen it.
     */
    deviceTargets: z
      .object({
        paths: z.array(z.string().min(1).max(256)).max(32).default([]),
        hosts: z.array(z.string().min(1).max(253)).max(32).default([]),
      })
      .strict()
      .default({ paths: [], hosts: [] }),
    /** Card payments: only the SIMULATED terminal exists so far (no card, no money moves). */
    payments: z
      .object({
        terminal: z
          .object({
            kind: z.literal('simulated'),
            /** What the simulated terminal answers when nothing is scripted. */
            outcome: z.enum(['approve', 'decline']).default('approve'),
          })
          .strict()
          .default({ kind: 'simulated', outcome: 'approve' }),
        /** Store and forward while the card gateway is down: the risk the store takes (README: offline card payments). */
        offline: OfflineLimits.prefault({}),
      })
      .strict()
      .prefault({}),
    /** Path of a JSON catalog (array of items); the demo catalog when absent. */
    catalogFile: z.string().optional(),
    /**
     * Other stations of this store to replicate with over the LAN: the `Peer endpoint:` URL `npm start`
     * prints for them (`wss://host:port/peer`; http(s)/ws(s) forms mean the same). A listed peer is
     * always dialled, once this station is paired; listing peers turns the mesh on.
     */
    peers: z
      .array(z.object({ url: z.url({ protocol: /^(https?|wss?)$/ }) }).strict())
      .max(32)
      .default([]),
    /**
     * The store mesh's peer endpoint (TLS, its own port). Trust comes from pairing through the central
     * server, not from a shared secret: the `key` and `storeId` of older versions are refused.
     */
    mesh: z
      .object({
        /** Where the peer endpoint listens; the window server's host when absent. */
        host: z.string().optional(),
        /** 0 picks a free port (read it from the printed `Peer endpoint:` line). */
        port: z.int().min(0).max(65535).default(4320),
        key: z.never({ error: MESH_KEY_GONE }).optional(),
        storeId: z.never({ error: MESH_KEY_GONE }).optional(),
      })
      .strict()
      .optional(),
    /**
     * Finding the store's other stations on the LAN. `mdns` (DNS-SD on UDP 5353: this station is
     * announced and the others of its store are dialled) is on by default when `mesh` is configured.
     */
    discovery: z.object({ mdns: z.boolean().optional() }).strict().default({}),
    /**
     * People who sign in at the till with a PIN (hashes from `hashPin`), `{ "demo": true }`, or sign-in
     * off in so many words; a counter station refuses to start without one of them (staff-choice.ts).
     */
    staff: StaffSection.optional(),
    /** The Electron shell: kiosk / full-screen windows, start at login, auto-update. */
    shell: ShellConfig.prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const issue of deviceTargetIssues(config.devices, config.deviceTargets)) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.') });
    }
  })
  .refine((config) => config.discovery.mdns !== true || config.mesh !== undefined || config.peers.length > 0, {
    message: 'mDNS discovery finds peers of the store mesh: it needs the mesh on (`mesh` or `peers`)',
    path: ['discovery', 'mdns'],
  });
export type StationConfig = z.output<typeof StationConfig>;
export type StationConfigInput = z.input<typeof StationConfig>;

/** The store as its paper names it: the one place receipts, slips and reports read it from. */
export function storeHeader(config: Pick<StationConfig, 'storeName' | 'store'>): { name: string; addressLines: string[]; taxId?: string } {
  return {
    name: config.storeName,
    addressLines: config.store.address,
    ...(config.store.taxId !== undefined ? { taxId: config.store.taxId } : {}),
  };
}

/** Whether this station announces itself and looks for its store's stations by mDNS: on with the mesh unless turned off. */
export function mdnsDiscoveryOn(config: Pick<StationConfig, 'discovery' | 'mesh' | 'peers'>): boolean {
  return (config.mesh !== undefined || config.peers.length > 0) && (config.discovery.mdns ?? true);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseStationConfig(input: unknown, source: string): StationConfig {
  const parsed = StationConfig.safeParse(input);
  if (!parsed.success) throw new ConfigError(`Invalid station config in ${source}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Per-user data directory, outside the repository: XDG on Linux, Application Support on macOS. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.POS_DATA_DIR) return env.POS_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'pos-station');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'pos-station');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'pos-station');
}

export interface ConfigSources {
  dataDir: string;
  /** Explicit --config path; otherwise `station.json` in the data directory, if present. */
  configPath?: string;
  /** Values the launcher decides (embedded server URL and token, port flags). */
  overrides?: Partial<StationConfigInput>;
}

/** Reads the station config from its file (if any), then applies the launcher's overrides. */
export function loadStationConfig({ dataDir, configPath, overrides }: ConfigSources): StationConfig {
  const path = configPath ?? join(dataDir, 'station.json');
  const fromFile = configPath || existsSync(path) ? readJsonFile(path) : {};
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new ConfigError(`${path} must contain a JSON object`);
  }
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    // The file wins over launcher defaults for the server: a configured central server is never replaced.
    if (key === 'server' && merged.server) continue;
    merged[key] = value;
  }
  return parseStationConfig(merged, configPath ?? path);
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || (isIPv4(hostname) && hostname.startsWith('127.'));
}
