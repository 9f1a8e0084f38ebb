import type { CommandName, IpcError } from '../../../shared/ipc/contract.js';

/** Reads of the cashier window that stay open without a signed-in person (nothing changes). */
const OPEN_READS: ReadonlySet<CommandName> = new Set<CommandName>(['payment.status', 'payment.attempts']);

/** Commands that need someone signed in at the till when sign-in is required. */
export function needsSignIn(command: CommandName): boolean {
  if (OPEN_READS.has(command)) return false;
  return command.startsWith('order.') || command.startsWith('payment.') || command.startsWith('shift.') || command === 'drawer.open';
}

/** Commands that move cash in or out of the drawer: with sign-in required, they need an open shift. */
const CASH_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>(['order.payCash', 'order.refundCash', 'drawer.open']);

export interface TillState {
  requireSignIn(): boolean;
  isSignedIn(): boolean;
  hasOpenShift(): boolean;
  /** The signed-in person worked the till (the idle sign-out counts from here). */
  touch(): void;
}

/**
 * The till's rule, checked once for every command before its handler (not per handler): with
 * staff sign-in required, nothing is sold, paid, refunded or drawn from the drawer until someone has
 * signed in, and cash moves only inside an open shift, so every cent lands in some shift's count.
 * Without sign-in required, the till works as a station without staff (no shifts demanded).
 */
export function tillGuard(till: TillState): (command: CommandName) => IpcError | undefined {
  return (command) => {
    if (!till.requireSignIn()) return undefined;
    if (needsSignIn(command)) {
      if (!till.isSignedIn()) return { code: 'not_signed_in', message: 'Sign in with your PIN first' };
      till.touch();
    }
    if (CASH_COMMANDS.has(command) && !till.hasOpenShift()) {
      return { code: 'no_open_shift', message: 'Open a shift (count the float into the drawer) before taking or giving cash' };
    }
    return undefined;
  };
}
