import type { Clock } from '../../../shared/clock.js';
import type { PairableRole, PairingCodeView } from '../../../shared/ipc/commands/windows.js';
import type { WindowRole } from '../../../shared/ipc/contract.js';
import type { Logger } from '../../../shared/logger.js';
import type { Db } from '../db/open-database.js';
import type { TokenRegistry } from '../ipc/tokens.js';
import { DeviceRegistry, type PairedDevice } from './device-registry.js';
import { DEFAULT_PAIRING_LIMITS, PairingCodes, type PairingCodeLimits } from './pairing-codes.js';

/** Who a window connection turned out to be. */
export type WindowIdentity = { kind: 'local'; role: WindowRole } | { kind: 'device'; role: PairableRole; device: PairedDevice };

export type PairResult =
  { ok: true; role: PairableRole; token: string; deviceId: string } | { ok: false; reason: 'invalid' | 'locked' | 'not_served' };

/**
 * Who may open a window, and how. A window on this machine (loopback) uses the station's per-role
 * token, as the Electron shell and `npm start` print it; a LAN device must pair with a code shown at
 * the counter and then uses a token of its own, revocable one by one. The role tokens are refused
 * from any other address, so one leaked URL does not open the till to the LAN.
 */
export class WindowAccess {
  readonly devices: DeviceRegistry;
  readonly codes: PairingCodes;

  constructor(
    db: Db,
    clock: Clock,
    private readonly localTokens: TokenRegistry,
    /** The windows this station serves: a code for another role is not issued. */
    private readonly served: readonly WindowRole[],
    private readonly logger: Logger,
    limits: PairingCodeLimits = DEFAULT_PAIRING_LIMITS,
  ) {
    this.devices = new DeviceRegistry(db, clock);
    this.codes = new PairingCodes(clock, limits);
  }

  authenticate(token: string, local: boolean): WindowIdentity | undefined {
    const role = this.localTokens.roleFor(token);
    if (role) {
      if (local) return { kind: 'local', role };
      this.logger.warn({ role }, "a window's local token was presented from the LAN: refused (LAN windows pair)");
      return undefined;
    }
    const device = this.devices.find(token);
    if (!device || !this.served.includes(device.role)) return undefined;
    this.devices.seen(device);
    return { kind: 'device', role: device.role, device };
  }

  issueCode(role: PairableRole): PairingCodeView | undefined {
    if (!this.served.includes(role)) return undefined;
    const code = this.codes.issue(role);
    this.logger.info({ role, expiresAt: code.expiresAt }, 'window pairing code issued');
    return code;
  }

  pair(code: string, name: string, address: string | null): PairResult {
    const redeemed = this.codes.redeem(code);
    if (!redeemed.ok) {
      this.logger.warn({ address, reason: redeemed.reason }, 'window pairing refused');
      return redeemed;
    }
    if (!this.served.includes(redeemed.role)) return { ok: false, reason: 'not_served' };
    const { device, token } = this.devices.add(redeemed.role, name, address);
    this.logger.info({ deviceId: device.id, role: device.role, address }, 'window device paired');
    return { ok: true, role: device.role, token, deviceId: device.id };
  }

  /** The token stops working here; closing the device's open windows is the transport's part. */
  revoke(deviceId: string): boolean {
    if (!this.devices.revoke(deviceId)) return false;
    this.logger.info({ deviceId }, 'window device revoked');
    return true;
  }
}
