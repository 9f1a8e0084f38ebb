import { z } from 'zod';
import type { CommandName, IpcError, WindowRole } from '../../shared/ipc/contract.js';

/**
 * What a station is for. `counter`: the till with every window. `kitchen`: the kitchen PC, a full
 * station (its own store, sync, devices) that shows tickets and the customer display but takes no money.
 */
export const StationRole = z.enum(['counter', 'kitchen']);
export type StationRole = z.infer<typeof StationRole>;

/**
 * The windows a station serves, in the order they open. Only these get a token, so a kitchen PC
 * never hands out the cashier's. Diagnostics stays on both: a kitchen PC has its own printer and
 * bump bar to test, its own sync to watch and its own logs to read.
 */
export const STATION_WINDOWS: Readonly<Record<StationRole, readonly WindowRole[]>> = {
  counter: ['cashier', 'kitchen', 'customer', 'diagnostics'],
  kitchen: ['kitchen', 'customer', 'diagnostics'],
};

/**
 * Refuses a command from a window this station does not serve. Tokens already keep such windows
 * out; this also covers a transport that names the role itself (Electron IPC), so a stray cashier
 * window on a kitchen PC still cannot take a payment.
 */
export function stationRoleGuard(role: StationRole): (command: CommandName, window: WindowRole) => IpcError | undefined {
  const served = STATION_WINDOWS[role];
  return (command, window) => {
    if (served.includes(window)) return undefined;
    return {
      code: 'forbidden',
      message: `This is a ${role} station: it has no ${window} window, so ${command} is not taken here${role === 'kitchen' ? '; use a counter station' : ''}`,
    };
  };
}

/** The windows opened when the station starts: every served one but diagnostics, which a person opens when needed. */
export function startupWindows(windows: readonly WindowRole[]): WindowRole[] {
  return windows.filter((window) => window !== 'diagnostics');
}
