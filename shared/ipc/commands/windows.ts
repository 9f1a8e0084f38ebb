import { z } from 'zod';
import { command } from '../command-spec.js';
import { Pin } from './staff.js';

/**
 * Roles a LAN device may be paired for. Not `diagnostics`: it pairs and revokes devices, so it stays
 * on the station's own machine.
 */
export const PairableRole = z.enum(['cashier', 'kitchen', 'customer']);
export type PairableRole = z.infer<typeof PairableRole>;

export const DeviceName = z.string().trim().min(1).max(40);

/** What `POST /pair` answers: the device's own token (kept in the browser's storage, never in a URL), or why not. */
export const PairAnswer = z.union([
  z.object({ token: z.string().min(16), role: PairableRole, deviceId: z.string() }).strict(),
  z.object({ error: z.string() }).strict(),
]);
export type PairAnswer = z.infer<typeof PairAnswer>;

export const PairedDeviceView = z.object({
  id: z.string(),
  name: z.string(),
  role: PairableRole,
  pairedAt: z.int(),
  /** The address it paired from, as the station saw it. */
  pairedFrom: z.string().nullable(),
  lastSeenAt: z.int().nullable(),
  /** Open connections right now. */
  connections: z.int().min(0),
});
export type PairedDeviceView = z.infer<typeof PairedDeviceView>;

export const PairingCodeView = z.object({
  code: z.string(),
  role: PairableRole,
  expiresAt: z.int(),
});
export type PairingCodeView = z.infer<typeof PairingCodeView>;

export const WindowAccessView = z.object({
  /** Window connections open now, and the cap beyond which new ones are refused (close code 4429). */
  connections: z.int().min(0),
  maxConnections: z.int().min(1),
  refusedAtCap: z.int().min(0),
  /** Pages and upgrades refused because their Host header names no allowed host (DNS rebinding). */
  refusedHosts: z.int().min(0),
  /** The LAN addresses a device opens (https), empty when the window port listens on loopback only. */
  lanUrls: z.array(z.string()),
  /** SHA-256 of the certificate LAN windows are served with, as browsers show it (AA:BB:...); null without TLS. */
  tlsFingerprint: z.string().nullable(),
  /** Codes not yet used nor expired. */
  pendingCodes: z.array(PairingCodeView),
  /** Wrong codes since the last one was issued; at the limit every pending code is withdrawn. */
  failedAttempts: z.int().min(0),
  devices: z.array(PairedDeviceView),
});
export type WindowAccessView = z.infer<typeof WindowAccessView>;

/** LAN window pairing: diagnostics shows a code, a device enters it at the station's URL. */
export const windowCommands = {
  'windows.access': command({ args: z.object({}).strict(), result: WindowAccessView, roles: ['diagnostics'] }),
  /** A single-use code for one device of `role`, valid for a few minutes. */
  'windows.pair': command({
    args: z.object({ role: PairableRole, managerPin: Pin.optional() }).strict(),
    result: PairingCodeView,
    roles: ['diagnostics'],
  }),
  /** The device's token stops working and its open windows are disconnected at once. */
  'windows.revoke': command({
    args: z.object({ deviceId: z.string().min(1).max(64), managerPin: Pin.optional() }).strict(),
    result: z.object({ revoked: z.literal(true), closedConnections: z.int().min(0) }),
    roles: ['diagnostics'],
  }),
} as const;
