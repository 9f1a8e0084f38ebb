import type { CommandName } from '../../../shared/ipc/contract.js';
import type { CommandHandlers } from '../ipc/handlers.js';
import type { WindowAccess } from './window-access.js';

export type WindowAccessCommand = Extract<CommandName, `windows.${string}`>;

/** What the handlers read of the window transport and the window port; both exist once the station is up. */
export interface WindowPortState {
  connections(): number;
  maxConnections: number;
  refusedAtCap(): number;
  refusedHosts(): number;
  deviceConnections(deviceId: string): number;
  closeDevice(deviceId: string): number;
  lanUrls(): string[];
  /** AA:BB:… form of the SHA-256 of the LAN certificate. */
  tlsFingerprint: string;
}

export function createWindowAccessHandlers(access: WindowAccess, port: WindowPortState): Pick<CommandHandlers, WindowAccessCommand> {
  return {
    'windows.access': () => ({
      ok: true,
      value: {
        connections: port.connections(),
        maxConnections: port.maxConnections,
        refusedAtCap: port.refusedAtCap(),
        refusedHosts: port.refusedHosts(),
        lanUrls: port.lanUrls(),
        tlsFingerprint: port.tlsFingerprint,
        ...access.codes.view(),
        devices: access.devices.list().map((device) => ({ ...device, connections: port.deviceConnections(device.id) })),
      },
    }),
    'windows.pair': ({ role }) => {
      const code = access.issueCode(role);
      return code
        ? { ok: true, value: code }
        : { ok: false, error: { code: 'bad_request', message: `This station serves no ${role} window` } };
    },
    'windows.revoke': ({ deviceId }) => {
      // Closed whether or not the row was still live: a second click must not leave a window open.
      const revoked = access.revoke(deviceId);
      const closedConnections = port.closeDevice(deviceId);
      return revoked
        ? { ok: true, value: { revoked: true, closedConnections } }
        : { ok: false, error: { code: 'not_found', message: 'No such paired device (already revoked?)' } };
    },
  };
}

/** SHA-256 hex → the colon-separated upper-case form browsers show in their certificate viewers. */
export function displayFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{2}/g) ?? []).join(':');
}
